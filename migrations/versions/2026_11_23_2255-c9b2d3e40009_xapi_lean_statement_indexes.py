"""xapi: drop the statement indexes no query uses, make the link indexes covering

Agent and activity filters are answered from the link tables (xapi_statement_agent,
xapi_statement_activity); the (actor_key, id) and (object_activity_id, id) indexes on
xapi_statement served no query but cost two random-key b-tree inserts per stored statement,
the largest part of ingest time on a large LRS. The Agents resource now finds a person's
latest statement through the agent link table.

The link indexes gain the column the filters test besides the key (relation, is_object), so
a filter walks only the index and never the scattered link rows: at 1M statements that halved
the page reads of an agent query.

Revision ID: c9b2d3e40009
Revises: a7f8e9d00007
Create Date: 2026-11-23 23:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = 'c9b2d3e40009'
down_revision: str | Sequence[str] | None = 'a7f8e9d00007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('xapi_statement', schema=None) as batch_op:
        batch_op.drop_index('ix_xapi_statement_actor_stored')
        batch_op.drop_index('ix_xapi_statement_activity_stored')
    with op.batch_alter_table('xapi_statement_agent', schema=None) as batch_op:
        batch_op.drop_index('ix_xapi_statement_agent_key')
        batch_op.create_index('ix_xapi_statement_agent_key', ['agent_key', 'statement_pk', 'relation'], unique=False)
    with op.batch_alter_table('xapi_statement_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_xapi_statement_activity_iri')
        batch_op.create_index('ix_xapi_statement_activity_iri', ['activity_id', 'statement_pk', 'is_object'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('xapi_statement_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_xapi_statement_activity_iri')
        batch_op.create_index('ix_xapi_statement_activity_iri', ['activity_id', 'statement_pk'], unique=False)
    with op.batch_alter_table('xapi_statement_agent', schema=None) as batch_op:
        batch_op.drop_index('ix_xapi_statement_agent_key')
        batch_op.create_index('ix_xapi_statement_agent_key', ['agent_key', 'statement_pk'], unique=False)
    with op.batch_alter_table('xapi_statement', schema=None) as batch_op:
        batch_op.create_index('ix_xapi_statement_activity_stored', ['object_activity_id', 'id'], unique=False)
        batch_op.create_index('ix_xapi_statement_actor_stored', ['actor_key', 'id'], unique=False)
