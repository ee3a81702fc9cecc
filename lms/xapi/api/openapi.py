"""An OpenAPI 3.0 description of the LRS API at /xapi/openapi.json (for clients and fuzzing)."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from lms.xapi.api.http import bp, json_response

JSON_OBJECT = {"type": "object"}
STATEMENTS_GET = [
    "statementId",
    "voidedStatementId",
    "agent",
    "verb",
    "activity",
    "registration",
    "related_activities",
    "related_agents",
    "since",
    "until",
    "limit",
    "format",
    "attachments",
    "ascending",
    "more",
]
DOCUMENT_RESOURCES = {
    "/activities/state": (["activityId", "agent", "registration", "stateId", "since"], ["activityId", "agent"]),
    "/activities/profile": (["activityId", "profileId", "since"], ["activityId"]),
    "/agents/profile": (["agent", "profileId", "since"], ["agent"]),
}


def _param(name: str, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": {"type": "string"}}


def _op(
    summary: str,
    params: list[str],
    required: list[str] = (),
    body: bool = False,
    responses: dict[str, str] | None = None,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "parameters": [{"$ref": "#/components/parameters/Version"}] + [_param(p, p in required) for p in params],
        "responses": {code: {"description": text} for code, text in (responses or {"200": "OK"}).items()}
        | {"400": {"description": "invalid request"}, "401": {"description": "no or wrong credentials"}},
    }
    if body:
        op["requestBody"] = {"content": {"application/json": {"schema": {}}}}
    return op


def openapi_document() -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/about": {"get": {"summary": "LRS versions", "security": [], "responses": {"200": {"description": "OK"}}}},
        "/statements": {
            "get": _op(
                "Get one statement or a StatementResult", STATEMENTS_GET, responses={"200": "OK", "404": "none"}
            ),
            "put": _op(
                "Store a statement with the given id",
                ["statementId"],
                ["statementId"],
                True,
                {"204": "stored", "409": "id exists with different content"},
            ),
            "post": _op("Store one or more statements", [], body=True, responses={"200": "ids"}),
        },
        "/activities": {"get": _op("Activity with its merged definition", ["activityId"], ["activityId"])},
        "/agents": {"get": _op("Person object for an agent", ["agent"], ["agent"])},
    }
    for path, (params, required) in DOCUMENT_RESOURCES.items():
        doc_param = params[-2]
        paths[path] = {
            "get": _op("A document, or the list of ids", params, required),
            "put": _op("Store a document", params[:-1], [*required, doc_param], True, {"204": "stored"}),
            "post": _op("Merge a JSON document", params[:-1], [*required, doc_param], True, {"204": "stored"}),
            "delete": _op("Delete a document (or all)", params[:-1], required, responses={"204": "deleted"}),
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Zukunftsmacher LRS (xAPI 1.0.3)", "version": "1.0.3"},
        "servers": [{"url": request.host_url.rstrip("/") + "/xapi"}],
        "security": [{"basic": []}],
        "components": {
            "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}},
            "parameters": {
                "Version": {
                    "name": "X-Experience-API-Version",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string", "example": "1.0.3"},
                },
            },
        },
        "paths": paths,
    }


@bp.route("/openapi.json", methods=["GET", "HEAD"])
def openapi() -> Response:
    """Public: the OpenAPI document of the LRS API."""
    return json_response(openapi_document())
