"""Skill supply and demand from the engine agree with a count made here from the JSONL files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from matcher.analytics.skills import StudentFilter, shortages, skill_balance, surpluses
from matcher.engine.snapshot import Engine
from matcher.schemas import Student
from matcher.text.documents import student_document
from matcher.text.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def world(market_world: dict[str, Any]) -> dict[str, Any]:
    return {"root": market_world["jsonl"], "engine": market_world["engine"]}


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _counted(root: Path, major: str | None = None) -> tuple[Counter[str], Counter[str]]:
    """Openings asking for each skill, and students having it, counted one record at a time."""
    taxonomy = load_taxonomy()
    openings: Counter[str] = Counter()
    for p in _lines(root / "positions.jsonl"):
        if p["status"] != "open":
            continue
        asked = set(taxonomy.canonicalise(p.get("required_skills", [])))
        asked |= set(taxonomy.canonicalise(p.get("preferred_skills", [])))
        for skill in asked:
            openings[skill] += p.get("openings", 1)
    holders: Counter[str] = Counter()
    for raw in _lines(root / "students.jsonl"):
        s = Student.model_validate(raw)
        code = taxonomy.major(s.major_code or s.major)
        if major is not None and (code.code if code else s.major) != major:
            continue
        had = taxonomy.canonicalise(s.skills) + list(s.skill_ids)
        had += taxonomy.extract_ids(student_document(s))
        holders.update(set(had))
    return openings, holders


def test_demand_and_supply_agree_with_an_independent_count(world: dict[str, Any]) -> None:
    openings, holders = _counted(world["root"])
    balance = {b.skill_id: b for b in skill_balance(world["engine"])}
    assert {k for k, v in openings.items() if v} <= set(balance)
    for skill, b in balance.items():
        assert b.openings == openings[skill], skill
        if b.students is None:
            assert 0 < holders[skill] < 5, skill  # a small group: suppressed
        else:
            assert b.students == holders[skill], skill
    short = shortages(list(balance.values()), n=5, min_openings=1)
    assert short and all(b.students is not None and b.openings >= 1 for b in short)
    ratios = [b.openings_per_student for b in short]
    assert ratios == sorted(ratios, reverse=True)
    extra = surpluses(list(balance.values()), n=5)
    assert [b.openings_per_student for b in extra] == sorted(b.openings_per_student for b in extra)


def test_supply_of_one_major_and_a_group_too_small(world: dict[str, Any]) -> None:
    engine = world["engine"]
    majors = Counter(engine.students.major[i] for i in range(len(engine.students)))
    big = next(m for m, n in majors.most_common() if n >= 5)
    _, holders = _counted(world["root"], major=big)
    for b in skill_balance(engine, StudentFilter(majors=[big])):
        if b.students is not None:
            assert b.students == holders[b.skill_id]
    small = [m for m, n in majors.items() if n < 5]
    if small:
        rows = skill_balance(engine, StudentFilter(majors=small[:1]))
        assert all(b.students is None for b in rows)  # fewer than five students chosen
    with pytest.raises(ValueError):
        skill_balance(engine, sector="not-an-industry")


def test_a_major_is_found_by_code_or_name(world: dict[str, Any]) -> None:
    from matcher.analytics.skills import major_code

    engine = world["engine"]
    code = engine.students.major[0]
    major = engine.taxonomy.major(code)
    assert major is not None
    assert major_code(engine, code) == major_code(engine, major.zh) == major_code(engine, major.en)
    assert major_code(engine, code) == code
    assert major_code(engine, " Unknown Major ") == "unknown major"
    assert major_code(engine, None) is None and major_code(engine, "") is None


@pytest.mark.slow
def test_the_sample_worlds_shortage_list_agrees_with_an_independent_count(
    sample_engine: Engine,
) -> None:
    from tests.matcher.analytics.conftest import SAMPLE

    openings, holders = _counted(SAMPLE)
    got = shortages(skill_balance(sample_engine), n=20)
    # Asked by five openings or more, held by none or by five students or more (1 to 4 is
    # suppressed), worst ratio of openings to students first.
    asked = [s for s, n in openings.items() if n >= 5 and not 0 < holders[s] < 5]
    ratio = {s: (openings[s] + 1) / (holders[s] + 1) for s in asked}
    want = sorted(asked, key=lambda s: (-ratio[s], s))[:20]
    assert [b.skill_id for b in got] == want
    assert [(b.openings, b.students) for b in got] == [(openings[s], holders[s]) for s in want]
