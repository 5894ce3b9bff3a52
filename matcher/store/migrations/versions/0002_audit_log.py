"""The audit log: who viewed which student's data, when and how.

Ids and roles only (no names or other personal fields), and no foreign keys, so the log
outlives the accounts and records it mentions. Read per student newest first, hence the index
on (subject_student_id, at).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``audit_log`` and its per-student index."""
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("viewer_id", sa.String(length=64), nullable=False),
        sa.Column("viewer_role", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("subject_student_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_log_subject_at", "audit_log", ["subject_student_id", "at"])


def downgrade() -> None:
    """Drop ``audit_log`` (its index goes with it)."""
    op.drop_table("audit_log")
