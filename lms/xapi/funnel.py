"""The one funnel for learning events: build → validate → store → project → outbox.

Every learning event of the platform goes through :func:`record` (or :func:`record_event`,
which builds the statement first); statements from outside come in through the LRS HTTP API
and :func:`ingest_batch`. Both run in the caller's transaction, so the stored statements, the
updated projections and the outbox entries are committed together or not at all.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from lms.db import db, utcnow
from lms.xapi import vocabulary as vocab
from lms.xapi.models import Statement
from lms.xapi.projection import project
from lms.xapi.store import Stored, format_timestamp, store_batch
from lms.xapi.validation import validate_statement

PLATFORM = "Zukunftsmacher Lernplattform"


def build_statement(
    actor_public_id: str | uuid.UUID,
    verb: vocab.Verb,
    obj: dict[str, Any],
    *,
    result: dict[str, Any] | None = None,
    registration: uuid.UUID | str | None = None,
    parent: dict[str, Any] | None = None,
    grouping: dict[str, Any] | None = None,
    extensions: dict[str, Any] | None = None,
    timestamp: dt.datetime | None = None,
) -> dict[str, Any]:
    """An xAPI 1.0.3 statement for a platform event (actor = the person's opaque account)."""
    context: dict[str, Any] = {"language": "de-DE", "platform": PLATFORM}
    if registration is not None:
        context["registration"] = str(registration)
    context_activities: dict[str, Any] = {}
    if parent is not None:
        context_activities["parent"] = [_reference(parent)]
    if grouping is not None:
        context_activities["grouping"] = [_reference(grouping)]
    if context_activities:
        context["contextActivities"] = context_activities
    if extensions:
        context["extensions"] = extensions
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": vocab.actor_account(str(actor_public_id)),
        "verb": verb.as_json(),
        "object": obj,
        "context": context,
        "timestamp": format_timestamp(timestamp or utcnow()),
    }
    if result:
        statement["result"] = result
    return statement


def _reference(activity: dict[str, Any]) -> dict[str, Any]:
    return {"objectType": "Activity", "id": activity["id"]}


def record(statement: dict[str, Any]) -> Statement:
    """Validate, store, project and enqueue one platform statement (authority: the platform).

    Raises ``StatementInvalid`` if the statement breaks the xAPI rules: for the platform's own
    events that is a programming error and must not be hidden.
    """
    validate_statement(statement)
    [outcome] = ingest_batch([statement], vocab.platform_authority())
    return db.session.get(Statement, outcome.pk)


def record_event(actor_public_id: str | uuid.UUID, verb: vocab.Verb, obj: dict[str, Any], **kwargs: Any) -> Statement:
    """Build and record a statement in one call (see :func:`build_statement` for options)."""
    return record(build_statement(actor_public_id, verb, obj, **kwargs))


def ingest_batch(statements: list[dict[str, Any]], authority: dict[str, Any]) -> list[Stored]:
    """Store validated statements in bulk, project the new ones and enqueue them for forwarding."""
    outcomes = store_batch(statements, authority)
    project([outcome.statement for outcome in outcomes if outcome.created])
    return outcomes
