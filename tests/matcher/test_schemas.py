"""Record validation and the committed JSON Schemas."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from matcher.schemas import (
    PERSONAL_FIELDS,
    Degree,
    Interaction,
    Position,
    Student,
    User,
    json_schemas,
)

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "data" / "schemas"


def _student(**kw: object) -> Student:
    base = {"id": "s1", "major": "光电信息科学与工程", "degree": "本科", "graduation_year": 2027}
    return Student.model_validate({**base, **kw})


def _position(**kw: object) -> Position:
    base = {
        "id": "p1",
        "enterprise_id": "e1",
        "title": "光学设计工程师",
        "city": "长春",
        "openings": 2,
    }
    return Position.model_validate({**base, **kw})


def test_degree_accepts_chinese_and_english() -> None:
    assert _student(degree="本科").degree is Degree.bachelor
    assert _student(degree="Master").degree is Degree.master
    assert _student(degree="专科").degree is Degree.associate
    assert Degree.associate.rank < Degree.bachelor.rank < Degree.master.rank


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("gpa", 4.5),
        ("gpa", -1),
        ("graduation_year", 1900),
        ("graduation_year", 2200),
        ("degree", "kindergarten"),
        ("rank_percentile", 101),
    ],
)
def test_student_rejects_out_of_range(field: str, value: object) -> None:
    with pytest.raises(ValidationError) as err:
        _student(**{field: value})
    assert err.value.errors()[0]["loc"][0] == field


def test_student_rejects_unknown_field() -> None:
    with pytest.raises(ValidationError):
        _student(favourite_colour="blue")


def test_position_rules() -> None:
    with pytest.raises(ValidationError):
        _position(openings=0)
    with pytest.raises(ValidationError, match="deadline"):
        _position(application_start="2026-09-01", deadline="2026-08-01")
    with pytest.raises(ValidationError, match="salary_max"):
        _position(salary_min=9000, salary_max=6000)
    ok = _position(application_start="2026-09-01", deadline="2026-12-01")
    assert ok.deadline == dt.date(2026, 12, 1)


def test_interaction_rules() -> None:
    base = {"id": "i1", "student_id": "s1", "position_id": "p1", "timestamp": "2026-10-01T09:00:00"}
    Interaction.model_validate({**base, "event": "dismiss", "reason": "expired"})
    with pytest.raises(ValidationError):
        Interaction.model_validate({**base, "event": "like"})
    with pytest.raises(ValidationError, match="reason"):
        Interaction.model_validate({**base, "event": "apply", "reason": "expired"})


def test_user_links() -> None:
    with pytest.raises(ValidationError, match="student_id"):
        User.model_validate(
            {"id": "u1", "username": "li.na", "role": "student", "password_hash": "x"}
        )


def test_personal_fields_exist_on_student() -> None:
    assert set(Student.model_fields) >= PERSONAL_FIELDS


def test_ids_are_strings_with_safe_characters() -> None:
    with pytest.raises(ValidationError):
        _student(id="s 1")
    with pytest.raises(ValidationError):
        _student(id=12)


@pytest.mark.parametrize("name", sorted(json_schemas()))
def test_committed_json_schemas_match_models(name: str) -> None:
    committed = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schemas()[name], (
        f"data/schemas/{name}.schema.json drifted from matcher.schemas; run `matcher schemas`"
    )


DATA_README = Path(__file__).resolve().parents[2] / "data" / "README.md"


@pytest.mark.parametrize("name", sorted(json_schemas()))
def test_data_readme_describes_every_field(name: str) -> None:
    text = DATA_README.read_text(encoding="utf-8")
    section = text.split(f"\n## {name}", 1)[1].split("\n## ", 1)[0]
    missing = [f for f in json_schemas()[name]["properties"] if f"`{f}`" not in section]
    assert not missing, f"data/README.md section '{name}' lacks fields {missing}"
