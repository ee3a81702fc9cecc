"""PROJECTION of training-plan statements into ``task_state``, ``plan_item_progress`` and its sum per
position, ``plan_position_progress`` (kept in step by :func:`_coverage_changed`).

Everything here derives from the statement (and from content rows it names: tasks, items,
people); the time is the statement's ``timestamp``. ``flask lms xapi rebuild-progress`` calls
:func:`reset` and replays all statements through :func:`apply`, which must give the same tables.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select

from lms.db import db
from lms.plans import xapi
from lms.plans.models import FrameworkItem, FrameworkPlan, FrameworkPosition, ItemProgress, PositionProgress
from lms.plans.task_models import Task, TaskState
from lms.xapi.projection import Projection, account_user_id, register_projection, remembered
from lms.xapi.store import parse_timestamp


def _item_id(iri: str) -> int | None:
    return remembered("framework-item", iri, lambda: _load_item_id(iri))


def _load_item_id(iri: str) -> int | None:
    parsed = xapi.parse_activity(iri)
    if parsed is None or parsed[0] != "framework-item" or len(parsed[1]) != 3:
        return None
    code, number, letter = parsed[1]
    query = (
        select(FrameworkItem.id)
        .join(FrameworkPosition, FrameworkItem.position_id == FrameworkPosition.id)
        .join(FrameworkPlan, FrameworkPosition.plan_id == FrameworkPlan.id)
        .where(FrameworkPlan.code == code, FrameworkPosition.number == number, FrameworkItem.letter == letter)
    )
    return db.session.scalar(query)


def _progress(apprentice_id: int, item_id: int) -> ItemProgress:
    row = db.session.get(ItemProgress, (apprentice_id, item_id))
    if row is None:
        row = ItemProgress(apprentice_id=apprentice_id, item_id=item_id, tasks_done=0, hours_done=0.0)
        db.session.add(row)
    return row


def _coverage_changed(row: ItemProgress, was_covered: bool) -> None:
    """Keep the position's count of covered items in step when the item's coverage flipped."""
    if row.covered == was_covered:
        return
    position_id = db.session.get(FrameworkItem, row.item_id).position_id
    total = db.session.get(PositionProgress, (row.apprentice_id, position_id))
    if total is None:
        total = PositionProgress(apprentice_id=row.apprentice_id, position_id=position_id, covered_items=0)
        db.session.add(total)
    total.covered_items += -1 if was_covered else 1
    if total.covered_items <= 0:
        db.session.delete(total)


def _score(statement: dict[str, Any]) -> int | None:
    raw = ((statement.get("result") or {}).get("score") or {}).get("raw")
    return int(raw) if raw is not None else None


def _apply_assessment(statement: dict[str, Any], verb: str, item_iri: str) -> None:
    item_id = _item_id(item_iri)
    level = _score(statement)
    actor_id = account_user_id(statement["actor"].get("account", {}).get("name"))
    if item_id is None or level is None or actor_id is None:
        return
    at = parse_timestamp(statement["timestamp"])
    if verb == "self-assessed":
        row = _progress(actor_id, item_id)
        row.self_level, row.self_at = level, at
        return
    apprentice_id = account_user_id(xapi.ext_value(statement, "apprentice"))
    if apprentice_id is not None:
        row = _progress(apprentice_id, item_id)
        was_covered = row.covered
        row.trainer_level, row.trainer_at, row.trainer_id = level, at, actor_id
        _coverage_changed(row, was_covered)


def _apply_task(statement: dict[str, Any], verb: str, task: Task) -> None:
    at = parse_timestamp(statement["timestamp"])
    state = db.session.get(TaskState, task.id)
    if verb == "assigned" and state is None:
        state = TaskState(task_id=task.id, return_count=0, assigned_at=at)
        db.session.add(state)
    if state is None:
        return
    state.state = xapi.ext_value(statement, "state", state.state)
    state.updated_at = at
    if verb == "submitted":
        state.submitted_at = at
    elif verb == "returned":
        state.return_count = (state.return_count or 0) + 1
    elif verb == "approved" and xapi.ext_value(statement, "plan-approved"):
        state.plan_approved_at = at
    elif verb == "approved":
        _apply_approval(statement, state, task, at)


def _apply_approval(statement: dict[str, Any], state: TaskState, task: Task, at) -> None:
    level = _score(statement)
    hours = float(xapi.ext_value(statement, "hours", 0) or 0)
    trainer_id = account_user_id(statement["actor"].get("account", {}).get("name"))
    state.approved_at, state.trainer_level, state.hours, state.approved_by_id = at, level, hours, trainer_id
    item_ids = [i for i in (_item_id(iri) for iri in xapi.ext_value(statement, "items", [])) if i is not None]
    for item_id in item_ids:
        row = _progress(task.apprentice_id, item_id)
        was_covered = row.covered
        row.tasks_done = (row.tasks_done or 0) + 1
        row.hours_done = round((row.hours_done or 0.0) + hours / len(item_ids), 4)
        if level is not None:
            row.trainer_level, row.trainer_at, row.trainer_id = level, at, trainer_id
        _coverage_changed(row, was_covered)


def _task_for(parts: list[str]) -> Task | None:
    try:
        public_id = uuid.UUID(parts[0])
    except (ValueError, IndexError):
        return None
    return db.session.scalar(select(Task).where(Task.public_id == public_id))


def apply(statement: dict[str, Any]) -> None:
    """Update the plan projection from one stored statement (ignores statements of others)."""
    verb = xapi.verb_name(statement)
    obj = statement.get("object") or {}
    if verb is None or obj.get("objectType", "Activity") != "Activity":
        return
    parsed = xapi.parse_activity(obj.get("id", ""))
    if parsed is None:
        return
    kind, parts = parsed
    if kind == "framework-item" and verb in ("self-assessed", "assessed"):
        _apply_assessment(statement, verb, obj["id"])
    elif kind in ("task", "task-step"):
        task = _task_for(parts)
        if task is not None:
            _apply_task(statement, verb, task)
    else:
        return  # another feature's statement: nothing to write, nothing to flush
    db.session.flush()


def reset() -> None:
    """Empty the plan projection tables."""
    db.session.execute(delete(TaskState))
    db.session.execute(delete(PositionProgress))
    db.session.execute(delete(ItemProgress))


PROJECTION = register_projection(Projection("plans", apply, reset))
