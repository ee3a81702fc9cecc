"""Links between the record and the training plan: framework items and company tasks.

Reads the plans feature's models and services (see docs/parts/plans.md); never writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from lms.auth.models import User
from lms.db import db, utcnow
from lms.plans import workflow as task_workflow
from lms.plans.services import positions_for, recommended_positions
from lms.plans.task_models import Task, TaskItem, TaskState
from lms.records.models import (
    EntryKind,
    TrainingRecordEntry,
    TrainingRecordRevision,
    TrainingRecordWeek,
)
from lms.records.workflow import InputError, ensure_editable


@dataclass(frozen=True)
class ItemGroup:
    """A framework position with its items, for the link selector."""

    label: str
    items: list[tuple[int, str]]


def item_choices(apprentice: User) -> list[ItemGroup]:
    """The framework items an apprentice can link, grouped by position."""
    profile = apprentice.apprentice_profile
    if profile is None:
        return []
    groups = []
    for position in [*positions_for(profile), *recommended_positions()]:
        items = [(item.id, f"{position.number}{item.letter}) {item.text}"[:120]) for item in position.items]
        if items:
            groups.append(ItemGroup(position.label[:100], items))
    return groups


def allowed_item_ids(apprentice: User, ids: list[int]) -> set[int]:
    """Those of ``ids`` that are items of the apprentice's own plan (others are dropped)."""
    if not ids:
        return set()
    valid = {item_id for group in item_choices(apprentice) for item_id, _label in group.items}
    return {i for i in ids if i in valid}


def allowed_task_ids(apprentice: User, ids: list[int]) -> set[int]:
    """Those of ``ids`` that are the apprentice's own tasks."""
    if not ids:
        return set()
    query = select(Task.id).where(Task.apprentice_id == apprentice.id, Task.id.in_(ids))
    return set(db.session.scalars(query))


def task_choices(apprentice: User) -> list[tuple[int, str]]:
    """The apprentice's tasks, for the link selector (newest first)."""
    query = select(Task.id, Task.title).where(Task.apprentice_id == apprentice.id).order_by(Task.id.desc())
    return [(i, title) for i, title in db.session.execute(query)]


def completed_tasks_to_add(apprentice: User, limit: int = 10) -> list[Task]:
    """Completed (approved) tasks of the apprentice that no current record revision mentions yet."""
    linked = (
        select(TrainingRecordEntry.task_id)
        .join(TrainingRecordRevision, TrainingRecordRevision.id == TrainingRecordEntry.revision_id)
        .join(TrainingRecordWeek, TrainingRecordWeek.id == TrainingRecordRevision.week_id)
        .where(
            TrainingRecordWeek.apprentice_id == apprentice.id,
            TrainingRecordRevision.number == TrainingRecordWeek.current_revision,
            TrainingRecordEntry.task_id.is_not(None),
        )
    )
    query = (
        select(Task)
        .join(TaskState, TaskState.task_id == Task.id)
        .where(Task.apprentice_id == apprentice.id, TaskState.state == task_workflow.DONE, Task.id.not_in(linked))
        .order_by(TaskState.approved_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def add_task_to_week(week: TrainingRecordWeek, apprentice: User, task_id: int) -> TrainingRecordEntry:
    """Add a completed task as an activity line of the week (title, credited hours, first item)."""
    ensure_editable(week)
    task = db.session.scalar(select(Task).where(Task.id == task_id, Task.apprentice_id == apprentice.id))
    if task is None or week.apprentice_id != apprentice.id:
        raise LookupError(task_id)
    if task.state is None or task.state.state != task_workflow.DONE:
        raise InputError(_("Nur abgeschlossene Aufgaben können übernommen werden."))
    first_item = db.session.scalar(select(TaskItem.item_id).where(TaskItem.task_id == task.id).order_by(TaskItem.id))
    revision = week.revision
    entry = TrainingRecordEntry(
        kind=EntryKind.ACTIVITY.value,
        position=len(revision.entries),
        text=_("Betriebsaufgabe: %(t)s", t=task.title),
        hours=(task.state.hours if task.state.hours is not None else task.estimated_hours),
        framework_item_id=first_item,
        task_id=task.id,
    )
    revision.entries.append(entry)
    revision.saved_at = week.updated_at = utcnow()
    db.session.flush()
    return entry
