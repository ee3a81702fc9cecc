"""Company tasks (Betriebsaufgaben): the task library, assigned tasks and their projected state.

``TaskTemplate`` is a library entry (company-private or published to the cluster). Assigning it
creates one ``Task`` per apprentice (a copy of the texts, so later library edits do not change
work in progress). ``TaskState`` is a PROJECTION of the task's xAPI statements; ``TaskStepEntry``
holds what the apprentice wrote for each step of the complete action.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import Base, UtcDateTime, Uuid, utcnow


class TaskTemplate(Base):
    """A task in the library. ``company_id`` None = seeded by the cluster for everyone."""

    __tablename__ = "task_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str | None] = mapped_column(String(80), unique=True)  # seeded tasks only (idempotent seeding)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    occupation_code: Mapped[str] = mapped_column(String(60), index=True)
    title: Mapped[str] = mapped_column(String(200))
    situation: Mapped[str] = mapped_column(Text)  # Markdown, sanitised on output
    assignment: Mapped[str] = mapped_column(Text)
    materials: Mapped[str | None] = mapped_column(Text)
    safety_notes: Mapped[str | None] = mapped_column(Text)
    estimated_hours: Mapped[float] = mapped_column(Float, default=8.0)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)  # shared with the whole cluster
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    items: Mapped[list[TaskTemplateItem]] = relationship(cascade="all, delete-orphan")


class TaskTemplateItem(Base):
    """A framework item a library task teaches."""

    __tablename__ = "task_template_item"
    __table_args__ = (UniqueConstraint("template_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("task_template.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), index=True)


class Task(Base):
    """A company task assigned to one apprentice. ``public_id`` names its xAPI activity."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    template_id: Mapped[int | None] = mapped_column(ForeignKey("task_template.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    situation: Mapped[str] = mapped_column(Text)
    assignment: Mapped[str] = mapped_column(Text)
    materials: Mapped[str | None] = mapped_column(Text)
    safety_notes: Mapped[str | None] = mapped_column(Text)
    estimated_hours: Mapped[float] = mapped_column(Float, default=8.0)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    apprentice = relationship("User", foreign_keys=[apprentice_id])
    assigned_by = relationship("User", foreign_keys=[assigned_by_id])
    items: Mapped[list[TaskItem]] = relationship(cascade="all, delete-orphan")
    state: Mapped[TaskState | None] = relationship(uselist=False, viewonly=True)
    entries: Mapped[list[TaskStepEntry]] = relationship(cascade="all, delete-orphan", order_by="TaskStepEntry.id")


class TaskItem(Base):
    """A framework item an assigned task teaches (coverage counts it once approved)."""

    __tablename__ = "task_item"
    __table_args__ = (UniqueConstraint("task_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("framework_item.id", ondelete="CASCADE"), index=True)

    item = relationship("FrameworkItem")


class TaskState(Base):
    """PROJECTION: where a task stands in the complete action (see :mod:`lms.plans.workflow`)."""

    __tablename__ = "task_state"

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    plan_approved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    return_count: Mapped[int] = mapped_column(Integer, default=0)
    approved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    trainer_level: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[float | None] = mapped_column(Float)  # hours credited on approval
    # the trainer who approved (actor of the approval statement; may differ from the assigning one)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)


class TaskStepEntry(Base):
    """What the apprentice (or the trainer, for reviews) wrote at a step. Content, not projection."""

    __tablename__ = "task_step_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    author = relationship("User")
