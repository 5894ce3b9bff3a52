"""Drafts read from an uploaded résumé or job description, as the API answers them."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from matcher.documents.draft import JobDraft, ResumeDraft


class ResumeDraftPublic(ResumeDraft):
    """A profile draft: every field with its source and confidence; nothing is stored."""

    record: dict[str, Any] = Field(
        description="The fields as read, ready for PATCH /students/{id} once reviewed (for the "
        "student herself, without the school's fields listed in kept_by_school)"
    )
    kept_by_school: list[str] = Field(
        description="Fields of the record the school keeps that the résumé reads differently"
    )


class JobDraftPublic(JobDraft):
    """A position draft: every field with its source and confidence; nothing is stored."""

    record: dict[str, Any] = Field(
        description="The fields as read, ready for POST /positions (with an id) once reviewed"
    )
