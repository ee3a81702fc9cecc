"""plan_position_progress: covered items per apprentice and position, kept by the plans projection

The statistics' coverage figures grouped every ``plan_item_progress`` row by position on each
view (≈ 100,000 rows at 1,600 apprentices). The plans projection now keeps the count of covered
items per apprentice and position beside the item rows (a row only while the count is above 0).

This revision fills the table from ``plan_item_progress`` with the projection's rule (an item is
covered when a task taught it or a trainer rated it at least 3, ``COVERED_LEVEL``), so no rebuild
is needed; ``flask lms xapi rebuild-progress`` gives the same rows.

Revision ID: f3a4b5c60012
Revises: e2f3a4b50011
Create Date: 2026-11-24 01:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f3a4b5c60012"
down_revision: str | Sequence[str] | None = "e2f3a4b50011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = """
INSERT INTO plan_position_progress (apprentice_id, position_id, covered_items)
SELECT p.apprentice_id, i.position_id, COUNT(*)
FROM plan_item_progress p JOIN framework_item i ON i.id = p.item_id
WHERE p.tasks_done > 0 OR p.trainer_level >= 3
GROUP BY p.apprentice_id, i.position_id
"""


def upgrade() -> None:
    op.create_table(
        "plan_position_progress",
        sa.Column("apprentice_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("covered_items", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["apprentice_id"],
            ["user_account.id"],
            name=op.f("fk_plan_position_progress_apprentice_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["framework_position.id"],
            name=op.f("fk_plan_position_progress_position_id_framework_position"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("apprentice_id", "position_id", name=op.f("pk_plan_position_progress")),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("plan_position_progress")
