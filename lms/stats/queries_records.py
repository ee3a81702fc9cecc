"""Training-record figures (Ausbildungsnachweis): weeks reviewed within a month, time to review.

Reads the records projection ``record_week_status`` alone: it keeps the apprentice, the reviewer
and the review delay in whole seconds (``review_seconds``) beside ``reviewed_at``, so each figure
is one range scan of its covering index. "Within a month" means reviewed at most 31 days after
the (last) submission. While the records tables are not migrated yet, the functions answer None and
the dashboard leaves the columns out (it never guesses figures).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import distinct, func, inspect, select

from lms.auth.models import User
from lms.db import db, read_columns, read_plain_rows
from lms.records.models import TrainingRecordWeek, TrainingRecordWeekStatus
from lms.stats import filters
from lms.stats.filters import StatsFilter
from lms.stats.sql import aggregate_in_database, median, median_of, trainer_groups_params, trainer_groups_table

DAY_SECONDS = 86_400
MONTH_SECONDS = 31 * DAY_SECONDS
_TABLES_PRESENT: dict[str, bool] = {}


def records_available() -> bool:
    """Whether the records tables exist in this database (looked up once per database)."""
    engine = db.engine
    key = str(engine.url) if engine is not None else ""
    if key not in _TABLES_PRESENT:
        names = set(inspect(db.session.connection()).get_table_names())
        _TABLES_PRESENT[key] = {TrainingRecordWeek.__tablename__, TrainingRecordWeekStatus.__tablename__} <= names
    return _TABLES_PRESENT[key]


def weeks_reviewed_in_time(flt: StatsFilter) -> dict[int, tuple[int, int]] | None:
    """company → (record weeks reviewed within a month of submission, apprentices behind them).

    Counted per apprentice — by PostgreSQL in one grouped range scan of the covering index, on
    SQLite in Python from the rows the trainer medians read anyway (:func:`_reviews`) — then summed
    per company for the apprentices in the filter.
    """
    if not records_available():
        return None
    if aggregate_in_database():
        status = TrainingRecordWeekStatus
        query = select(status.apprentice_id, func.count()).where(
            flt.in_period(status.reviewed_at), status.review_seconds <= MONTH_SECONDS
        )
        if flt.narrow:
            query = query.where(status.apprentice_id.in_(filters.apprentices(flt).with_only_columns(User.id)))
        per_apprentice = read_columns(query.group_by(status.apprentice_id), {}).all()
    else:
        per_apprentice = Counter(a for a, _reviewer, seconds in _reviews(flt) if seconds <= MONTH_SECONDS).items()
    in_filter = filters.apprentices_in(flt)
    weeks: Counter[int] = Counter()
    people: Counter[int] = Counter()
    for apprentice, n in per_apprentice:
        facts = in_filter.get(apprentice)
        if facts is not None:
            weeks[facts.company_id] += n
            people[facts.company_id] += 1
    return {company: (n, people[company]) for company, n in weeks.items()}


def _reviews(flt: StatsFilter) -> list[tuple[int, int, int]]:
    """(apprentice, reviewer, seconds to review) of the weeks reviewed in the period, as plain
    driver rows from one range scan of the covering index, read once per dashboard build. The
    apprentice condition is left to the callers (a set lookup in Python costs less than probing it
    in the scan), except for a narrow filter, where it also goes into the SQL."""

    def load() -> list[tuple[int, int, int]]:
        status = TrainingRecordWeekStatus
        query = select(status.apprentice_id, status.reviewer_id, status.review_seconds).where(
            flt.in_period(status.reviewed_at), status.review_seconds.is_not(None)
        )
        if flt.narrow:
            query = query.where(status.apprentice_id.in_(filters.apprentices(flt).with_only_columns(User.id)))
        return read_plain_rows(query, {})

    return filters.shared_read(("reviews", flt), load)


def review_medians(flt: StatsFilter, groups: dict[int, int]) -> dict[int, tuple[float | None, int]] | None:
    """group → (median seconds from submission to review, reviewers behind it), for the weeks of
    apprentices in the filter reviewed in the period by the trainers in ``groups`` (trainer →
    group). PostgreSQL computes the medians itself; on SQLite the delays are merged in Python.
    """
    if not records_available():
        return None
    if not groups:
        return {}
    if aggregate_in_database():
        return _medians_by_percentile(flt, groups)
    return _medians_in_python(flt, groups)


def _medians_by_percentile(flt: StatsFilter, groups: dict[int, int]) -> dict[int, tuple[float | None, int]]:
    """PostgreSQL: ``percentile_cont`` per group, trainers mapped to groups in SQL."""
    status = TrainingRecordWeekStatus
    group_of = trainer_groups_table()
    query = (
        select(group_of.c.grp, median_of(status.review_seconds), func.count(distinct(status.reviewer_id)))
        .join(group_of, group_of.c.reviewer_id == status.reviewer_id)
        .where(
            flt.in_period(status.reviewed_at),
            status.review_seconds.is_not(None),
            status.apprentice_id.in_(filters.apprentices(flt).with_only_columns(User.id)),
        )
        .group_by(group_of.c.grp)
    )
    rows = read_columns(query, trainer_groups_params(groups)).all()
    return {index: (float(value), people) for index, value, people in rows}


def _medians_in_python(flt: StatsFilter, groups: dict[int, int]) -> dict[int, tuple[float | None, int]]:
    """SQLite (no median aggregate): the delays of :func:`_reviews` merged per group. Cheaper there
    than ranking them with window functions in SQL (3× slower at 300k statements)."""
    apprentices = filters.apprentices_in(flt)
    per_reviewer: dict[int, list[int]] = defaultdict(list)
    for apprentice, reviewer, seconds in _reviews(flt):
        if apprentice in apprentices:
            per_reviewer[reviewer].append(seconds)
    merged: dict[int, list[int]] = defaultdict(list)
    people: Counter[int] = Counter()
    for reviewer, delays in per_reviewer.items():
        if reviewer in groups:
            merged[groups[reviewer]].extend(delays)
            people[groups[reviewer]] += 1
    return {index: (median(delays), people[index]) for index, delays in merged.items()}
