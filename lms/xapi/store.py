"""Storing statements: LRS-set properties, immutability, voiding, index rows.

``store_statement`` is the single write path of the embedded LRS; the funnel in
:mod:`lms.xapi.funnel` calls it for the platform's own events and the HTTP API for statements
from outside. It adds and flushes, never commits.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import select, update

from lms.db import db, utcnow
from lms.xapi.agents import agent_key, group_members
from lms.xapi.models import AgentRelation, Statement, StatementActivity, StatementAgent

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"


class StatementConflict(Exception):
    """A statement id already exists with different content (HTTP 409)."""


def canonical_json(data: Any) -> str:
    """Deterministic JSON text (sorted keys, no spaces, UTF-8)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def format_timestamp(value: dt.datetime) -> str:
    """ISO 8601 in UTC with milliseconds precision, as the LRS returns ``stored``."""
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_timestamp(value: str) -> dt.datetime:
    """A validated ISO 8601 timestamp as an aware UTC datetime."""
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def prepare(statement: dict[str, Any], authority: dict[str, Any], stored: dt.datetime) -> dict[str, Any]:
    """The statement as the LRS keeps it: id, stored, authority, version and timestamp set."""
    prepared = dict(statement)
    prepared.setdefault("id", str(uuid.uuid4()))
    prepared["id"] = str(uuid.UUID(prepared["id"]))
    prepared["stored"] = format_timestamp(stored)
    prepared["authority"] = authority
    prepared.setdefault("version", "1.0.0")
    prepared.setdefault("timestamp", prepared["stored"])
    return prepared


def _comparable(statement: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in statement.items() if k not in {"stored", "authority", "version", "id"}}


def find_statement(statement_id: str | uuid.UUID) -> Statement | None:
    return db.session.scalar(select(Statement).where(Statement.statement_id == uuid.UUID(str(statement_id))))


def store_statement(statement: dict[str, Any], authority: dict[str, Any]) -> tuple[Statement, dict[str, Any], bool]:
    """Store one validated statement; returns (row, stored JSON, created).

    An identical statement with the same id is a no-op (``created`` False); a different one
    raises :class:`StatementConflict`. A voiding statement marks its target voided.
    """
    if "id" in statement:
        existing = find_statement(statement["id"])
        if existing is not None:
            stored_json = json.loads(existing.full_json)
            if canonical_json(_comparable(stored_json)) != canonical_json(_comparable(statement)):
                raise StatementConflict(f"statement {statement['id']} exists with different content")
            return existing, stored_json, False
    prepared = prepare(statement, authority, utcnow())
    row = _insert(prepared)
    if prepared["verb"]["id"] == VOIDED_VERB and prepared["object"].get("objectType") == "StatementRef":
        db.session.execute(
            update(Statement).where(Statement.statement_id == uuid.UUID(prepared["object"]["id"])).values(voided=True)
        )
    return row, prepared, True


def _insert(prepared: dict[str, Any]) -> Statement:
    obj = prepared["object"]
    object_type = obj.get("objectType", "Activity")
    context = prepared.get("context") or {}
    row = Statement(
        statement_id=uuid.UUID(prepared["id"]),
        actor_key=agent_key(prepared["actor"]),
        verb_id=prepared["verb"]["id"],
        object_type=object_type,
        object_activity_id=obj["id"] if object_type == "Activity" else None,
        object_statement_id=uuid.UUID(obj["id"]) if object_type == "StatementRef" else None,
        registration=uuid.UUID(context["registration"]) if context.get("registration") else None,
        timestamp=parse_timestamp(prepared["timestamp"]),
        stored=parse_timestamp(prepared["stored"]),
        full_json=canonical_json(prepared),
    )
    db.session.add(row)
    db.session.flush()
    db.session.add_all(_agent_links(row.id, prepared) + _activity_links(row.id, prepared))
    return row


def _agent_links(pk: int, statement: dict[str, Any]) -> list[StatementAgent]:
    links = {(agent_key(statement["actor"]), AgentRelation.ACTOR)}
    links |= {(agent_key(m), AgentRelation.RELATED) for m in group_members(statement["actor"])}
    obj = statement["object"]
    if obj.get("objectType") in ("Agent", "Group"):
        links.add((agent_key(obj), AgentRelation.OBJECT))
    for related in _related_agents(statement):
        links.add((agent_key(related), AgentRelation.RELATED))
    return [StatementAgent(statement_pk=pk, agent_key=key, relation=rel) for key, rel in sorted(links)]


def _related_agents(statement: dict[str, Any]) -> list[dict[str, Any]]:
    context = statement.get("context") or {}
    agents = [statement.get("authority"), context.get("instructor"), context.get("team")]
    obj = statement["object"]
    if obj.get("objectType") == "SubStatement":
        agents += [obj.get("actor"), *(_related_agents({**obj, "authority": None}))]
        if obj["object"].get("objectType") in ("Agent", "Group"):
            agents.append(obj["object"])
    expanded = []
    for agent in filter(None, agents):
        expanded += [agent, *group_members(agent)]
    return expanded


def _activity_links(pk: int, statement: dict[str, Any]) -> list[StatementActivity]:
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
    return [StatementActivity(statement_pk=pk, activity_id=a, is_object=o) for a, o in sorted(ids.items())]


def _context_activity_ids(statement: dict[str, Any]) -> list[str]:
    context_activities = (statement.get("context") or {}).get("contextActivities") or {}
    found = []
    for value in context_activities.values():
        for activity in value if isinstance(value, list) else [value]:
            found.append(activity["id"])
    return found
