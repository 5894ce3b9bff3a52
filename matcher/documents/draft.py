"""Drafts: what was read from a document, field by field, with its source and a confidence.

A draft is shown to its owner and stored by nothing; the owner saves it (corrected) through the
ordinary create and update routes. Every field carries the span of the document's text it came
from, so that a review screen can show it, and a confidence in [0, 1].
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Source(BaseModel):
    """Where a value came from: a span of the draft's (masked) text and that text."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    section: str = Field(description="The section of the document it lies in")


class DraftField(BaseModel):
    """One field's reading: its value (None when not found), source and confidence."""

    value: Any = None
    source: Source | None = None
    confidence: float = Field(default=0.0, ge=0, le=1)


class SkillFinding(BaseModel):
    """A canonical skill found in the document, with every place it was found."""

    id: str
    zh: str
    en: str
    category: str
    sources: list[Source]
    confidence: float = Field(ge=0, le=1)


class PersonalFinding(BaseModel):
    """A personal value the document holds; it goes only to the personal fields."""

    field: str
    value: str | None = Field(description="None for a photo")
    source: Source | None = None


class Draft(BaseModel):
    """What every draft has: the document's kind, language, text and warnings."""

    file_kind: Literal["pdf", "docx", "text"]
    pages: int
    language: Literal["zh", "en", "mixed"]
    text: str = Field(description="The document's text as read, personal values masked")
    sections: list[str] = Field(description="Sections found, in order")
    fields: dict[str, DraftField]
    warnings: list[str] = Field(default_factory=list)


class ResumeDraft(Draft):
    """A student profile read from a résumé."""

    kind: Literal["resume"] = "resume"
    skills: list[SkillFinding]
    personal: list[PersonalFinding] = Field(
        description="Personal values found (name, phone, e-mail, ID number, birth date, photo, …)"
    )

    def profile(self) -> dict[str, Any]:
        """The fields of a student record (without an id) as the draft reads them."""
        values = {
            name: field.value for name, field in self.fields.items() if field.value is not None
        }
        values["skills"] = [
            finding.zh if self.language == "zh" else finding.en for finding in self.skills
        ]
        values["skill_ids"] = [finding.id for finding in self.skills]
        for finding in self.personal:
            if finding.field in PERSONAL_TARGETS and finding.value:
                target, convert = PERSONAL_TARGETS[finding.field]
                converted = convert(finding.value)
                if converted is not None:
                    values.setdefault(target, converted)
        return values


class JobDraft(Draft):
    """A position read from a job description."""

    kind: Literal["job"] = "job"
    required_skills: list[SkillFinding]
    preferred_skills: list[SkillFinding]

    def position(self) -> dict[str, Any]:
        """The fields of a position record (without ids) as the draft reads them."""
        values = {
            name: field.value for name, field in self.fields.items() if field.value is not None
        }
        label = "zh" if self.language != "en" else "en"
        values["required_skills"] = [getattr(f, label) for f in self.required_skills]
        values["preferred_skills"] = [getattr(f, label) for f in self.preferred_skills]
        return values


def _birth_year(value: str) -> int | None:
    from matcher.documents.personal import birth_year

    return birth_year(value)


def _gender(value: str) -> str | None:
    return {"男": "male", "male": "male", "女": "female", "female": "female"}.get(value.lower())


def _same(value: str) -> str:
    return value


#: Personal findings and the student field each goes to (with its conversion).
PERSONAL_TARGETS: dict[str, tuple[str, Any]] = {
    "name": ("name", _same),
    "phone": ("phone", _same),
    "email": ("email", _same),
    "id_number": ("id_number", _same),
    "student_number": ("student_number", _same),
    "birth_date": ("birth_year", _birth_year),
    "gender": ("gender", _gender),
    "ethnicity": ("ethnicity", _same),
    "hometown": ("hometown", _same),
}
