"""Enterprises through the API: create, update (partial) and public forms of the record."""

from __future__ import annotations

from api.schemas.common import optional_fields
from matcher.schemas import Enterprise


class EnterpriseCreate(Enterprise):
    """A new enterprise: the fields of the record."""


class EnterpriseUpdate(optional_fields(Enterprise)):  # type: ignore[misc]
    """The fields of an enterprise to change, as in the record; the others are kept."""


class EnterprisePublic(Enterprise):
    """An enterprise's public record."""
