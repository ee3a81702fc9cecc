"""The Statement resource: PUT/POST (JSON or multipart/mixed), GET/HEAD (single or filtered)."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from typing import Any

from flask import Response, request
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from lms.db import db, restart_long_wal
from lms.xapi import formats
from lms.xapi.agents import agent_key
from lms.xapi.api.attachments import declared, match_parts
from lms.xapi.api.http import XapiError, XRequest, json_response, parse_json, resource
from lms.xapi.api.multipart import build_multipart, parse_multipart, split_statement_body
from lms.xapi.clients import ClientIdentity
from lms.xapi.funnel import ingest_batch
from lms.xapi.models import Attachment, Statement
from lms.xapi.query import StatementQuery, ceiling, find
from lms.xapi.store import StatementConflict
from lms.xapi.validation import (
    parse_timestamp,
    validate_agent,
    validate_iri,
    validate_statement,
    validate_statements,
    validate_uuid,
)

FILTERS = {
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "ascending",
}
GET_PARAMS = FILTERS | {"statementId", "voidedStatementId", "format", "attachments", "more"}
MAX_LIMIT = 500


@resource(
    "/statements",
    "statements",
    params={"GET": GET_PARAMS, "HEAD": GET_PARAMS, "PUT": {"statementId"}, "POST": set()},
    scopes={"GET": "statements/read", "HEAD": "statements/read", "PUT": "statements/write", "POST": "statements/write"},
    required={"PUT": {"statementId"}},
)
def statements(xr: XRequest, client: ClientIdentity) -> Response:
    if xr.method in ("GET", "HEAD"):
        return _get(xr)
    data, parts = _read_body(xr)
    if xr.method == "PUT":
        statement_id = validate_uuid(xr.params["statementId"], "statementId")
        if not isinstance(data, dict):
            raise XapiError(400, "PUT takes a single statement object", "body")
        if "id" in data and str(data["id"]).lower() != statement_id.lower():
            raise XapiError(400, "the statement id differs from the statementId parameter", "statement.id")
        data = {**data, "id": data.get("id", statement_id)}
        validate_statement(data)
        batch = [data]
    else:
        validate_statements(data)
        batch = data if isinstance(data, list) else [data]
    bodies = match_parts(batch, parts)
    outcomes = _store(batch, bodies, client)
    if xr.method == "PUT":
        return Response(status=204)
    return json_response([outcome.statement["id"] for outcome in outcomes])


def _read_body(xr: XRequest) -> tuple[Any, dict]:
    if not xr.body:
        raise XapiError(400, "the request has no statement in its body", "body")
    if xr.mimetype == "multipart/mixed":
        json_bytes, parts = split_statement_body(parse_multipart(xr.body, xr.content_type))
        return parse_json(json_bytes, "statement"), parts
    if xr.mimetype != "application/json":
        raise XapiError(
            400,
            f"unsupported Content-Type {xr.mimetype or 'none'!r}; use application/json or multipart/mixed",
            "Content-Type",
        )
    return parse_json(xr.body, "statement"), {}


def _store(batch: list[dict[str, Any]], bodies: list[tuple[str, str, bytes]], client: ClientIdentity):
    """Write the batch atomically; SQLite takes the write lock up front (BEGIN IMMEDIATE) and
    afterwards keeps its write-ahead log from growing without bound under steady ingest."""
    for attempt in range(3):
        db.session.commit()  # end the read transaction of authentication
        db.session.connection(execution_options={"sqlite_immediate": True})
        try:
            outcomes = ingest_batch(batch, client.authority)
            _store_bodies(bodies)
            db.session.commit()
        except StatementConflict as error:
            db.session.rollback()
            raise XapiError(409, str(error), "id") from error
        except IntegrityError:  # a concurrent writer stored the same id first: compare again
            db.session.rollback()
            if attempt == 2:
                raise
            continue
        restart_long_wal()
        return outcomes
    raise AssertionError("unreachable")


def _store_bodies(bodies: list[tuple[str, str, bytes]]) -> None:
    if not bodies:
        return
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    rows = [{"sha2": sha2, "content_type": ctype, "content": content} for sha2, ctype, content in bodies]
    db.session.execute(dialect.insert(Attachment.__table__).on_conflict_do_nothing(index_elements=["sha2"]), rows)


def _bool(params: dict[str, str], name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise XapiError(400, f"{name} must be true or false", name)
    return value == "true"


def _get(xr: XRequest) -> Response:
    params = xr.params
    fmt = params.get("format", "exact")
    if fmt not in ("exact", "ids", "canonical"):
        raise XapiError(400, "format must be ids, exact or canonical", "format")
    with_attachments = _bool(params, "attachments")
    if "statementId" in params or "voidedStatementId" in params:
        return _get_one(params, fmt, with_attachments)
    if "more" in params:
        if len(params) > 1:
            raise XapiError(400, "more cannot be combined with other parameters", "more")
        params = _decode_more(params["more"])
        fmt, with_attachments = params.get("format", "exact"), params.get("attachments") == "true"
    query = _query(params)
    rows, more = find(query)
    next_url = ""
    if more and rows:
        next_url = request.script_root + "/xapi/statements?more=" + _encode_more(params, rows[-1][0], query.ceiling)
    if fmt == "exact" and not with_attachments:
        return _exact_page([text for _pk, text in rows], next_url)
    languages = _languages()
    found = [formats.format_statement(json.loads(text), fmt, languages) for _pk, text in rows]
    return _answer({"statements": found, "more": next_url}, found, with_attachments)


def _exact_page(texts: list[str], next_url: str) -> Response:
    """A StatementResult of stored statements as they are: their stored JSON text spliced in.

    ``full_json`` is already compact UTF-8 JSON, so this is byte for byte what parsing and
    serialising it again would give, without the cost of either.
    """
    body = '{"statements":[' + ",".join(texts) + '],"more":' + json.dumps(next_url) + "}"
    return Response(body, mimetype="application/json")


def _get_one(params: dict[str, str], fmt: str, with_attachments: bool) -> Response:
    both = "statementId" in params and "voidedStatementId" in params
    extra = sorted(set(params) - {"statementId", "voidedStatementId", "format", "attachments"})
    if both or extra:
        raise XapiError(
            400,
            "statementId/voidedStatementId only combine with format and attachments",
            (extra or ["voidedStatementId"])[0],
        )
    name = "statementId" if "statementId" in params else "voidedStatementId"
    statement_id = uuid.UUID(validate_uuid(params[name], name))
    row = db.session.execute(
        select(Statement.full_json, Statement.voided).where(Statement.statement_id == statement_id)
    ).first()
    if row is None or row.voided != (name == "voidedStatementId"):
        raise XapiError(404, f"no {'voided ' if name != 'statementId' else ''}statement with this id", name)
    statement = formats.format_statement(json.loads(row.full_json), fmt, _languages())
    return _answer(statement, [statement], with_attachments)


def _answer(document: Any, found: list[dict[str, Any]], with_attachments: bool) -> Response:
    if not with_attachments:
        return json_response(document)
    hashes = list(dict.fromkeys(a["sha2"].lower() for s in found for a in declared(s) if "sha2" in a))
    bodies = []
    if hashes:
        rows = db.session.execute(select(Attachment).where(Attachment.sha2.in_(hashes))).scalars()
        bodies = [(a.sha2, a.content_type, a.content) for a in rows]
    body, content_type = build_multipart(document, bodies)
    response = Response(body, status=200)
    response.headers["Content-Type"] = content_type
    return response


def _languages() -> list[str]:
    return [value for value, _quality in request.accept_languages]


def _query(params: dict[str, str]) -> StatementQuery:
    q = StatementQuery()
    if "agent" in params:
        agent = parse_json(params["agent"].encode(), "agent")
        validate_agent(agent, "agent")
        if not isinstance(agent, dict) or not any(k in agent for k in ("mbox", "mbox_sha1sum", "openid", "account")):
            raise XapiError(400, "agent must be an Agent or identified Group", "agent")
        q.agent_key = agent_key(agent)
    if "verb" in params:
        q.verb = validate_iri(params["verb"], "verb")
    if "activity" in params:
        q.activity = validate_iri(params["activity"], "activity")
    if "registration" in params:
        q.registration = uuid.UUID(validate_uuid(params["registration"], "registration"))
    q.related_activities, q.related_agents = _bool(params, "related_activities"), _bool(params, "related_agents")
    q.ascending = _bool(params, "ascending")
    if "since" in params:
        q.since = parse_timestamp(params["since"], "since")
    if "until" in params:
        q.until = parse_timestamp(params["until"], "until")
    limit = params.get("limit", "0")
    if not limit.isdigit():
        raise XapiError(400, "limit must be a non-negative integer", "limit")
    q.limit = min(int(limit), MAX_LIMIT) or 100
    q.cursor = int(params["_cursor"]) if "_cursor" in params else None
    q.ceiling = int(params["_ceiling"]) if "_ceiling" in params else ceiling()
    return q


def _encode_more(params: dict[str, str], cursor: int, top: int | None) -> str:
    state = {k: v for k, v in params.items() if not k.startswith("_")} | {"_cursor": str(cursor), "_ceiling": str(top)}
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode_more(token: str) -> dict[str, str]:
    try:
        state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise XapiError(400, "more token is not valid", "more") from error
    allowed = FILTERS | {"format", "attachments", "_cursor", "_ceiling"}
    if not isinstance(state, dict) or not all(isinstance(v, str) and k in allowed for k, v in state.items()):
        raise XapiError(400, "more token is not valid", "more")
    if not all(state.get(k, "0").isdigit() for k in ("_cursor", "_ceiling")):
        raise XapiError(400, "more token is not valid", "more")
    return state
