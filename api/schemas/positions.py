"""Positions through the API: create, update (partial), close and public forms of the record."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import optional_fields
from matcher.schemas import Position, PositionStatus


class PositionCreate(Position):
    """A new position: the fields of the record."""


class PositionUpdate(optional_fields(Position)):  # type: ignore[misc]
    """The fields of a position to change, as in the record; the others are kept."""


class PositionPublic(Position):
    """A position as the store has it now."""


class PositionClose(BaseModel):
    """How a position ends."""

    status: PositionStatus = Field(
        default=PositionStatus.closed, description="closed or filled (not open)"
    )
