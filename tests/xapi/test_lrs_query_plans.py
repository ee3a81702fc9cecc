"""Every statement filter query is answered from an index, never by a full table scan."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import text

from lms.db import db
from lms.xapi.query import StatementQuery, direct_query, reference_query

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
    statements = [direct_query(query)] + ([reference_query(query)] if query.has_target_filters else [])
    for statement in statements:
        sql = str(statement.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True}))
        plan = _plan(sql)
        full_scans = [line for line in plan if (line.startswith("SCAN ") and "USING" not in line) or "Seq Scan" in line]
        assert not full_scans, (name, plan)
