"""PROJECTION of training-record statements into ``record_week_status``.

Everything derives from the statement: the week from the object IRI, the revision from the
context extension, the reviewer from the actor's opaque account, the time from ``timestamp``.
Two lookups give the statistics integer keys: the week's apprentice (from ``record_week``, NULL
once the week is deleted) and the reviewer's user id (from the account name).
``flask lms xapi rebuild-progress`` resets and replays, which must give the same table.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import delete, select

from lms.db import db
from lms.records.models import TrainingRecordWeek, TrainingRecordWeekStatus, WeekStatus
from lms.xapi import vocabulary as vocab
from lms.xapi.projection import Projection, account_user_id, register_projection
from lms.xapi.store import parse_timestamp

# verb name -> the status it leads to
VERB_STATUS = {
    "submitted": WeekStatus.SUBMITTED,
    "reviewed": WeekStatus.REVIEWED,
    "returned": WeekStatus.RETURNED,
    "revised": WeekStatus.DRAFT,
}


def week_public_id(statement: dict[str, Any]) -> uuid.UUID | None:
    """The week a statement is about, or None if it is not about a record week."""
    obj = statement.get("object") or {}
    if (obj.get("definition") or {}).get("type") != vocab.activity_type("record-week"):
        return None
    prefix = vocab.activity_iri("record-week", "")
    iri = obj.get("id", "")
    if not iri.startswith(prefix):
        return None
    try:
        return uuid.UUID(iri.removeprefix(prefix))
    except ValueError:
        return None


def _verb_name(statement: dict[str, Any]) -> str | None:
    verb_iri = statement.get("verb", {}).get("id", "")
    prefix = vocab.profile_iri("verbs/")
    name = verb_iri.removeprefix(prefix) if verb_iri.startswith(prefix) else None
    return name if name in VERB_STATUS else None


def apply(statement: dict[str, Any]) -> None:
    """Move the week's status row to the state the statement's verb leads to."""
    name = _verb_name(statement)
    public_id = week_public_id(statement) if name else None
    if public_id is None:
        return
    at = parse_timestamp(statement["timestamp"])
    extensions = (statement.get("context") or {}).get("extensions") or {}
    revision = int(extensions.get(vocab.extension_iri("revision"), 1))
    row = db.session.get(TrainingRecordWeekStatus, public_id)
    if row is None:
        row = TrainingRecordWeekStatus(week_public_id=public_id, return_count=0)
        row.apprentice_id = _apprentice_of(public_id)
        db.session.add(row)
    row.status = VERB_STATUS[name].value
    row.revision = revision
    row.updated_at = at
    if name == "submitted":
        row.submitted_at = at
    elif name == "reviewed":
        _reviewed(row, at, uuid.UUID(statement["actor"]["account"]["name"]))
    elif name == "returned":
        row.returned_at = at
        row.return_count = (row.return_count or 0) + 1
    elif name == "revised":
        row.submitted_at = row.reviewed_at = row.reviewer_public_id = None
        row.reviewer_id = row.review_seconds = None
    db.session.flush()


def _reviewed(row: TrainingRecordWeekStatus, at: dt.datetime, reviewer: uuid.UUID) -> None:
    """Record the review: when, by whom, and how long after the (last) submission."""
    row.reviewed_at = at
    row.reviewer_public_id = reviewer
    row.reviewer_id = account_user_id(reviewer)
    row.review_seconds = review_seconds(row.submitted_at, at)


def review_seconds(submitted_at: dt.datetime | None, reviewed_at: dt.datetime) -> int | None:
    """Whole seconds from submission to review, both cut to the second (as the migration's SQL does)."""
    if submitted_at is None:
        return None
    return int((reviewed_at.replace(microsecond=0) - submitted_at.replace(microsecond=0)).total_seconds())


def _apprentice_of(week: uuid.UUID) -> int | None:
    """The apprentice whose week it is (None if the week has been deleted since)."""
    return db.session.scalar(select(TrainingRecordWeek.apprentice_id).where(TrainingRecordWeek.public_id == week))


def reset() -> None:
    """Empty the projection table."""
    db.session.execute(delete(TrainingRecordWeekStatus))


PROJECTION = register_projection(Projection("records", apply, reset))
