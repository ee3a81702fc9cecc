"""Services of the training record: weeks, their content, overviews and the review queue.

Services take explicit arguments, add and flush, never commit. Workflow steps (submit,
review, return, correct) live in :mod:`lms.records.workflow`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.auth.models import ApprenticeProfile, Role, User
from lms.db import db, utcnow
from lms.records.forms import WeekForm
from lms.records.models import (
    CompanyRecordSettings,
    TrainingRecordEntry,
    TrainingRecordRevision,
    TrainingRecordWeek,
    TrainingRecordWeekStatus,
    WeekStatus,
)
from lms.records.workflow import InputError, ensure_editable

BERLIN = ZoneInfo("Europe/Berlin")


def today() -> dt.date:
    """Today's date in Germany (weeks begin on Monday, local time)."""
    return utcnow().astimezone(BERLIN).date()


def iso_week_of(day: dt.date) -> tuple[int, int]:
    """(ISO year, ISO week) of a date."""
    year, week, _weekday = day.isocalendar()
    return year, week


def week_start(year: int, week: int) -> dt.date:
    """The Monday of an ISO week; raises InputError for weeks that do not exist."""
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError as error:
        raise InputError(_("Diese Kalenderwoche gibt es nicht.")) from error


def week_days(year: int, week: int) -> list[dt.date]:
    start = week_start(year, week)
    return [start + dt.timedelta(days=i) for i in range(7)]


