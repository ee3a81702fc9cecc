"""Storing statements: LRS-set properties, immutability, voiding, index rows — in bulk.

``store_batch`` is the single write path of the embedded LRS; the funnel in
:mod:`lms.xapi.funnel` calls it for the platform's own events and the HTTP API for statements
from outside. Statements, link rows and outbox rows are written with one multi-row INSERT
each, so a batch of 100 costs a handful of round trips. It flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update

from lms.db import db, utcnow
from lms.xapi import activities
from lms.xapi.agents import agent_key, group_members
from lms.xapi.models import AgentRelation, OutboxEntry, Statement, StatementActivity, StatementAgent

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
LRS_SET = ("stored", "authority", "version")


class StatementConflict(Exception):
    """A statement id already exists with different content (HTTP 409)."""


@dataclass
class Stored:
    """The outcome for one statement of a batch."""

    pk: int
    statement: dict[str, Any]
    created: bool


def canonical_json(data: Any) -> str:
    """Deterministic JSON text (sorted keys, no spaces, UTF-8)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def format_timestamp(value: dt.datetime) -> str:
    """ISO 8601 in UTC with milliseconds precision, as the LRS returns ``stored``."""
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(value: str) -> dt.datetime:
    """A validated ISO 8601 timestamp as an aware UTC datetime."""
    from lms.xapi.validation import parse_timestamp as strict_parse

    return strict_parse(value, "timestamp")


def normalize(statement: dict[str, Any]) -> dict[str, Any]:
    """The statement with lower-case UUIDs, UTC millisecond timestamps and array contextActivities."""
    result = dict(statement)
    if "id" in result:
        result["id"] = str(uuid.UUID(result["id"]))
    if "timestamp" in result:
        result["timestamp"] = format_timestamp(parse_timestamp(result["timestamp"]))
    obj = result.get("object") or {}
    if obj.get("objectType") == "StatementRef":
        result["object"] = {**obj, "id": str(uuid.UUID(obj["id"]))}
    elif obj.get("objectType") == "SubStatement":
        result["object"] = normalize(obj)
    if isinstance(result.get("context"), dict):
        result["context"] = _normalize_context(result["context"])
    return result


def _normalize_context(context: dict[str, Any]) -> dict[str, Any]:
    context = dict(context)
    if "registration" in context:
        context["registration"] = str(uuid.UUID(context["registration"]))
    if isinstance(context.get("statement"), dict):
        context["statement"] = {**context["statement"], "id": str(uuid.UUID(context["statement"]["id"]))}
    if isinstance(context.get("contextActivities"), dict):
        context["contextActivities"] = {
            key: value if isinstance(value, list) else [value] for key, value in context["contextActivities"].items()
        }
    return context


def prepare(statement: dict[str, Any], authority: dict[str, Any], stored: dt.datetime) -> dict[str, Any]:
    """The statement as the LRS keeps it: id, stored, authority, version and timestamp set."""
    prepared = normalize(statement)
    prepared.setdefault("id", str(uuid.uuid4()))
    prepared["stored"] = format_timestamp(stored)
    prepared["authority"] = authority
    prepared.setdefault("version", "1.0.0")
    prepared.setdefault("timestamp", prepared["stored"])
    return prepared


