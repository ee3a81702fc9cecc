"""About, Activities, Agents (Person) resources, the xAPI profile and the OpenAPI document."""

from __future__ import annotations

import json

from flask import Response
from sqlalchemy import select

from lms.db import db
from lms.xapi import activities
from lms.xapi.agents import agent_key
from lms.xapi.api.http import VERSION, XapiError, XRequest, bp, json_response, parse_json, resource
from lms.xapi.clients import ClientIdentity
from lms.xapi.models import AgentRelation, Statement, StatementAgent
from lms.xapi.predicates import direct_links
from lms.xapi.validation import validate_agent, validate_iri

SUPPORTED_VERSIONS = [VERSION, "1.0.2", "1.0.1", "1.0.0"]
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


@bp.route("/about", methods=["GET", "HEAD"])
def about() -> Response:
    """Public: the versions this LRS speaks (no credentials, no version header needed)."""
    return json_response({"version": SUPPORTED_VERSIONS, "extensions": {}})


@resource(
    "/activities",
    "activities",
    params={"GET": {"activityId"}, "HEAD": {"activityId"}},
    scopes={"GET": "define", "HEAD": "define"},
    required={"GET": {"activityId"}, "HEAD": {"activityId"}},
)
def activities_resource(xr: XRequest, client: ClientIdentity) -> Response:
    return json_response(activities.activity_object(validate_iri(xr.params["activityId"], "activityId")))


@resource(
    "/agents",
    "agents",
    params={"GET": {"agent"}, "HEAD": {"agent"}},
    scopes={"GET": "define", "HEAD": "define"},
    required={"GET": {"agent"}, "HEAD": {"agent"}},
)
def agents_resource(xr: XRequest, client: ClientIdentity) -> Response:
    agent = parse_json(xr.params["agent"].encode("utf-8"), "agent")
    if not isinstance(agent, dict) or not any(k in agent for k in IFIS):
        raise XapiError(400, "agent must be an Agent object with an identifier", "agent")
    validate_agent(agent, "agent")
    return json_response(person(agent))


def person(agent: dict) -> dict:
    """The Person object: the agent's identifier and every name statements gave it."""
    names = [agent["name"]] if isinstance(agent.get("name"), str) else []
    latest = db.session.scalar(
        select(Statement.full_json)
        .join(StatementAgent, StatementAgent.statement_pk == Statement.id)
        .where(
            StatementAgent.agent_key == agent_key(agent),
            direct_links(StatementAgent.relation),  # walks the direct links' partial index
            StatementAgent.relation == AgentRelation.ACTOR.value,
        )
        .order_by(StatementAgent.statement_pk.desc())
        .limit(1)
    )
    if latest is not None:
        name = json.loads(latest)["actor"].get("name")
        if isinstance(name, str) and name not in names:
            names.append(name)
    result: dict = {"objectType": "Person"}
    if names:
        result["name"] = names
    for ifi in IFIS:
        if ifi in agent:
            result[ifi] = [agent[ifi]]
    return result