def training_year_for(profile: ApprenticeProfile | None, day: dt.date) -> int:
    """The training year (1–4) a date falls in, counted from the training start."""
    if profile is None:
        return 1
    months = (day.year - profile.training_start.year) * 12 + day.month - profile.training_start.month
    if day.day < profile.training_start.day:
        months -= 1
    return max(1, min(4, months // 12 + 1))


def record_weeks_range(apprentice: User, today: dt.date) -> list[tuple[int, int]]:
    """Every ISO week the apprentice should have a record for, newest first (up to this week)."""
    profile = apprentice.apprentice_profile
    if profile is None:
        return []
    start = profile.training_start - dt.timedelta(days=profile.training_start.weekday())
    end = min(today, profile.training_end)
    weeks, day = [], end - dt.timedelta(days=end.weekday())
    while day >= start:
        weeks.append(iso_week_of(day))
        day -= dt.timedelta(days=7)
    return weeks


def check_week_allowed(apprentice: User, year: int, week: int, today: dt.date) -> None:
    """Raise InputError unless the week lies within the training and not in the future."""
    if (year, week) not in set(record_weeks_range(apprentice, today)):
        raise InputError(
            _("Für diese Woche kann kein Nachweis geführt werden (außerhalb der Ausbildung oder in der Zukunft).")
        )


def find_week(apprentice_id: int, year: int, week: int) -> TrainingRecordWeek | None:
    query = select(TrainingRecordWeek).where(
        TrainingRecordWeek.apprentice_id == apprentice_id,
        TrainingRecordWeek.iso_year == year,
        TrainingRecordWeek.iso_week == week,
    )
    return db.session.scalar(query)


def default_department(apprentice_id: int) -> str:
    """The department of the apprentice's latest week (a new week usually continues there)."""
    query = (
        select(TrainingRecordWeek.department)
        .where(TrainingRecordWeek.apprentice_id == apprentice_id)
        .order_by(TrainingRecordWeek.iso_year.desc(), TrainingRecordWeek.iso_week.desc())
        .limit(1)
    )
    return db.session.scalar(query) or ""


def get_or_create_week(
    apprentice: User, year: int, week: int, today: dt.date, at: dt.datetime | None = None
) -> TrainingRecordWeek:
    """The apprentice's week, created as an empty draft (revision 1) if it does not exist.

    ``at`` is the creation time (default now; scale-data generators pass historic times).
    """
    existing = find_week(apprentice.id, year, week)
    if existing is not None:
        return existing
    check_week_allowed(apprentice, year, week, today)
    now = at or utcnow()
    record = TrainingRecordWeek(
        apprentice_id=apprentice.id,
        iso_year=year,
        iso_week=week,
        training_year=training_year_for(apprentice.apprentice_profile, week_start(year, week)),
        department=default_department(apprentice.id),
        current_revision=1,
        created_at=now,
        updated_at=now,
    )
    record.revisions = [TrainingRecordRevision(number=1, created_by_id=apprentice.id, created_at=now, saved_at=now)]
    db.session.add(record)
    db.session.flush()
    return record


def save_week(
    week: TrainingRecordWeek, apprentice: User, form: WeekForm, at: dt.datetime | None = None
) -> TrainingRecordRevision:
    """Replace the content of the week's current revision with the parsed form (saved ``at``, default now).

    Raises WorkflowError if the week is locked, InputError if the form has errors.
    """
    if apprentice.id != week.apprentice_id:
        raise InputError(_("Nur die oder der Auszubildende selbst schreibt das Berichtsheft."))
    ensure_editable(week)
    if form.errors:
        raise InputError(_("Bitte prüfen Sie die markierten Felder."))
    from lms.records.links import allowed_item_ids, allowed_task_ids

    items = allowed_item_ids(apprentice, [e.framework_item_id for e in form.entries if e.framework_item_id])
    tasks = allowed_task_ids(apprentice, [e.task_id for e in form.entries if e.task_id])
    revision = week.revision
    revision.entries.clear()
    db.session.flush()
    for position, data in enumerate(form.entries):
        revision.entries.append(
            TrainingRecordEntry(
                kind=data.kind.value,
                position=position,
                day=data.day,
                category=data.category,
                subject=data.subject,
                text=data.text,
                hours=data.hours,
                days=data.days,
                framework_item_id=data.framework_item_id if data.framework_item_id in items else None,
                task_id=data.task_id if data.task_id in tasks else None,
            )
        )
    week.department = form.department
    if form.training_year:
        week.training_year = form.training_year
    revision.saved_at = week.updated_at = at or utcnow()
    db.session.flush()
    return revision


def daily_mode(company_id: int | None) -> bool:
    """Whether the company keeps its records with a day per activity."""
    if company_id is None:
        return False
    settings = db.session.get(CompanyRecordSettings, company_id)
    return bool(settings and settings.daily_mode)


def set_daily_mode(company_id: int, enabled: bool) -> CompanyRecordSettings:
    settings = db.session.get(CompanyRecordSettings, company_id)
    if settings is None:
        settings = CompanyRecordSettings(company_id=company_id)
        db.session.add(settings)
    settings.daily_mode = enabled
    settings.updated_at = utcnow()
    db.session.flush()
    return settings


@dataclass(frozen=True)
class WeekRow:
    """A line of the apprentice's week list (``week`` None = nothing written yet)."""

    year: int
    number: int
    start: dt.date
    week: TrainingRecordWeek | None
    is_current: bool

    @property
    def status(self) -> WeekStatus | None:
        return self.week.status if self.week else None

    @property
    def needs_attention(self) -> bool:
        """Missing or not yet submitted (the current week is still being written)."""
        return not self.is_current and self.status in (None, WeekStatus.DRAFT, WeekStatus.RETURNED)


def week_overview(apprentice: User, today: dt.date) -> list[WeekRow]:
    """All weeks of the training up to now, current week first, with their records."""
    weeks = {
        (w.iso_year, w.iso_week): w
        for w in db.session.scalars(select(TrainingRecordWeek).where(TrainingRecordWeek.apprentice_id == apprentice.id))
    }
    current = iso_week_of(today)
    return [
        WeekRow(y, n, dt.date.fromisocalendar(y, n, 1), weeks.get((y, n)), (y, n) == current)
        for y, n in record_weeks_range(apprentice, today)
    ]


def company_apprentices(company_id: int | None) -> list[User]:
    query = (
        select(User)
        .where(User.company_id == company_id, User.role == Role.APPRENTICE, User.active.is_(True))
        .order_by(User.name)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class QueueRow:
    week: TrainingRecordWeek
    submitted_at: dt.datetime
    age_days: int


def review_queue(company_id: int | None, now: dt.datetime) -> list[QueueRow]:
    """Submitted weeks of the company's apprentices, oldest first, with their age in days."""
    query = (
        select(TrainingRecordWeek, TrainingRecordWeekStatus.submitted_at)
        .join(TrainingRecordWeekStatus, TrainingRecordWeekStatus.week_public_id == TrainingRecordWeek.public_id)
        .join(User, User.id == TrainingRecordWeek.apprentice_id)
        .where(User.company_id == company_id, TrainingRecordWeekStatus.status == WeekStatus.SUBMITTED.value)
        .order_by(TrainingRecordWeekStatus.submitted_at)
    )
    return [QueueRow(w, at, max(0, (now - at).days)) for w, at in db.session.execute(query)]


def status_counts(apprentice_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per apprentice: how many weeks are in each status (weeks without a statement = draft)."""
    status = func.coalesce(TrainingRecordWeekStatus.status, WeekStatus.DRAFT.value)
    query = (
        select(TrainingRecordWeek.apprentice_id, status, func.count())
        .outerjoin(TrainingRecordWeekStatus, TrainingRecordWeekStatus.week_public_id == TrainingRecordWeek.public_id)
        .where(TrainingRecordWeek.apprentice_id.in_(apprentice_ids))
        .group_by(TrainingRecordWeek.apprentice_id, status)
    )
    counts: dict[int, dict[str, int]] = {i: {} for i in apprentice_ids}
    for apprentice_id, value, n in db.session.execute(query):
        counts[apprentice_id][value] = n
    return counts


def reviewer_names(weeks: list[TrainingRecordWeek]) -> dict[str, str]:
    """Names of the reviewers of the given weeks, keyed by their opaque id (as text)."""
    ids = {w.status_row.reviewer_public_id for w in weeks if w.status_row and w.status_row.reviewer_public_id}
    if not ids:
        return {}
    rows = db.session.execute(select(User.public_id, User.name).where(User.public_id.in_(ids)))
    return {str(public_id): name for public_id, name in rows}
