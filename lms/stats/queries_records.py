"""Training-record figures (Ausbildungsnachweis): weeks reviewed within a month, time to review.

Reads the records projection ``record_week_status`` (submitted_at, reviewed_at, reviewer) joined to
``record_week`` for the apprentice. "Within a month" means reviewed at most 31 days after the
(last) submission. While the records tables are not migrated yet, the functions answer None and
the dashboard leaves the columns out (it never guesses figures).
"""

from __future__ import annotations

from sqlalchemy import distinct, func, inspect, select

from lms.auth.models import User
from lms.db import db
from lms.records.models import TrainingRecordWeek, TrainingRecordWeekStatus
from lms.stats import filters
from lms.stats.filters import StatsFilter
from lms.stats.sql import days_between

MONTH_DAYS = 31
_TABLES_PRESENT: dict[str, bool] = {}


def records_available() -> bool:
    """Whether the records tables exist in this database (looked up once per database)."""
    engine = db.engine
    key = str(engine.url) if engine is not None else ""
    if key not in _TABLES_PRESENT:
        names = set(inspect(db.session.connection()).get_table_names())
        _TABLES_PRESENT[key] = {TrainingRecordWeek.__tablename__, TrainingRecordWeekStatus.__tablename__} <= names
    return _TABLES_PRESENT[key]


def _reviewed(flt: StatsFilter):
    """Weeks of apprentices in the filter reviewed in the period, with their review delay in days."""
    return (
        select(TrainingRecordWeek.apprentice_id, days_between(TrainingRecordWeekStatus.reviewed_at,
                                                              TrainingRecordWeekStatus.submitted_at).label("days"))
        .join(TrainingRecordWeekStatus, TrainingRecordWeekStatus.week_public_id == TrainingRecordWeek.public_id)
        .where(
            TrainingRecordWeek.apprentice_id.in_(filters.apprentices(flt).with_only_columns(User.id)),
            flt.in_period(TrainingRecordWeekStatus.reviewed_at),
            TrainingRecordWeekStatus.submitted_at.is_not(None),
        )
    )  # fmt: skip


def weeks_reviewed_in_time(flt: StatsFilter) -> dict[int, tuple[int, int]] | None:
    """company → (record weeks reviewed within a month of submission, apprentices behind them)."""
    if not records_available():
        return None
    reviewed = _reviewed(flt).subquery()
    rows = db.session.execute(
        select(User.company_id, func.count(), func.count(distinct(reviewed.c.apprentice_id)))
        .join(User, User.id == reviewed.c.apprentice_id)
        .where(reviewed.c.days <= MONTH_DAYS)
        .group_by(User.company_id)
    ).all()
    return {company_id: (n, people) for company_id, n, people in rows}


def review_days_by_trainer(flt: StatsFilter) -> list[tuple[int, float]] | None:
    """(reviewing trainer id, days from submission to review) of weeks reviewed in the period."""
    if not records_available():
        return None
    rows = db.session.execute(
        select(User.id, days_between(TrainingRecordWeekStatus.reviewed_at, TrainingRecordWeekStatus.submitted_at))
        .join(User, User.public_id == TrainingRecordWeekStatus.reviewer_public_id)
        .join(TrainingRecordWeek, TrainingRecordWeek.public_id == TrainingRecordWeekStatus.week_public_id)
        .where(
            *filters.staff_conditions(flt),  # on the joined reviewer (see staff_conditions)
            TrainingRecordWeek.apprentice_id.in_(filters.apprentices(flt).with_only_columns(User.id)),
            flt.in_period(TrainingRecordWeekStatus.reviewed_at),
            TrainingRecordWeekStatus.submitted_at.is_not(None),
        )
    ).all()
    return [(trainer, float(days)) for trainer, days in rows if days is not None]
