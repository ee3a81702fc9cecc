"""The training record: weeks, their revisions and entries, review notes, status projection.

The TEXT of a week (entries, comments, reasons) is the apprentice's record and lives in these
normal tables. ``TrainingRecordWeekStatus`` is a PROJECTION of the week's xAPI statements
(see :mod:`lms.records.projection`); nothing else writes it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime, Uuid, utcnow


class WeekStatus(StrEnum):
    """Where a week stands in the review workflow (see :mod:`lms.records.workflow`)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    RETURNED = "returned"


class EntryKind(StrEnum):
    """The four kinds of lines a week holds."""

    ACTIVITY = "activity"  # betriebliche Tätigkeit
    INSTRUCTION = "instruction"  # Unterweisung, ÜLU, betrieblicher Unterricht, Schulung
    SCHOOL = "school"  # Berufsschule: Fach/Lernfeld und Themen
    ABSENCE = "absence"  # Urlaub, Krankheit, Feiertag, Berufsschultag (no health details)


class TrainingRecordWeek(Base):
    """One ISO week of an apprentice's record. ``public_id`` names its xAPI activity."""

    __tablename__ = "record_week"
    __table_args__ = (UniqueConstraint("apprentice_id", "iso_year", "iso_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    iso_year: Mapped[int] = mapped_column(Integer)
    iso_week: Mapped[int] = mapped_column(Integer)
    training_year: Mapped[int] = mapped_column(Integer, default=1)
    department: Mapped[str] = mapped_column(String(200), default="")
    current_revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    apprentice = relationship("User")
    revisions: Mapped[list[TrainingRecordRevision]] = relationship(
        back_populates="week", cascade="all, delete-orphan", order_by="TrainingRecordRevision.number"
    )
    events: Mapped[list[TrainingRecordEvent]] = relationship(
        cascade="all, delete-orphan", order_by="TrainingRecordEvent.id"
    )
    status_row: Mapped[TrainingRecordWeekStatus | None] = relationship(
        primaryjoin="TrainingRecordWeek.public_id == foreign(TrainingRecordWeekStatus.week_public_id)",
        uselist=False,
        viewonly=True,
    )

    @property
    def period_start(self) -> dt.date:
        return dt.date.fromisocalendar(self.iso_year, self.iso_week, 1)

    @property
    def period_end(self) -> dt.date:
        return self.period_start + dt.timedelta(days=6)

    @property
    def status(self) -> WeekStatus:
        return WeekStatus(self.status_row.status) if self.status_row else WeekStatus.DRAFT

    @property
    def revision(self) -> TrainingRecordRevision:
        """The current (newest) revision: the one being edited or last reviewed."""
        return self.revisions[-1]


class TrainingRecordRevision(Base):
    """A version of a week's content. A reviewed week is locked; a correction opens a new one."""

    __tablename__ = "record_revision"
    __table_args__ = (UniqueConstraint("week_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("record_week.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)  # why a reviewed week was corrected (revision > 1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    saved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    week: Mapped[TrainingRecordWeek] = relationship(back_populates="revisions")
    entries: Mapped[list[TrainingRecordEntry]] = relationship(
        cascade="all, delete-orphan", order_by="TrainingRecordEntry.position"
    )

    def of_kind(self, kind: EntryKind) -> list[TrainingRecordEntry]:
        return [e for e in self.entries if e.kind == kind.value]

    @property
    def total_hours(self) -> float:
        return round(sum(e.hours or 0 for e in self.entries), 2)


class TrainingRecordEntry(Base):
    """One line of a revision: an activity, an instruction, a school topic or an absence."""

    __tablename__ = "record_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("record_revision.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)
    day: Mapped[dt.date | None] = mapped_column(Date)  # daily mode only
    category: Mapped[str | None] = mapped_column(String(30))  # instruction or absence type
    subject: Mapped[str | None] = mapped_column(String(120))  # school subject or learning field
    text: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[float | None] = mapped_column(Float)
    days: Mapped[float | None] = mapped_column(Float)  # absences
    framework_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("framework_item.id", ondelete="SET NULL"), index=True
    )
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"), index=True)

    framework_item = relationship("FrameworkItem")
    task = relationship("Task")


class TrainingRecordEvent(Base):
    """The visible history of a week: who submitted, reviewed, returned or corrected it, with text.

    Comments and reasons are record text, so they live here and not in the statements.
    """

    __tablename__ = "record_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("record_week.id", ondelete="CASCADE"), index=True)
    revision_number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    statement_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    actor = relationship("User")


class TrainingRecordWeekStatus(Base):
    """PROJECTION: the workflow status of a week, derived from its statements only.

    ``apprentice_id``, ``reviewer_id`` and ``review_seconds`` exist for the statistics: the
    review figures read this one table through the covering index on ``reviewed_at`` instead
    of joining weeks and people on text UUIDs. ``review_seconds`` is the time from the (last)
    submission to the review in whole seconds (both instants cut to the second, so SQL and
    Python compute the same number).
    """

    __tablename__ = "record_week_status"
    __table_args__ = (
        Index("ix_record_week_status_reviewed", "reviewed_at", "apprentice_id", "reviewer_id", "review_seconds"),
    )

    week_public_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    reviewer_public_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    return_count: Mapped[int] = mapped_column(Integer, default=0)
    apprentice_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    review_seconds: Mapped[int | None] = mapped_column(Integer)


class CompanyRecordSettings(Base):
    """How a company keeps its records: weekly (default) or with a day per activity."""

    __tablename__ = "record_company_settings"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), primary_key=True)
    daily_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class RecordReminder(Base):
    """A reminder sent about one week to one person on one day (makes reminders idempotent)."""

    __tablename__ = "record_reminder"
    __table_args__ = (UniqueConstraint("user_id", "week_key", "kind", "sent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "missing" (apprentice) or "waiting" (trainer)
    week_key: Mapped[str] = mapped_column(String(40))  # "<apprentice id>:<year>-W<week>"
    sent_on: Mapped[dt.date] = mapped_column(Date)
