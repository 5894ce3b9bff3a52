"""What the recommenders answer: positions for a student, enterprises, candidates for a position.

The fields are those of :class:`matcher.recommend.Recommendation`, less its retrieval channels.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import fields_of
from matcher.recommend import Recommendation


class RecommendationPublic(
    fields_of(  # type: ignore[misc]
        Recommendation,
        "position_id",
        "enterprise_id",
        "title",
        "score",
        "probability",
        "matched_skills",
        "missing_skills",
        "reasons",
        "scorer",
    )
):
    """One recommended position with its reasons."""


class CandidatePublic(RecommendationPublic):
    """One recommended candidate (a student who consented to be seen) for a position."""

    student_id: str


class EnterpriseRecommendation(BaseModel):
    """An enterprise ranked by its best position for the student, with those positions."""

    enterprise_id: str
    name: str
    score: float = Field(description="Score of its best position")
    probability: float | None = Field(description="Match probability of its best position")
    positions: list[str] = Field(description="Its recommended positions, best first")
