"""The store's tables (SQLAlchemy 2.0 declarative rows) and how a record becomes a row.

Each record table keeps the columns that queries filter on plus the whole validated record as
JSON in ``data``, so the record format can grow without a table change for every field. The
schema changes only through the Alembic revisions of :mod:`matcher.store.migrations`, which
compare against these tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from matcher.schemas import Enterprise, Interaction, Position, Record, Student, User


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""


class StudentRow(Base):
    """A student; ``data`` holds the whole :class:`~matcher.schemas.Student`."""

    __tablename__ = "students"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    major: Mapped[str] = mapped_column(String(200), index=True)
    degree: Mapped[str] = mapped_column(String(16))
    graduation_year: Mapped[int] = mapped_column(Integer, index=True)
    cohort: Mapped[str | None] = mapped_column(String(200), index=True)
    visible: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=dt.datetime.utcnow)


class EnterpriseRow(Base):
    """An enterprise; ``data`` holds the whole :class:`~matcher.schemas.Enterprise`."""

    __tablename__ = "enterprises"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=dt.datetime.utcnow)


class PositionRow(Base):
    """A position; ``data`` holds the whole :class:`~matcher.schemas.Position`."""

    __tablename__ = "positions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.id"), index=True)
    type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    openings: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=dt.datetime.utcnow)


class InteractionRow(Base):
    """An interaction event; ``data`` holds the whole :class:`~matcher.schemas.Interaction`."""

    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_student_time", "student_id", "timestamp"),
        # The analytics' funnel reads every pair's events in order from it (migration 0005).
        Index("ix_interactions_pair_events", "student_id", "position_id", "event", "timestamp"),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    student_id: Mapped[str] = mapped_column(ForeignKey("students.id"))
    position_id: Mapped[str] = mapped_column(ForeignKey("positions.id"), index=True)
    event: Mapped[str] = mapped_column(String(32), index=True)
    timestamp: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class UserRow(Base):
    """A login account."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ChangeRow(Base):
    """One record written at one store generation: the feed that serving processes follow to
    bring their engine up to date without a rebuild (ids only, never a record's content).

    ``kind`` is a record type; for ``interactions`` the row names the pair whose events changed
    (``record_id`` the student, ``position_id`` the position).
    """

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    generation: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str] = mapped_column(String(64))
    position_id: Mapped[str | None] = mapped_column(String(64))


class MetaRow(Base):
    """Facts about the store itself, such as its write generation."""

    __tablename__ = "store_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class AuditRow(Base):
    """One view of a student's data by someone else: ids and roles only, nothing personal."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_subject_at", "subject_student_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    viewer_id: Mapped[str] = mapped_column(String(64))
    viewer_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    subject_student_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(200), default="")


class PlanOverrideRow(Base):
    """An advisor's lock or forbid of one (student, position) pair in her cohort's plan.

    Kept with the plan on the server, so it survives the language switch and new sessions.
    Ids only, and no foreign keys (like the audit log): an override whose student has been
    placed or whose position has closed is kept and shown as no longer applying. One row per
    advisor and pair; an advisor locks a student to one position at most.
    """

    __tablename__ = "plan_overrides"
    __table_args__ = (
        UniqueConstraint("advisor_id", "student_id", "position_id", name="uq_plan_overrides_pair"),
        Index("ix_plan_overrides_advisor_cohort", "advisor_id", "cohort"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    advisor_id: Mapped[str] = mapped_column(String(64))
    cohort: Mapped[str] = mapped_column(String(200))
    student_id: Mapped[str] = mapped_column(String(64))
    position_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


#: What a plan override does to its pair.
OVERRIDE_KINDS: tuple[str, ...] = ("lock", "forbid")


#: Suggested audit actions (any short name is accepted; these are the ones the service uses).
AUDIT_ACTIONS: tuple[str, ...] = (
    "view_profile",
    "view_recommendations",
    "view_candidate",
    "view_candidates",
    "view_placement",
    "export",
)

#: Longest ``detail`` an audit entry keeps (the column's length).
AUDIT_DETAIL_MAX = 200


#: Key of the counter that every write of records increases (see :meth:`Store.generation`).
GENERATION = "generation"
#: Key in ``store_meta``: the changes up to this generation are no longer in ``changes``.
CHANGES_PRUNED = "changes_pruned"

#: Table row class and record model of each record type, by plural name.
TABLES: dict[str, tuple[type[Base], type[Record]]] = {
    "enterprises": (EnterpriseRow, Enterprise),
    "students": (StudentRow, Student),
    "positions": (PositionRow, Position),
    "interactions": (InteractionRow, Interaction),
    "users": (UserRow, User),
}


def row_values(kind: str, record: Record) -> dict[str, Any]:
    """Column values of a record of type ``kind`` (plural name)."""
    data = record.model_dump(mode="json", exclude_none=True)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if isinstance(record, Student):
        return {
            "id": record.id,
            "major": record.major,
            "degree": record.degree.value,
            "graduation_year": record.graduation_year,
            "cohort": record.cohort,
            "visible": record.visible_to_enterprises,
            "data": data,
            "updated_at": now,
        }
    if isinstance(record, Enterprise):
        return {
            "id": record.id,
            "name": record.name,
            "city": record.city,
            "data": data,
            "updated_at": now,
        }
    if isinstance(record, Position):
        return {
            "id": record.id,
            "enterprise_id": record.enterprise_id,
            "type": record.type.value,
            "status": record.status.value,
            "openings": record.openings,
            "deadline": record.deadline,
            "data": data,
            "updated_at": now,
        }
    if isinstance(record, Interaction):
        ts = record.timestamp
        if ts.tzinfo is not None:
            ts = ts.astimezone(dt.UTC).replace(tzinfo=None)
        return {
            "id": record.id,
            "student_id": record.student_id,
            "position_id": record.position_id,
            "event": record.event.value,
            "timestamp": ts,
            "data": data,
        }
    if isinstance(record, User):
        return {
            "id": record.id,
            "username": record.username,
            "role": record.role.value,
            "data": data,
        }
    raise TypeError(f"not a stored record type: {type(record).__name__} ({kind})")
