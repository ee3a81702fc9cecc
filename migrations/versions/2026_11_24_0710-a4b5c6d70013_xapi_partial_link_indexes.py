"""xapi: split each link index into a partial index of direct and one of related links

The plain ``agent`` and ``activity`` filters ask for direct links only (the actor or object;
the statement's object). They walked the one link index in statement order and skipped the
related links, so a value named mostly in context took as long as it has related links: at 1M
platform statements ``agent=<platform authority>`` (1M related links, no direct one) took 60 ms
on SQLite and 243 ms on PostgreSQL, ``activity=<module>`` (300k parent links, 2k as object)
11 ms and 580 ms. Each link now sits in exactly one of two partial indexes (direct / related),
so the plain filters read only the links they return, and ``related_agents`` /
``related_activities`` read both and merge them (lms.xapi.query). The number of index entries,
and so the cost of storing, stays the same.

The predicates must match what the queries write (lms.xapi.query, lms.xapi.models), or SQLite
will not use the indexes.

Revision ID: a4b5c6d70013
Revises: f3a4b5c60012
Create Date: 2026-11-24 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'a4b5c6d70013'
down_revision: str | Sequence[str] | None = 'f3a4b5c60012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name → (table, columns, SQLite predicate, PostgreSQL predicate)
PARTIAL = {
    'ix_xapi_statement_agent_direct': (
        'xapi_statement_agent', ['agent_key', 'statement_pk', 'relation'],
        "relation IN ('actor', 'object')", "relation IN ('actor', 'object')",
    ),
    'ix_xapi_statement_agent_related': (
        'xapi_statement_agent', ['agent_key', 'statement_pk', 'relation'],
        "relation = 'related'", "relation = 'related'",
    ),
    'ix_xapi_statement_activity_object': (
        'xapi_statement_activity', ['activity_id', 'statement_pk', 'is_object'],
        'is_object IS 1', 'is_object IS true',
    ),
    'ix_xapi_statement_activity_context': (
        'xapi_statement_activity', ['activity_id', 'statement_pk', 'is_object'],
        'is_object IS 0', 'is_object IS false',
    ),
}
FULL = {
    'ix_xapi_statement_agent_key': ('xapi_statement_agent', ['agent_key', 'statement_pk', 'relation']),
    'ix_xapi_statement_activity_iri': ('xapi_statement_activity', ['activity_id', 'statement_pk', 'is_object']),
}


def upgrade() -> None:
    for name, (table, columns, sqlite, postgresql) in PARTIAL.items():
        op.create_index(
            name, table, columns, sqlite_where=sa.text(sqlite), postgresql_where=sa.text(postgresql)
        )
    for name, (table, _columns) in FULL.items():
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, (table, columns) in FULL.items():
        op.create_index(name, table, columns)
    for name, (table, *_rest) in PARTIAL.items():
        op.drop_index(name, table_name=table)