def same_statement(incoming: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Statement comparison (Data 2.3.1): ignore LRS-set properties, case of UUIDs, timestamp form."""
    left = {k: v for k, v in normalize(incoming).items() if k not in LRS_SET}
    right = {k: v for k, v in stored.items() if k not in LRS_SET}
    if "timestamp" not in left:
        right.pop("timestamp", None)
    return canonical_json(left) == canonical_json(right)


def find_statement(statement_id: str | uuid.UUID) -> Statement | None:
    return db.session.scalar(select(Statement).where(Statement.statement_id == uuid.UUID(str(statement_id))))


def store_statement(statement: dict[str, Any], authority: dict[str, Any]) -> tuple[Statement, dict[str, Any], bool]:
    """Store one validated statement; returns (row, stored JSON, created)."""
    [outcome] = store_batch([statement], authority)
    row = db.session.get(Statement, outcome.pk)
    return row, outcome.statement, outcome.created


def store_batch(statements: list[dict[str, Any]], authority: dict[str, Any], *, outbox: bool = True) -> list[Stored]:
    """Store validated statements in one go; identical repeats are no-ops, different ones conflict.

    Raises :class:`StatementConflict` (and writes nothing) if a statement id is already stored
    with different content. A voiding statement marks its target voided (unless the target
    voids something itself).
    """
    existing = _existing(statements)
    now = utcnow()
    outcomes: list[Stored | None] = []
    new: list[dict[str, Any]] = []
    for statement in statements:
        sid = str(uuid.UUID(statement["id"])) if "id" in statement else None
        if sid is not None and sid in existing:
            pk, stored_json = existing[sid]
            if not same_statement(statement, stored_json):
                raise StatementConflict(f"statement {sid} already exists with different content")
            outcomes.append(Stored(pk, stored_json, False))
            continue
        new.append(prepare(statement, authority, now))
        outcomes.append(None)
    pks = _insert(new, outbox=outbox) if new else []
    fresh = iter(Stored(pk, prepared, True) for pk, prepared in zip(pks, new, strict=True))
    return [outcome or next(fresh) for outcome in outcomes]


def _existing(statements: list[dict[str, Any]]) -> dict[str, tuple[int, dict[str, Any]]]:
    ids = {str(uuid.UUID(s["id"])) for s in statements if "id" in s}
    if not ids:
        return {}
    rows = db.session.execute(
        select(Statement.id, Statement.statement_id, Statement.full_json).where(Statement.statement_id.in_(ids))
    )
    return {str(sid): (pk, json.loads(text)) for pk, sid, text in rows}


def _insert(prepared: list[dict[str, Any]], *, outbox: bool) -> list[int]:
    table = Statement.__table__
    rows = [_row(statement) for statement in prepared]
    db.session.execute(insert(table), rows)  # one executemany; ids are looked up below
    ids = [row["statement_id"] for row in rows]
    found = dict(
        db.session.execute(select(Statement.statement_id, Statement.id).where(Statement.statement_id.in_(ids))).all()
    )
    pks = [found[statement_id] for statement_id in ids]
    agent_rows, activity_rows = [], []
    for pk, statement in zip(pks, prepared, strict=True):
        agent_rows += _agent_links(pk, statement)
        activity_rows += _activity_links(pk, statement)
    if agent_rows:
        db.session.execute(insert(StatementAgent.__table__), agent_rows)
    if activity_rows:
        db.session.execute(insert(StatementActivity.__table__), activity_rows)
    if outbox:
        now = utcnow()
        db.session.execute(
            insert(OutboxEntry.__table__),
            [{"statement_pk": pk, "status": "pending", "attempts": 0, "created_at": now} for pk in pks],
        )
    targets = [s["object"]["id"] for s in prepared if _is_voiding(s)]
    if targets:
        db.session.execute(
            update(Statement)
            .where(Statement.statement_id.in_(targets), Statement.verb_id != VOIDED_VERB)
            .values(voided=True)
            .execution_options(synchronize_session=False)
        )
    activities.merge_definitions(prepared)
    return pks


def _is_voiding(statement: dict[str, Any]) -> bool:
    return statement["verb"]["id"] == VOIDED_VERB and statement["object"].get("objectType") == "StatementRef"


def _row(prepared: dict[str, Any]) -> dict[str, Any]:
    obj = prepared["object"]
    object_type = obj.get("objectType", "Activity")
    context = prepared.get("context") or {}
    return {
        "statement_id": uuid.UUID(prepared["id"]),
        "actor_key": agent_key(prepared["actor"]),
        "verb_id": prepared["verb"]["id"],
        "object_type": object_type,
        "object_activity_id": obj["id"] if object_type == "Activity" else None,
        "object_statement_id": uuid.UUID(obj["id"]) if object_type == "StatementRef" else None,
        "registration": uuid.UUID(context["registration"]) if context.get("registration") else None,
        "timestamp": parse_timestamp(prepared["timestamp"]),
        "stored": parse_timestamp(prepared["stored"]),
        "voided": False,
        "full_json": canonical_json(prepared),
    }


def _agent_links(pk: int, statement: dict[str, Any]) -> list[dict[str, Any]]:
    links: dict[str, AgentRelation] = {agent_key(statement["actor"]): AgentRelation.ACTOR}
    obj = statement["object"]
    if obj.get("objectType") in ("Agent", "Group"):
        links.setdefault(agent_key(obj), AgentRelation.OBJECT)
    for related in [*group_members(statement["actor"]), *_related_agents(statement)]:
        links.setdefault(agent_key(related), AgentRelation.RELATED)
    return [{"statement_pk": pk, "agent_key": key, "relation": rel.value} for key, rel in links.items()]


def _related_agents(statement: dict[str, Any]) -> list[dict[str, Any]]:
    context = statement.get("context") or {}
    agents = [statement.get("authority"), context.get("instructor"), context.get("team")]
    obj = statement["object"]
    if obj.get("objectType") in ("Agent", "Group"):
        agents.append(obj)
    if obj.get("objectType") == "SubStatement":
        agents += [obj.get("actor"), *(_related_agents({**obj, "authority": None}))]
    expanded = []
    for agent in filter(None, agents):
        expanded += [agent, *group_members(agent)]
    return expanded


def _activity_links(pk: int, statement: dict[str, Any]) -> list[dict[str, Any]]:
    ids: dict[str, bool] = {}
    obj = statement["object"]
    if obj.get("objectType", "Activity") == "Activity":
        ids[obj["id"]] = True
    for activity_id in _context_activity_ids(statement):
        ids.setdefault(activity_id, False)
    if obj.get("objectType") == "SubStatement":
        sub_obj = obj["object"]
        if sub_obj.get("objectType", "Activity") == "Activity":
            ids.setdefault(sub_obj["id"], False)
        for activity_id in _context_activity_ids(obj):
            ids.setdefault(activity_id, False)
    return [{"statement_pk": pk, "activity_id": a, "is_object": o} for a, o in ids.items()]


def _context_activity_ids(statement: dict[str, Any]) -> list[str]:
    context_activities = (statement.get("context") or {}).get("contextActivities") or {}
    found = []
    for value in context_activities.values():
        for activity in value if isinstance(value, list) else [value]:
            found.append(activity["id"])
    return found
