"""record_week_status: apprentice_id, reviewer_id, review_seconds and a covering review index

The statistics' record figures (weeks reviewed within a month per company, median days to review
per trainer group) joined ``record_week_status`` to ``record_week`` and ``user_account`` on text
UUIDs and grew with every reviewed week. The projection now keeps the integer keys and the
review delay itself, and the index on ``(reviewed_at, apprentice_id, reviewer_id,
review_seconds)`` answers those figures from the index alone.

The columns belong to a projection. This revision fills them from the tables the projection
reads (the week's apprentice, the reviewer's account, the two timestamps cut to the second),
so no rebuild is needed; ``flask lms xapi rebuild-progress`` gives the same values.

Revision ID: e2f3a4b50011
Revises: b8a1c2d30008
Create Date: 2026-11-24 01:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e2f3a4b50011"
down_revision: str | Sequence[str] | None = "b8a1c2d30008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_record_week_status_reviewed"
COLUMNS = ["reviewed_at", "apprentice_id", "reviewer_id", "review_seconds"]

BACKFILL_KEYS = """
UPDATE record_week_status SET
  apprentice_id = (SELECT w.apprentice_id FROM record_week w WHERE w.public_id = record_week_status.week_public_id),
  reviewer_id = (SELECT u.id FROM user_account u WHERE u.public_id = record_week_status.reviewer_public_id)
"""

# Whole seconds between the two instants cut to the second (lms.records.projection.review_seconds).
REVIEW_SECONDS = {
    # SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'; strftime('%s') would round the fraction, so cut it off first.
    "sqlite": "CAST(strftime('%s', substr(reviewed_at, 1, 19)) AS INTEGER)"
    " - CAST(strftime('%s', substr(submitted_at, 1, 19)) AS INTEGER)",
    "postgresql": "CAST(EXTRACT(EPOCH FROM date_trunc('second', reviewed_at) - date_trunc('second', submitted_at))"
    " AS INTEGER)",
}


def upgrade() -> None:
    with op.batch_alter_table("record_week_status", schema=None) as batch_op:
        batch_op.add_column(sa.Column("apprentice_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reviewer_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("review_seconds", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_record_week_status_apprentice_id_user_account"),
            "user_account",
            ["apprentice_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_record_week_status_reviewer_id_user_account"),
            "user_account",
            ["reviewer_id"],
            ["id"],
            ondelete="SET NULL",
        )
    dialect = op.get_bind().dialect.name
    op.execute(BACKFILL_KEYS)
    op.execute(
        f"UPDATE record_week_status SET review_seconds = {REVIEW_SECONDS[dialect]} "
        "WHERE reviewed_at IS NOT NULL AND submitted_at IS NOT NULL"
    )
    op.create_index(INDEX, "record_week_status", COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="record_week_status")
    with op.batch_alter_table("record_week_status", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_record_week_status_reviewer_id_user_account"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_record_week_status_apprentice_id_user_account"), type_="foreignkey")
        batch_op.drop_column("review_seconds")
        batch_op.drop_column("reviewer_id")
        batch_op.drop_column("apprentice_id")
