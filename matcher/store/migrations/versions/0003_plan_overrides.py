"""Plan overrides: an advisor's locks and forbids, saved with her cohort's plan.

One row per advisor and (student, position) pair: ids only (no names), no foreign keys, so an
override outlives the student's placement or the position's closing and is shown as no longer
applying. Read per advisor and cohort, hence the index on (advisor_id, cohort).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``plan_overrides``, its one-row-per-pair constraint and its per-advisor index."""
    op.create_table(
        "plan_overrides",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("advisor_id", sa.String(length=64), nullable=False),
        sa.Column("cohort", sa.String(length=200), nullable=False),
        sa.Column("student_id", sa.String(length=64), nullable=False),
        sa.Column("position_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "advisor_id", "student_id", "position_id", name="uq_plan_overrides_pair"
        ),
    )
    op.create_index("ix_plan_overrides_advisor_cohort", "plan_overrides", ["advisor_id", "cohort"])


def downgrade() -> None:
    """Drop ``plan_overrides`` (its index and constraint go with it)."""
    op.drop_table("plan_overrides")
