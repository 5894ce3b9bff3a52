"""Interactions through the API: the fields a client sends, and the stored record it gets back."""

from __future__ import annotations

from api.schemas.common import fields_of
from matcher.schemas import Interaction


class InteractionCreate(
    fields_of(Interaction, "student_id", "position_id", "event", "reason", "note")  # type: ignore[misc]
):
    """An event between a student and a position, recorded now."""


class InteractionPublic(
    fields_of(Interaction, "id", "student_id", "position_id", "event", "timestamp", "reason")  # type: ignore[misc]
):
    """The stored interaction."""
