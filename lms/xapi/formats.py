"""The ``format`` parameter of GET /statements: exact, ids and canonical."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lms.xapi import activities

IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
LANGUAGE_MAP_KEYS = ("name", "description")
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")


def format_statement(statement: dict[str, Any], fmt: str, languages: list[str]) -> dict[str, Any]:
    if fmt == "ids":
        return _walk(statement, agent=_agent_ids, activity=lambda a: {"id": a["id"]}, verb=lambda v: {"id": v["id"]})
    if fmt == "canonical":
        return _walk(
            statement,
            agent=lambda a: a,
            activity=lambda a: _canonical_activity(a, languages),
            verb=lambda v: _canonical_verb(v, languages),
        )
    return statement


def _walk(statement: dict[str, Any], *, agent: Callable, activity: Callable, verb: Callable) -> dict[str, Any]:
    result = dict(statement)
    result["actor"] = agent(statement["actor"])
    result["verb"] = verb(statement["verb"])
    if "authority" in statement:
        result["authority"] = agent(statement["authority"])
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        result["object"] = activity(obj)
    elif kind in ("Agent", "Group"):
        result["object"] = agent(obj)
    elif kind == "SubStatement":
        result["object"] = _walk(obj, agent=agent, activity=activity, verb=verb)
    if isinstance(statement.get("context"), dict):
        result["context"] = _context(statement["context"], agent, activity)
    return result


def _context(context: dict[str, Any], agent: Callable, activity: Callable) -> dict[str, Any]:
    result = dict(context)
    for key in ("instructor", "team"):
        if key in context:
            result[key] = agent(context[key])
    if isinstance(context.get("contextActivities"), dict):
        result["contextActivities"] = {
            key: [activity(a) for a in (value if isinstance(value, list) else [value])]
            for key, value in context["contextActivities"].items()
        }
    return result


def _agent_ids(agent: dict[str, Any]) -> dict[str, Any]:
    result = {k: agent[k] for k in ("objectType", *IFIS) if k in agent}
    if agent.get("objectType") == "Group" and not any(k in agent for k in IFIS):
        result["member"] = [_agent_ids(m) for m in agent.get("member", [])]
    return result


def best_language(keys: list[str], languages: list[str]) -> str | None:
    """The key of a language map that best fits the Accept-Language preferences."""
    lowered = {k.lower(): k for k in keys}
    for wanted in languages:
        if wanted.lower() in lowered:
            return lowered[wanted.lower()]
    for wanted in languages:
        primary = wanted.lower().split("-")[0]
        for key in keys:
            if key.lower().split("-")[0] == primary:
                return key
    if "und" in lowered:
        return lowered["und"]
    return keys[0] if keys else None


def reduce_map(value: Any, languages: list[str]) -> Any:
    if not isinstance(value, dict) or not value:
        return value
    key = best_language(list(value), languages)
    return {key: value[key]}


def _canonical_verb(verb: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    result = dict(verb)
    if "display" in verb:
        result["display"] = reduce_map(verb["display"], languages)
    return result


def _canonical_activity(activity: dict[str, Any], languages: list[str]) -> dict[str, Any]:
    definition = activities.definition_of(activity["id"]) or activity.get("definition")
    result = {k: v for k, v in activity.items() if k != "definition"}
    if definition:
        definition = dict(definition)
        for key in LANGUAGE_MAP_KEYS:
            if key in definition:
                definition[key] = reduce_map(definition[key], languages)
        for key in COMPONENT_LISTS:
            if isinstance(definition.get(key), list):
                definition[key] = [
                    {**c, "description": reduce_map(c.get("description"), languages)} if "description" in c else c
                    for c in definition[key]
                ]
        result["definition"] = definition
    return result
