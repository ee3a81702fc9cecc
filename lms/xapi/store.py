"""Storing statements: LRS-set properties, immutability, voiding, index rows — in bulk.

``store_batch`` is the single write path of the embedded LRS; the funnel in
:mod:`lms.xapi.funnel` calls it for the platform's own events and the HTTP API for statements
from outside. Statements, link rows and outbox rows are written with one multi-row INSERT
each, so a batch of 100 costs a handful of round trips. It flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, update

from lms.db import db, read_columns, utcnow
from lms.xapi import activities
from lms.xapi.agents import agent_key, group_members
from lms.xapi.bulk import insert_returning, insert_rows
from lms.xapi.comparison import same_statement
from lms.xapi.models import AgentRelation, OutboxEntry, Statement, StatementActivity, StatementAgent

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
STATEMENT_COLUMNS = (
    "statement_id",
    "actor_key",
    "verb_id",
    "object_type",
    "object_activity_id",
    "object_statement_id",
    "registration",
    "timestamp",
    "stored",
    "voided",
    "full_json",
)
AGENT_LINK_COLUMNS = ("statement_pk", "agent_key", "relation")
ACTIVITY_LINK_COLUMNS = ("statement_pk", "activity_id", "is_object")
OUTBOX_COLUMNS = ("statement_pk", "status", "attempts", "created_at")
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CANONICAL_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")
_EXISTING = select(Statement.id, Statement.statement_id, Statement.full_json).where(
    Statement.statement_id.in_(bindparam("ids", expanding=True))
)


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
    """A validated ISO 8601 timestamp as an aware UTC datetime.

    The LRS's own form (UTC, milliseconds, "Z") is by far the most common and parses directly;
    anything else goes through the validator's full parser.
    """
    if _CANONICAL_TIMESTAMP.fullmatch(value):
        return dt.datetime.fromisoformat(value)
    from lms.xapi.validation import parse_timestamp as strict_parse

    return strict_parse(value, "timestamp")


def canonical_timestamp(value: str) -> str:
    """The timestamp as the LRS stores it (UTC, milliseconds); the common form is kept as is."""
    return value if _CANONICAL_TIMESTAMP.fullmatch(value) else format_timestamp(parse_timestamp(value))


def canonical_uuid(value: str) -> str:
    """A validated UUID in lower-case hyphenated form (the form it is stored and compared in)."""
    return value if _CANONICAL_UUID.fullmatch(value) else str(uuid.UUID(value))


def normalize(statement: dict[str, Any]) -> dict[str, Any]:
    """The statement with lower-case UUIDs, UTC millisecond timestamps and array contextActivities."""
    result = dict(statement)
    if "id" in result:
        result["id"] = canonical_uuid(result["id"])
    if "timestamp" in result:
        result["timestamp"] = canonical_timestamp(result["timestamp"])
    obj = result.get("object") or {}
    if obj.get("objectType") == "StatementRef":
        result["object"] = {**obj, "id": canonical_uuid(obj["id"])}
    elif obj.get("objectType") == "SubStatement":
        result["object"] = normalize(obj)
    if isinstance(result.get("context"), dict):
        result["context"] = _normalize_context(result["context"])
    return result


def _normalize_context(context: dict[str, Any]) -> dict[str, Any]:
    context = dict(context)
    if "registration" in context:
        context["registration"] = canonical_uuid(context["registration"])
    if isinstance(context.get("statement"), dict):
        context["statement"] = {**context["statement"], "id": canonical_uuid(context["statement"]["id"])}
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


def find_statement(statement_id: str | uuid.UUID) -> Statement | None:
    return db.session.scalar(select(Statement).where(Statement.statement_id == uuid.UUID(str(statement_id))))


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
        sid = canonical_uuid(statement["id"]) if "id" in statement else None
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
    ids = {canonical_uuid(s["id"]) for s in statements if "id" in s}
    if not ids:
        return {}
    rows = read_columns(_EXISTING, {"ids": list(ids)})
    return {str(sid): (pk, json.loads(text)) for pk, sid, text in rows}


def _insert(prepared: list[dict[str, Any]], *, outbox: bool) -> list[int]:
    rows = [_row(statement) for statement in prepared]
    # One multi-row INSERT ... RETURNING; rows come back in no promised order, so they are
    # matched by statement id (returned as the stored 36-character text).
    returned = insert_returning(Statement.__table__, STATEMENT_COLUMNS, rows, ("statement_id", "id"))
    by_id = dict(returned)
    pks = [by_id[row[0]] for row in rows]
    agent_rows, activity_rows = [], []
    for pk, statement in zip(pks, prepared, strict=True):
        agent_rows += _agent_links(pk, statement)
        activity_rows += _activity_links(pk, statement)
    insert_rows(StatementAgent.__table__, AGENT_LINK_COLUMNS, agent_rows)
    insert_rows(StatementActivity.__table__, ACTIVITY_LINK_COLUMNS, activity_rows)
    if outbox:
        now = utcnow()
        insert_rows(OutboxEntry.__table__, OUTBOX_COLUMNS, [(pk, "pending", 0, now) for pk in pks])
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


def _row(prepared: dict[str, Any]) -> tuple[Any, ...]:
    """The ``xapi_statement`` values of a prepared statement, in ``STATEMENT_COLUMNS`` order."""
    obj = prepared["object"]
    object_type = obj.get("objectType", "Activity")
    context = prepared.get("context") or {}
    return (
        prepared["id"],
        agent_key(prepared["actor"]),
        prepared["verb"]["id"],
        object_type,
        obj["id"] if object_type == "Activity" else None,
        obj["id"] if object_type == "StatementRef" else None,
        context.get("registration"),
        parse_timestamp(prepared["timestamp"]),
        parse_timestamp(prepared["stored"]),
        False,
        canonical_json(prepared),
    )


def _agent_links(pk: int, statement: dict[str, Any]) -> list[tuple[int, str, str]]:
    """Rows (statement_pk, agent_key, relation) of the agents a statement mentions."""
    links: dict[str, AgentRelation] = {agent_key(statement["actor"]): AgentRelation.ACTOR}
    obj = statement["object"]
    if obj.get("objectType") in ("Agent", "Group"):
        links.setdefault(agent_key(obj), AgentRelation.OBJECT)
    for related in [*group_members(statement["actor"]), *_related_agents(statement)]:
        links.setdefault(agent_key(related), AgentRelation.RELATED)
    return [(pk, key, rel.value) for key, rel in links.items()]


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


def _activity_links(pk: int, statement: dict[str, Any]) -> list[tuple[int, str, bool]]:
    """Rows (statement_pk, activity_id, is_object) of the activities a statement mentions."""
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
    return [(pk, a, o) for a, o in ids.items()]


def _context_activity_ids(statement: dict[str, Any]) -> list[str]:
    context_activities = (statement.get("context") or {}).get("contextActivities") or {}
    found = []
    for value in context_activities.values():
        for activity in value if isinstance(value, list) else [value]:
            found.append(activity["id"])
    return found
