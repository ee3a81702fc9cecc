"""Learning tables in three groups.

* Content (``course_*``): loaded from ``courses/`` by ``flask lms courses sync``.
* Progress projection (``learning_enrolment``, ``learning_unit_progress``,
  ``learning_test_attempt``): derived only from xAPI statements by :mod:`lms.learning.projection`
  and rebuilt by ``flask lms xapi rebuild-progress``.
* Private learner texts (``learning_reflection``, ``learning_transfer_note``): written by the
  learner, readable by the learner only, never put into statements and never touched by a rebuild.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime, Uuid, utcnow


class CourseModule(Base):
    """A qualification module as last synced; ``version`` grows when the content hash changes."""

    __tablename__ = "course_module"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str] = mapped_column(String(300), default="")
    theme: Mapped[str] = mapped_column(String(60), index=True)
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    version_label: Mapped[str] = mapped_column(String(40), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))
    # goals, completion, final_test, reflection, transfer_task, takeaway, further_reading
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    takeaway_md: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    synced_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    units: Mapped[list[CourseUnit]] = relationship(
        back_populates="module", order_by="CourseUnit.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list[CourseQuestion]] = relationship(
        back_populates="module", order_by="CourseQuestion.position", cascade="all, delete-orphan"
    )


class CourseUnit(Base):
    """One unit page of a module, its Markdown body and optional video."""

    __tablename__ = "course_unit"
    __table_args__ = (UniqueConstraint("module_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("course_module.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    body_md: Mapped[str] = mapped_column(Text)
    video: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))

    module: Mapped[CourseModule] = relationship(back_populates="units")


class CourseQuestion(Base):
    """A self-check (``bank="check"``, tied to a unit) or a final-test question (``bank="final"``)."""

    __tablename__ = "course_question"
    __table_args__ = (UniqueConstraint("module_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("course_module.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    bank: Mapped[str] = mapped_column(String(10))
    unit_key: Mapped[str | None] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    # [{"id", "text", "correct", "feedback"}, ...] in authored order
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON)

    module: Mapped[CourseModule] = relationship(back_populates="questions")


class Enrolment(Base):
    """A person's run through a module (projection); ``registration`` is the xAPI registration."""

    __tablename__ = "learning_enrolment"
    __table_args__ = (UniqueConstraint("user_id", "module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    module_slug: Mapped[str] = mapped_column(String(80), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_activity_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_unit_key: Mapped[str | None] = mapped_column(String(80))
    reflected_prompts: Mapped[list[str]] = mapped_column(JSON, default=list)
    transfer_due_on: Mapped[dt.date | None] = mapped_column(Date)
    transfer_committed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    transfer_reported_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    best_score: Mapped[float | None] = mapped_column(Float)
    test_passed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    certificate_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    certificate_issued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    units: Mapped[list[UnitProgress]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class UnitProgress(Base):
    """A unit the person marked as seen, with the unit's content hash at that time (projection)."""

    __tablename__ = "learning_unit_progress"
    __table_args__ = (UniqueConstraint("enrolment_id", "unit_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("learning_enrolment.id", ondelete="CASCADE"), index=True)
    unit_key: Mapped[str] = mapped_column(String(80))
    content_hash: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class TestAttempt(Base):
    """One final-test attempt (projection): drawn question ids, answers, scaled score."""

    __tablename__ = "learning_test_attempt"
    __table_args__ = (UniqueConstraint("enrolment_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("learning_enrolment.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    question_keys: Mapped[list[str]] = mapped_column(JSON)
    # question key -> {"response": "a[,]c", "success": bool}
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)


class Reflection(Base):
    """The private text a learner wrote for a reflection prompt (owner only, never in statements)."""

    __tablename__ = "learning_reflection"
    __table_args__ = (UniqueConstraint("user_id", "module_slug", "prompt_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    module_slug: Mapped[str] = mapped_column(String(80))
    prompt_key: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class TransferNote(Base):
    """The learner's private plan and report for a module's transfer task."""

    __tablename__ = "learning_transfer_note"
    __table_args__ = (UniqueConstraint("user_id", "module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    module_slug: Mapped[str] = mapped_column(String(80))
    plan_text: Mapped[str] = mapped_column(Text, default="")
    report_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
