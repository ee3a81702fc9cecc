"""Training-record figures (Ausbildungsnachweis): weeks reviewed within a month, time to review.

Reads the records projection ``record_week_status`` alone: it keeps the apprentice, the reviewer
and the review delay in whole seconds (``review_seconds``) beside ``reviewed_at``, so each figure
is one range scan of its covering index. "Within a month" means reviewed at most 31 days after
the (last) submission. While the records tables are not migrated yet, the functions answer None and
the dashboard leaves the columns out (it never guesses figures).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import Integer, bindparam, case, column, distinct, func, inspect, select
from sqlalchemy.dialects.postgresql import ARRAY

from lms.auth.models import User
from lms.db import db, read_columns
from lms.records.models import TrainingRecordWeek, TrainingRecordWeekStatus
from lms.stats import filters
from lms.stats.filters import StatsFilter
from lms.stats.sql import median_of, medians_in_database

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

    Counted per apprentice in SQL (one range scan of the covering index, no joins), then summed
    per company for the apprentices in the filter (in the SQL too for a narrow filter).
    """
    if not records_available():
        return None
    status = TrainingRecordWeekStatus
    query = select(status.apprentice_id, func.count()).where(
        flt.in_period(status.reviewed_at), status.review_seconds <= MONTH_SECONDS
    )
    if flt.narrow:
        query = query.where(status.apprentice_id.in_(filters.apprentices(flt).with_only_columns(User.id)))
    per_apprentice = read_columns(query.group_by(status.apprentice_id), {}).all()
    company_of = dict(db.session.execute(filters.apprentices(flt).with_only_columns(User.id, User.company_id)).all())
    weeks: Counter[int] = Counter()
    people: Counter[int] = Counter()
    for apprentice, n in per_apprentice:
        company = company_of.get(apprentice)
        if company is not None:
            weeks[company] += n
            people[company] += 1
    return {company: (n, people[company]) for company, n in weeks.items()}


def review_medians(flt: StatsFilter, groups: dict[int, int]) -> dict[int, tuple[float | None, int]] | None:
    """group → (median seconds from submission to review, reviewers behind it), for the weeks of
    apprentices in the filter reviewed in the period by the trainers in ``groups`` (trainer →
    group). The database computes the medians; no single delay travels to Python.
    """
    if not records_available():
        return None
    if not groups:
        return {}
    if medians_in_database():
        return _medians_by_percentile(flt, groups)
    return _medians_by_rank(flt, groups)


def _reviews_in_filter(flt: StatsFilter):
    """The conditions on ``record_week_status`` shared by both median paths."""
    status = TrainingRecordWeekStatus
    return (
        flt.in_period(status.reviewed_at),
        status.review_seconds.is_not(None),
        status.apprentice_id.in_(filters.apprentices(flt).with_only_columns(User.id)),
    )


def _medians_by_percentile(flt: StatsFilter, groups: dict[int, int]) -> dict[int, tuple[float | None, int]]:
    """PostgreSQL: ``percentile_cont`` per group over a join with trainer → group, passed as two
    arrays and unnested (a ``VALUES`` list of 400 pairs took ~20 ms to compile on every request,
    and a ``CASE`` over ``IN`` lists is evaluated linearly there and took seconds)."""
    status = TrainingRecordWeekStatus
    group_of = (
        func.unnest(bindparam("trainers", type_=ARRAY(Integer)), bindparam("groups", type_=ARRAY(Integer)))
        .table_valued(column("reviewer_id", Integer), column("grp", Integer))
        .render_derived("trainer_group")
    )
    query = (
        select(group_of.c.grp, median_of(status.review_seconds), func.count(distinct(status.reviewer_id)))
        .join(group_of, group_of.c.reviewer_id == status.reviewer_id)
        .where(*_reviews_in_filter(flt))
        .group_by(group_of.c.grp)
    )
    rows = read_columns(query, {"trainers": list(groups), "groups": list(groups.values())}).all()
    return {index: (float(value), people) for index, value, people in rows}


def _medians_by_rank(flt: StatsFilter, groups: dict[int, int]) -> dict[int, tuple[float | None, int]]:
    """SQLite (no median aggregate): rank the delays per group with window functions and average
    the middle one or two. The trainer → group mapping is a ``CASE`` over ``IN`` lists, which
    SQLite looks up in a temporary index built once per statement."""
    status = TrainingRecordWeekStatus
    members: dict[int, list[int]] = defaultdict(list)
    for trainer, index in groups.items():
        members[index].append(trainer)
    grp = case(*[(status.reviewer_id.in_(ids), index) for index, ids in sorted(members.items())], else_=None)
    delays = (
        select(grp.label("grp"), status.reviewer_id.label("reviewer"), status.review_seconds.label("delay"))
        .where(*_reviews_in_filter(flt), grp.is_not(None))
        .cte("delays")
    )
    ranked = select(
        delays.c.grp,
        delays.c.delay,
        func.row_number().over(partition_by=delays.c.grp, order_by=delays.c.delay).label("rank"),
        func.count().over(partition_by=delays.c.grp).label("n"),
    ).subquery()
    middle = ranked.c.rank.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2])  # integer division
    medians = read_columns(select(ranked.c.grp, func.avg(ranked.c.delay)).where(middle).group_by(ranked.c.grp), {})
    people = dict(
        read_columns(select(delays.c.grp, func.count(distinct(delays.c.reviewer))).group_by(delays.c.grp), {}).all()
    )
    return {index: (float(value), people.get(index, 0)) for index, value in medians}
