"""Pseudonymised views of the records for researchers: no names, numbers or protected attributes."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PseudonymousStudent(BaseModel):
    """A profile as a researcher sees it."""

    pseudonym: str = Field(description="Keyed hash of the student id")
    major: str
    degree: str
    graduation_year: int
    skill_ids: list[str]
    projects: int
    internships: int
    competitions: int
    visible_to_enterprises: bool


class PseudonymousInteraction(BaseModel):
    """An interaction as a researcher sees it (the day, not the time)."""

    student: str = Field(description="Pseudonym of the student")
    position_id: str
    event: str
    day: str
    actor: str
    reason: str | None
