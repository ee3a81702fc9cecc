"""The xAPI shapes of the training-plan world: activities, extensions and parsing them back.

Builders used by the services and the parsers used by the projection live side by side, so a
statement written here is always one the projection understands.
"""

from __future__ import annotations

from typing import Any

from lms.plans.models import FrameworkItem
from lms.plans.task_models import Task
from lms.xapi import vocabulary as vocab


def item_activity(item: FrameworkItem) -> dict[str, Any]:
    """The activity of a framework item (plan code / position number / letter)."""
    position = item.position
    return vocab.activity(
        "framework-item",
        position.plan.code,
        position.number,
        item.letter,
        name=f"{position.number} {item.letter}) {item.text}"[:250],
    )


def item_iri(item: FrameworkItem) -> str:
    return vocab.activity_iri("framework-item", item.position.plan.code, item.position.number, item.letter)


def task_activity(task: Task) -> dict[str, Any]:
    return vocab.activity("task", str(task.public_id), name=task.title)


def step_activity(task: Task, step: str) -> dict[str, Any]:
    return vocab.activity("task-step", str(task.public_id), step, name=f"{task.title}: {step}")


def ext(name: str) -> str:
    return vocab.extension_iri(name)


def extensions(statement: dict[str, Any]) -> dict[str, Any]:
    """The context extensions of a statement (empty dict if none)."""
    return (statement.get("context") or {}).get("extensions") or {}


def ext_value(statement: dict[str, Any], name: str, default: Any = None) -> Any:
    return extensions(statement).get(ext(name), default)


def parse_activity(iri: str) -> tuple[str, list[str]] | None:
    """(kind, parts) of a platform activity IRI, or None for foreign IRIs."""
    prefix = f"{vocab.iri_base()}activities/"
    if not iri.startswith(prefix):
        return None
    kind, _, tail = iri.removeprefix(prefix).partition("/")
    return kind, tail.split("/")


def verb_name(statement: dict[str, Any]) -> str | None:
    """The profile verb name (e.g. "approved") or None for other verbs."""
    prefix = vocab.profile_iri("verbs/")
    verb_id = statement["verb"]["id"]
    return verb_id.removeprefix(prefix) if verb_id.startswith(prefix) else None
