"""The change feed: which records each store generation wrote, for incremental freshness.

Serving processes read the rows past the generation their engine has seen and update it in place
of a full rebuild; a published version makes the rows it contains prunable. Ids only: no
record's content, no personal field.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``changes`` and its index by generation."""
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("position_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_changes_generation", "changes", ["generation"])


def downgrade() -> None:
    """Drop ``changes`` (its index goes with it)."""
    op.drop_table("changes")
