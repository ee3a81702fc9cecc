"""Merged activity definitions (the Activities resource and the ``canonical`` format).

Every stored statement contributes the definitions it carries: language maps (name,
description, interaction component descriptions) are merged key by key, other properties
take the newest value.

Most statements repeat a definition the LRS already holds. The stored text is still read for
every batch (the database stays the truth, whichever worker wrote it), but a definition that
was found to change nothing against exactly that stored text is not parsed and merged again.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from lms.db import db, read_columns, utcnow
from lms.xapi.models import ActivityDefinition

LANGUAGE_MAPS = ("name", "description")
_STORED = select(ActivityDefinition.activity_id, ActivityDefinition.definition_json).where(
    ActivityDefinition.activity_id.in_(bindparam("ids", expanding=True))
)
_UNCHANGED_MAX = 20_000
_unchanged: dict[str, tuple[str, dict[str, Any]]] = {}
"""activity id → (stored definition text, incoming definition) whose merge changed nothing."""


def definitions_in(statement: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(activity id, definition) for every activity with a definition in the statement."""
    found = []
    for activity in _activities(statement):
        if isinstance(activity.get("definition"), dict):
            found.append((activity["id"], activity["definition"]))
    return found


def _activities(statement: dict[str, Any]) -> list[dict[str, Any]]:
    obj = statement.get("object") or {}
    result = []
    if obj.get("objectType", "Activity") == "Activity":
        result.append(obj)
    elif obj.get("objectType") == "SubStatement":
        result += _activities(obj)
    for value in ((statement.get("context") or {}).get("contextActivities") or {}).values():
        result += value if isinstance(value, list) else [value]
    return result


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``new`` over ``old``: language maps and extensions merged key by key, the rest replaced."""
    merged = {**old, **new}
    for key in (*LANGUAGE_MAPS, "extensions"):
        if isinstance(old.get(key), dict) and isinstance(new.get(key), dict):
            merged[key] = {**old[key], **new[key]}
    return merged


def merge_definitions(statements: list[dict[str, Any]]) -> None:
    """Fold the definitions of newly stored statements into ``xapi_activity`` (one upsert)."""
    incoming: dict[str, dict[str, Any]] = {}
    for statement in statements:
        for activity_id, definition in definitions_in(statement):
            incoming[activity_id] = merge(incoming.get(activity_id, {}), definition)
    if not incoming:
        return
    stored = dict(read_columns(_STORED, {"ids": list(incoming)}).all())
    now = utcnow()
    rows = []
    for activity_id, definition in incoming.items():
        text = stored.get(activity_id)
        if text is not None and _unchanged.get(activity_id) == (text, definition):
            continue
        known = {} if text is None else json.loads(text)
        merged = merge(known, definition)
        if text is not None and merged == known:
            _remember_unchanged(activity_id, text, definition)
            continue
        definition_json = json.dumps(merged, ensure_ascii=False)
        rows.append({"activity_id": activity_id, "definition_json": definition_json, "updated_at": now})
    if rows:
        _upsert(rows)


def _remember_unchanged(activity_id: str, text: str, definition: dict[str, Any]) -> None:
    if len(_unchanged) >= _UNCHANGED_MAX:  # bounded: start over rather than track recency
        _unchanged.clear()
    _unchanged[activity_id] = (text, definition)


def _upsert(rows: list[dict[str, Any]]) -> None:
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(ActivityDefinition.__table__)
    statement = statement.on_conflict_do_update(
        index_elements=["activity_id"],
        set_={"definition_json": statement.excluded.definition_json, "updated_at": statement.excluded.updated_at},
    )
    db.session.execute(statement, rows)


def definition_of(activity_id: str) -> dict[str, Any] | None:
    """The merged definition of an activity, or None if no statement defined it."""
    text = db.session.scalar(
        select(ActivityDefinition.definition_json).where(ActivityDefinition.activity_id == activity_id)
    )
    return None if text is None else json.loads(text)


def activity_object(activity_id: str) -> dict[str, Any]:
    """The Activity object the Activities resource returns."""
    activity: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
    definition = definition_of(activity_id)
    if definition:
        activity["definition"] = definition
    return activity
