"""What the recommenders answer: positions for a student, enterprises, candidates for a position."""

from __future__ import annotations

from pydantic import BaseModel, Field


class RecommendationPublic(BaseModel):
    """One recommended position with its reasons."""

    position_id: str
    enterprise_id: str
    title: str
    score: float
    probability: float | None
    matched_skills: list[str]
    missing_skills: list[str]
    reasons: list[str]
    scorer: str


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
