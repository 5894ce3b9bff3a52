"""Documents never carry personal identifiers or protected attributes."""

from __future__ import annotations

from matcher.schemas import PERSONAL_FIELDS, Enterprise, Position, Student
from matcher.text.documents import (
    SUMMARY_CHARS,
    position_document,
    position_summary,
    student_document,
    student_summary,
)

PERSONAL_VALUES = {
    "name": "王小明",
    "student_number": "2022123456",
    "id_number": "220102200301011234",
    "phone": "13812345678",
    "email": "xiaoming@example.edu.cn",
    "gender": "male",
    "ethnicity": "满族",
    "hometown": "吉林市",
    "birth_year": 2003,
}


def test_student_document_excludes_every_personal_field() -> None:
    assert set(PERSONAL_VALUES) == PERSONAL_FIELDS
    student = Student.model_validate(
        {
            "id": "s1",
            "major": "光电信息科学与工程",
            "degree": "本科",
            "graduation_year": 2027,
            "skills": ["Zemax", "激光器"],
            "courses": [{"name": "应用光学", "grade": 91}],
            "projects": [{"title": "红外热像仪标定", "description": "calibrated an IR camera"}],
            "self_description": "喜欢光学设计",
            **PERSONAL_VALUES,
        }
    )
    doc = student_document(student)
    assert "Zemax" in doc and "应用光学" in doc and "红外热像仪标定" in doc
    summary = student_summary(student)
    assert summary.startswith("光电信息科学与工程") and "Zemax" in summary
    assert "红外热像仪标定" in summary and "calibrated" not in summary
    for field, value in PERSONAL_VALUES.items():
        assert str(value) not in doc, field
        assert str(value) not in summary, field


def test_position_document_has_title_skills_and_sector_words() -> None:
    ent = Enterprise(id="e1", name="长春某光电", sectors=["optics"], city="长春")
    pos = Position(
        id="p1",
        enterprise_id="e1",
        title="光学设计工程师",
        city="长春",
        openings=1,
        description="负责镜头设计",
        required_skills=["Zemax"],
    )
    doc = position_document(pos, ent)
    assert "光学设计工程师" in doc and "Zemax" in doc and "photonics" in doc
    assert ent.name not in doc


def test_summaries_are_short_and_lead_with_what_matters() -> None:
    """The dense channel reads a summary: the title or major first, then skills, capped."""
    ent = Enterprise(id="e1", name="长春某光电", sectors=["optics"], city="长春")
    pos = Position(
        id="p1",
        enterprise_id="e1",
        title="光学设计工程师",
        city="长春",
        openings=1,
        description="长春某光电是一家专注于光学的企业。" * 20,
        required_skills=["Zemax"],
        preferred_skills=["CODE V"],
    )
    summary = position_summary(pos, ent)
    assert summary.splitlines()[:2] == ["光学设计工程师", "Zemax, CODE V"]
    assert "photonics" in summary and "专注于" not in summary and ent.name not in summary
    many = pos.model_copy(update={"required_skills": [f"skill {i}" for i in range(80)]})
    assert len(position_summary(many, ent)) == SUMMARY_CHARS
