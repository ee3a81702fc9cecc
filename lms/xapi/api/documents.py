"""The document resources: State, Activity Profile, Agent Profile."""

from __future__ import annotations

from flask import Response

from lms.db import db
from lms.xapi import documents
from lms.xapi.agents import agent_key
from lms.xapi.api.http import XapiError, XRequest, json_response, parse_json, resource
from lms.xapi.clients import ClientIdentity
from lms.xapi.models import DocumentKind
from lms.xapi.validation import parse_timestamp, validate_agent, validate_iri, validate_uuid

STATE = {"activityId", "agent", "registration", "stateId"}
ACTIVITY_PROFILE = {"activityId", "profileId"}
AGENT_PROFILE = {"agent", "profileId"}


def _params(base: set[str]) -> dict[str, set[str]]:
    return {"GET": base | {"since"}, "HEAD": base | {"since"}, "PUT": base, "POST": base, "DELETE": base}


def _required(base: set[str], doc_param: str, *, delete_needs_id: bool) -> dict[str, set[str]]:
    needed = {"GET": base, "HEAD": base, "PUT": base | {doc_param}, "POST": base | {doc_param}}
    needed["DELETE"] = base | {doc_param} if delete_needs_id else base
    return needed


def _agent(xr: XRequest) -> str:
    agent = parse_json(xr.params["agent"].encode("utf-8"), "agent")
    if not isinstance(agent, dict):
        raise XapiError(400, "agent must be a JSON Agent object", "agent")
    validate_agent(agent, "agent")
    return agent_key(agent)


def _handle(xr: XRequest, scope: documents.Scope, doc_param: str, *, require_precondition: bool) -> Response:
    document_id = xr.params.get(doc_param)
    try:
        if xr.method in ("GET", "HEAD"):
            return _read(xr, scope, document_id)
        if xr.method == "DELETE":
            if document_id is not None:
                documents.check_preconditions(
                    documents.get(scope, document_id), xr.headers.get("If-Match"), xr.headers.get("If-None-Match")
                )
            documents.remove(scope, document_id)
        else:
            _write(xr, scope, document_id, require_precondition=require_precondition)
    except documents.DocumentError as error:
        raise XapiError(error.status, error.message, error.prop) from error
    db.session.commit()
    return Response(status=204)


def _write(xr: XRequest, scope: documents.Scope, document_id: str, *, require_precondition: bool) -> None:
    existing = documents.get(scope, document_id)
    if_match, if_none_match = xr.headers.get("If-Match"), xr.headers.get("If-None-Match")
    documents.check_preconditions(existing, if_match, if_none_match)
    if xr.method == "PUT":
        if require_precondition and if_match is None and if_none_match is None:
            if existing is not None:
                raise XapiError(
                    409, "the document exists: send If-Match with its ETag (or If-None-Match: *)", "If-Match"
                )
            raise XapiError(400, "PUT needs an If-Match or If-None-Match header", "If-Match")
        documents.put(scope, document_id, xr.body, xr.content_type)
    else:
        documents.post(scope, document_id, xr.body, xr.content_type)


def _read(xr: XRequest, scope: documents.Scope, document_id: str | None) -> Response:
    if document_id is None:
        since = parse_timestamp(xr.params["since"], "since") if "since" in xr.params else None
        return json_response(documents.list_ids(scope, since))
    if "since" in xr.params:
        raise XapiError(400, "since only applies when asking for the list of ids", "since")
    doc = documents.get(scope, document_id)
    if doc is None:
        raise XapiError(404, "no such document")
    response = Response(doc.content, status=200)
    response.headers["Content-Type"] = doc.content_type
    response.headers["ETag"] = f'"{doc.etag}"'
    response.last_modified = doc.updated_at
    return response


@resource(
    "/activities/state",
    "state",
    params=_params(STATE),
    scopes=dict.fromkeys(_params(STATE), "state"),
    required=_required({"activityId", "agent"}, "stateId", delete_needs_id=False),
)
def state(xr: XRequest, client: ClientIdentity) -> Response:
    activity_id = validate_iri(xr.params["activityId"], "activityId")
    registration = (
        validate_uuid(xr.params["registration"], "registration").lower() if "registration" in xr.params else ""
    )
    scope = documents.Scope(DocumentKind.STATE, activity_id, _agent(xr), registration)
    return _handle(xr, scope, "stateId", require_precondition=False)


@resource(
    "/activities/profile",
    "activity_profile",
    params=_params(ACTIVITY_PROFILE),
    scopes=dict.fromkeys(_params(ACTIVITY_PROFILE), "profile"),
    required=_required({"activityId"}, "profileId", delete_needs_id=True),
)
def activity_profile(xr: XRequest, client: ClientIdentity) -> Response:
    scope = documents.Scope(
        DocumentKind.ACTIVITY_PROFILE, activity_id=validate_iri(xr.params["activityId"], "activityId")
    )
    return _handle(xr, scope, "profileId", require_precondition=True)


@resource(
    "/agents/profile",
    "agent_profile",
    params=_params(AGENT_PROFILE),
    scopes=dict.fromkeys(_params(AGENT_PROFILE), "profile"),
    required=_required({"agent"}, "profileId", delete_needs_id=True),
)
def agent_profile(xr: XRequest, client: ClientIdentity) -> Response:
    scope = documents.Scope(DocumentKind.AGENT_PROFILE, agent_key=_agent(xr))
    return _handle(xr, scope, "profileId", require_precondition=True)
