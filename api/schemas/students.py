"""Student profiles through the API: create, update (partial) and public forms of the record."""

from __future__ import annotations

from api.schemas.common import optional_fields
from matcher.schemas import Student


class StudentCreate(Student):
    """A new student profile: the fields of the record."""


class StudentUpdate(optional_fields(Student)):  # type: ignore[misc]
    """The fields of a profile to change, as in the record; the others are kept."""


class StudentPublic(Student):
    """A student profile as the student, her advisor or an admin sees it."""
