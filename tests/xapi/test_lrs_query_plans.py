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
    processors = compiled._bind_processors  # the column types' conversions (a UUID to text on SQLite)
    params = {
        name: processors[name](value) if name in processors else value
        for name, value in compiled.construct_params().items()
    }
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


DRIVEN = {  # filter shapes no link drives: the index that must give their order
    "verb": (StatementQuery(verb="http://example.com/v", cursor=500, ceiling=10**6), "ix_xapi_statement_verb_stored"),
    "registration": (
        StatementQuery(registration=uuid.uuid4(), cursor=500, ceiling=10**6, ascending=True),
        "ix_xapi_statement_registration_stored",
    ),
    "verb+registration": (
        StatementQuery(verb="http://example.com/v", registration=uuid.uuid4(), cursor=500, ceiling=10**6),
        "ix_xapi_statement_registration_stored",
    ),
}


@pytest.mark.parametrize("name", list(DRIVEN))
def test_verb_and_registration_pages_walk_their_own_index(name):
    """Is a verb or registration page (no agent or activity) read from its ``(column, id)``
    index, in an order the primary key cannot give?

    On PostgreSQL, ``verb = v ORDER BY id DESC LIMIT n`` may walk the primary key newest first,
    expecting matches spread evenly: 335 ms for a verb whose statements were all old
    (docs/PERFORMANCE.md). So without the column's index the page must need a sort (sorting
    disabled, so a walk that avoids one would be chosen if it existed). SQLite must seek the
    page's cursor inside the index.
    """
    query, index = DRIVEN[name]
    [statement] = direct_queries(query)
    is_sqlite = db.session.get_bind().dialect.name == "sqlite"
    if not is_sqlite:  # the (nearly empty) test table could be read whole, as in _plan
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(_bound_plan(statement))
    assert index in plan, plan
    if is_sqlite:
        assert "=? AND id<?" in plan or "=? AND id>?" in plan, plan  # an equality, then the cursor
        return
    db.session.execute(text("SET LOCAL enable_sort = off"))
    db.session.execute(text(f"DROP INDEX {index}"))  # rolled back with the test's transaction
    assert "Sort" in "\n".join(_bound_plan(statement)), "the primary key must not give this order"


def test_verb_and_registration_pages_follow_more_in_stored_order(lrs):
    """Do verb, registration and verb+registration filters page through exactly their
    statements, newest first and ascending, across ``more`` links?"""
    verb, other = "http://example.com/verbs/kept", "http://example.com/verbs/other"
    registration = str(uuid.uuid4())
    shapes = [(verb, registration), (other, registration), (verb, None), (other, None)]
    ids = lrs.store(
        *[make_statement(verb={"id": v}, **({"context": {"registration": r}} if r else {})) for v, r in shapes * 5]
    )
    expected = {
        "verb": [i for i, (v, _) in zip(ids, shapes * 5, strict=True) if v == verb],
        "registration": [i for i, (_, r) in zip(ids, shapes * 5, strict=True) if r],
        "both": [i for i, (v, r) in zip(ids, shapes * 5, strict=True) if v == verb and r],
    }
    for name, params in {
        "verb": {"verb": verb},
        "registration": {"registration": registration},
        "both": {"verb": verb, "registration": registration},
    }.items():
        newest_first = [s["id"] for s in _all_pages(lrs, {**params, "limit": 2})]
        oldest_first = [s["id"] for s in _all_pages(lrs, {**params, "limit": 3, "ascending": "true"})]
        assert newest_first == expected[name][::-1], name
        assert oldest_first == expected[name], name
