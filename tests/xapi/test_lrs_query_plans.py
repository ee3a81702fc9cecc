"""Every statement filter query is answered from an index, never by a full table scan."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import text

from lms.db import db
from lms.xapi.query import StatementQuery, direct_queries, reference_query
from tests.xapi.conftest import make_statement

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
QUERIES = {
    "no filter": StatementQuery(ceiling=10**6),
    "agent": StatementQuery(agent_key="mbox:mailto:a@example.com", ceiling=10**6),
    "related agents": StatementQuery(agent_key="mbox:mailto:a@example.com", related_agents=True, ceiling=10**6),
    "verb": StatementQuery(verb="http://example.com/v", ceiling=10**6),
    "activity": StatementQuery(activity="http://example.com/a", ceiling=10**6),
    "related activities": StatementQuery(activity="http://example.com/a", related_activities=True, ceiling=10**6),
    "registration": StatementQuery(registration=uuid.uuid4(), ceiling=10**6),
    "since": StatementQuery(since=NOW, ceiling=10**6),
    "until": StatementQuery(until=NOW, ceiling=10**6),
    "since+until ascending": StatementQuery(since=NOW, until=NOW, ascending=True, ceiling=10**6),
    "verb+agent next page": StatementQuery(verb="http://example.com/v", agent_key="mbox:x", cursor=500, ceiling=10**6),
}


def _plan(sql: str) -> list[str]:
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        return [row[3] for row in db.session.execute(text("EXPLAIN QUERY PLAN " + sql))]
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    return [row[0] for row in db.session.execute(text("EXPLAIN " + sql))]


@pytest.mark.parametrize("name", list(QUERIES))
def test_filter_queries_use_indexes(name):
    """Does the plan of this filter query avoid scanning a whole table?"""
    query = QUERIES[name]
    statements = direct_queries(query) + ([reference_query(query)] if query.has_target_filters else [])
    for statement in statements:
        sql = str(statement.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True}))
        plan = _plan(sql)
        full_scans = [line for line in plan if (line.startswith("SCAN ") and "USING" not in line) or "Seq Scan" in line]
        assert not full_scans, (name, plan)


def _bound_plan(statement) -> list[str]:
    """The plan of ``statement`` with its values bound as the LRS runs it (not written into the
    SQL: a partial index is used only if the planner can match it without them)."""
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    params = compiled.construct_params()
    if connection.dialect.name == "sqlite":
        values = tuple(params[name] for name in compiled.positiontup)
        return [row[3] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), values)]
    return [row[0] for row in connection.exec_driver_sql("EXPLAIN " + str(compiled), params)]


def test_plain_filters_walk_only_the_direct_links(lrs):
    """Does a plain agent or activity filter walk only the partial index of direct links, so that
    a value named mostly in context (an instructor, a module as parent) costs what its own
    statements cost — and do related_agents/related_activities walk both partial indexes?"""
    instructor = {"objectType": "Agent", "mbox": "mailto:meisterin@example.com"}
    module = {"objectType": "Activity", "id": "http://example.com/activities/module"}
    context = {"instructor": instructor, "contextActivities": {"parent": [module]}}
    lrs.store(*[make_statement(context=context) for _ in range(1500)])
    lrs.store(make_statement(actor=instructor, object=module))
    if db.session.get_bind().dialect.name == "postgresql":
        # Whether PostgreSQL prefers a partial index to walking every link in statement order
        # depends on its statistics (at 1M statements it does: docs/PERFORMANCE.md); in this small
        # table it may walk. So the walk's index goes for this (rolled-back) transaction, and the
        # plans below show whether the partial indexes are usable with the values bound.
        for index in ("ix_xapi_statement_agent_statement_pk", "ix_xapi_statement_activity_statement_pk"):
            db.session.execute(text(f"DROP INDEX {index}"))
        db.session.execute(text("ANALYZE xapi_statement_agent"))
        db.session.execute(text("ANALYZE xapi_statement_activity"))
    agent, activity = "mbox:mailto:meisterin@example.com", module["id"]
    queries = {
        "agent": StatementQuery(agent_key=agent, limit=25),
        "activity": StatementQuery(activity=activity, limit=25),
        "related agents": StatementQuery(agent_key=agent, related_agents=True, limit=25),
        "related activities": StatementQuery(activity=activity, related_activities=True, limit=25),
    }
    plans = {name: ["\n".join(_bound_plan(arm)) for arm in direct_queries(q)] for name, q in queries.items()}
    assert len(plans["agent"]) == 1 and "ix_xapi_statement_agent_direct" in plans["agent"][0], plans
    assert len(plans["activity"]) == 1 and "ix_xapi_statement_activity_object" in plans["activity"][0], plans
    direct, related = plans["related agents"]
    assert "ix_xapi_statement_agent_direct" in direct and "ix_xapi_statement_agent_related" in related, plans
    objects, contexts = plans["related activities"]
    assert "ix_xapi_statement_activity_object" in objects, plans
    assert "ix_xapi_statement_activity_context" in contexts, plans

    assert len(lrs.get("/statements", params={"agent": instructor}).json["statements"]) == 1
    assert len(lrs.get("/statements", params={"activity": activity}).json["statements"]) == 1
    for params in (
        {"agent": instructor, "related_agents": "true"},
        {"activity": activity, "related_activities": "true"},
    ):
        statements = _all_pages(lrs, {**params, "limit": 400})
        ids = [statement["id"] for statement in statements]
        assert len(ids) == len(set(ids)) == 1501, "the merged arms page through every statement once"
        assert statements[0]["object"] == module and "context" not in statements[0], "newest (direct arm) first"


def _all_pages(lrs, params: dict) -> list[dict]:
    """The statements of every page, following ``more``."""
    page = lrs.get("/statements", params=params).json
    statements = list(page["statements"])
    while page["more"]:
        path, _, query = page["more"].removeprefix("/xapi").partition("?")
        page = lrs.get(path, params=dict(parse_qsl(query))).json
        statements += page["statements"]
    return statements
