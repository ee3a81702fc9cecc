"""merge feature branches into one head

The learning, LRS and plans/records revisions were developed in parallel from the xAPI core
(b2e7a9c10002); this revision joins them so the project has a single head again. It changes
no schema. New revisions revise this one.

Revision ID: a7f8e9d00007
Revises: d4b2e1a60004, c3a1d0c50003, f6d4a3c80006
Create Date: 2026-11-23 22:08:14.415380
"""

from collections.abc import Sequence


revision: str = 'a7f8e9d00007'
down_revision: str | Sequence[str] | None = ('d4b2e1a60004', 'c3a1d0c50003', 'f6d4a3c80006')
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
