"""task_state.approved_by_id: the trainer who approved a task

The task projection now records the actor of the approval statement, so the statistics can
name the approving trainer instead of the assigning one. The column is part of a projection:
rows projected before this revision stay NULL until ``flask lms xapi rebuild-progress``
replays the statements (the statistics fall back to the assigning trainer meanwhile).

Revision ID: b8a1c2d30008
Revises: c9b2d3e40009
Create Date: 2026-11-23 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b8a1c2d30008"
down_revision: str | Sequence[str] | None = "c9b2d3e40009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_task_state_approved_by_id"), ["approved_by_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_task_state_approved_by_id_user_account"),
            "user_account",
            ["approved_by_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("task_state", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_task_state_approved_by_id_user_account"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_task_state_approved_by_id"))
        batch_op.drop_column("approved_by_id")
