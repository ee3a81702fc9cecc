"""Statement comparison (xAPI 1.0.3 Data 2.3.1): when two statements count as the same.

One set of rules for both places that compare: the store (a statement id sent again must carry
the same statement, else 409) and the signature check (the signed payload must be the
statement that arrived).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from lms.xapi.validation import StatementInvalid, parse_timestamp

# Properties the LRS may set or replace: a difference in them is only a difference when both
# sides carry the property.
LRS_SET = ("id", "authority", "stored", "timestamp", "version")


def same_statement(incoming: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Is ``incoming`` (as a client sent it) the statement already ``stored`` under its id?

    ``stored``, ``authority`` and ``version`` are the LRS's own; ``id`` and ``timestamp`` count
    when the client sent them.
    """
    keep = {key for key in ("id", "timestamp") if key in incoming}
    return comparable(incoming, keep=keep) == comparable(stored, keep=keep)


def comparable(statement: dict[str, Any], keep: set[str] | tuple[str, ...] = LRS_SET) -> dict[str, Any]:
    """``statement`` reduced to what the comparison rules (Data 2.3.1) let differ by nothing.

    Dropped: attachments (not part of the statement), the LRS-set properties not in ``keep``,
    Verb display and Activity definitions (not part of the statement either: the LRS's "format"
    parameter changes them). Normalised: case of UUIDs and mailbox domains, timestamps to the
    instant, order of Group members, a single context activity to a list of one, the default
    objectType of Activities and Agents.
    """
    result = {k: v for k, v in statement.items() if k != "attachments" and (k not in LRS_SET or k in keep)}
    if isinstance(result.get("id"), str):
        result["id"] = _uuid(result["id"])
    if isinstance(result.get("timestamp"), str):
        result["timestamp"] = _instant(result["timestamp"])
    if isinstance(result.get("verb"), dict):
        result["verb"] = {k: v for k, v in result["verb"].items() if k != "display"}
    for key in ("actor", "authority"):
        result[key] = _agent(result.get(key))
    result["object"] = _object(result.get("object"))
    if isinstance(result.get("context"), dict):
        result["context"] = _context(result["context"])
    return {k: v for k, v in result.items() if v is not None}


def _object(obj: Any) -> Any:
    if not isinstance(obj, dict):
        return obj
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return {"objectType": "Activity", **{k: v for k, v in obj.items() if k != "definition"}}
    if kind == "StatementRef" and isinstance(obj.get("id"), str):
        return {**obj, "id": _uuid(obj["id"])}
    if kind == "SubStatement":
        return comparable(obj, keep=())
    return _agent(obj)


def _context(context: dict[str, Any]) -> dict[str, Any]:
    context = dict(context)
    if isinstance(context.get("registration"), str):
        context["registration"] = _uuid(context["registration"])
    if isinstance(context.get("statement"), dict):
        context["statement"] = _object({"objectType": "StatementRef", **context["statement"]})
    for key in ("instructor", "team"):
        if key in context:
            context[key] = _agent(context[key])
    if isinstance(context.get("contextActivities"), dict):
        context["contextActivities"] = {
            key: [_object(a) for a in (value if isinstance(value, list) else [value])]
            for key, value in context["contextActivities"].items()
        }
    return context


def _agent(agent: Any) -> Any:
    """An Agent or Group with the mailbox domain in lower case and Group members in a fixed order."""
    if not isinstance(agent, dict):
        return agent
    agent = {"objectType": "Agent", **agent}
    if isinstance(agent.get("mbox"), str) and "@" in agent["mbox"]:
        local, domain = agent["mbox"].rsplit("@", 1)
        agent["mbox"] = f"{local}@{domain.lower()}"
    if isinstance(agent.get("member"), list):
        members = [_agent(member) for member in agent["member"]]
        agent["member"] = sorted(members, key=lambda member: json.dumps(member, sort_keys=True))
    return agent


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return value


def _instant(value: str) -> str:
    try:
        return parse_timestamp(value, "timestamp").isoformat()
    except StatementInvalid:
        return value
