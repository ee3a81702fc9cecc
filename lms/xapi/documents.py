"""State, Activity Profile and Agent Profile documents: storage, ETags, JSON merge.

Services raise :class:`DocumentError` (status + message) for what the HTTP layer answers
with 400/409/412; they add and flush, never commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from lms.db import db, utcnow
from lms.xapi.models import Document, DocumentKind

JSON_TYPE = "application/json"


class DocumentError(Exception):
    def __init__(self, status: int, message: str, prop: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.prop = status, message, prop


@dataclass(frozen=True)
class Scope:
    """Which document set: kind plus activity, agent (IFI key) and registration ('' when unused)."""

    kind: DocumentKind
    activity_id: str = ""
    agent_key: str = ""
    registration: str = ""

    def where(self) -> list[Any]:
        return [
            Document.kind == self.kind,
            Document.activity_id == self.activity_id,
            Document.agent_key == self.agent_key,
            Document.registration == self.registration,
        ]


def etag_of(content: bytes) -> str:
    return hashlib.sha1(content).hexdigest()  # noqa: S324 (an ETag, not a security hash)


def get(scope: Scope, document_id: str) -> Document | None:
    return db.session.scalar(select(Document).where(*scope.where(), Document.document_id == document_id))


def list_ids(scope: Scope, since: dt.datetime | None) -> list[str]:
    query = select(Document.document_id).where(*scope.where())
    if since is not None:
        query = query.where(Document.updated_at > since)
    return list(db.session.scalars(query.order_by(Document.document_id)))


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/").strip('"') for t in header.split(",")]
    return "*" in tags or etag in tags


def check_preconditions(doc: Document | None, if_match: str | None, if_none_match: str | None) -> None:
    if if_match is not None and (doc is None or not _matches(if_match, doc.etag)):
        raise DocumentError(412, "If-Match does not match the current document", "If-Match")
    if if_none_match is not None and doc is not None and _matches(if_none_match, doc.etag):
        raise DocumentError(412, "If-None-Match: the document exists", "If-None-Match")


def _mimetype(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _parse_json_object(content: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise DocumentError(400, f"{what} is not valid JSON", "body") from error
    if not isinstance(value, dict):
        raise DocumentError(400, f"{what} must be a JSON object to be merged", "body")
    return value


def put(scope: Scope, document_id: str, content: bytes, content_type: str, *, replace_only: bool = True) -> Document:
    """Store (create or replace) a document."""
    content_type = content_type or "application/octet-stream"
    if _mimetype(content_type) == JSON_TYPE:
        try:
            json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise DocumentError(
                400, "the document is labelled application/json but is not valid JSON", "body"
            ) from error
        content_type = JSON_TYPE
    doc = get(scope, document_id)
    if doc is None:
        doc = Document(
            kind=scope.kind,
            activity_id=scope.activity_id,
            agent_key=scope.agent_key,
            registration=scope.registration,
            document_id=document_id,
        )
        db.session.add(doc)
    doc.content, doc.content_type, doc.etag, doc.updated_at = content, content_type, etag_of(content), utcnow()
    db.session.flush()
    return doc


def post(scope: Scope, document_id: str, content: bytes, content_type: str) -> Document:
    """POST: merge a JSON object into an existing JSON document (top-level keys), or create it."""
    doc = get(scope, document_id)
    if doc is None:
        if _mimetype(content_type) == JSON_TYPE:
            _parse_json_object(content, "the posted document")
        return put(scope, document_id, content, content_type)
    if _mimetype(content_type) != JSON_TYPE or _mimetype(doc.content_type) != JSON_TYPE:
        raise DocumentError(400, "only JSON documents can be merged by POST; use PUT to replace", "Content-Type")
    merged = {
        **_parse_json_object(doc.content, "the stored document"),
        **_parse_json_object(content, "the posted document"),
    }
    return put(scope, document_id, json.dumps(merged, ensure_ascii=False).encode(), JSON_TYPE)


def remove(scope: Scope, document_id: str | None) -> None:
    """Delete one document, or every document of the scope."""
    query = delete(Document).where(*scope.where())
    if document_id is not None:
        query = query.where(Document.document_id == document_id)
    db.session.execute(query)
