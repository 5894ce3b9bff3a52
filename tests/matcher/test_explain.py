"""Explanations of a match (matcher.explain): matched and missing skills, and the reasons, on the
world written by hand (tests/matcher/handworld.py) and on pair features set by hand."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.engine.snapshot import Engine
from matcher.explain import (
    candidate_reasons,
    explain_pair,
    position_language,
    position_reasons,
    student_language,
)
from matcher.ranking.features import FEATURE_NAMES
from matcher.recommend import explain_matches
from tests.matcher.handworld import hand_world

#: Features nothing is known of are NaN; the rest start at zero (tier 0: no recognition).
UNKNOWN = (
    "days_to_deadline",
    "applicants_per_opening",
    "degree_gap",
    "rank_percentile",
    "internships",
    "competitions",
)


def _features(**values: float) -> np.ndarray:
    f = np.zeros(len(FEATURE_NAMES))
    for name in UNKNOWN:
        f[FEATURE_NAMES.index(name)] = np.nan
    for name, value in values.items():
        f[FEATURE_NAMES.index(name)] = value
    return f


def _explain(
    sid: str, pid: str, lang: str, viewer: str = "student"
) -> tuple[list[str], list[str], list[str]]:
    engine: Engine = hand_world()["engine"]
    s, p = engine.students.index[sid], engine.positions.index[pid]
    return explain_pair(engine, s, p, _features(), lang, viewer)  # type: ignore[arg-type]


def test_matched_skills_are_hers_and_missing_ones_the_required_she_lacks() -> None:
    """p1 requires Zemax and MATLAB and prefers Python; s1 has Zemax and Python."""
    assert _explain("s1", "p1", "zh") == (
        ["Zemax光学设计", "Python编程"],
        ["MATLAB"],
        ["匹配 1/2 项必备技能"],
    )
    assert _explain("s1", "p1", "en") == (
        ["Zemax OpticStudio", "Python"],
        ["MATLAB"],
        ["matches 1 of 2 required skills"],
    )
    # s6 has all three (required first, then preferred); s4 none of them.
    assert _explain("s6", "p1", "en")[:2] == (["Zemax OpticStudio", "MATLAB", "Python"], [])
    assert _explain("s6", "p1", "en")[2] == ["matches 2 of 2 required skills"]
    assert _explain("s4", "p1", "en") == (
        [],
        ["Zemax OpticStudio", "MATLAB"],
        ["matches 0 of 2 required skills"],
    )
    # A preferred skill matched is no required one: s5 has p3's MATLAB but not its C.
    assert _explain("s5", "p3", "en") == (
        ["MATLAB"],
        ["C Language"],
        ["matches 0 of 1 required skills"],
    )
    assert _explain("s5", "p3", "zh", viewer="enterprise") == (
        ["MATLAB"],
        ["C语言"],
        ["具备 0/1 项必备技能"],
    )


def test_the_reasons_are_the_readers_in_the_language_asked() -> None:
    engine: Engine = hand_world()["engine"]
    s1, p1 = engine.students.index["s1"], engine.positions.index["p1"]
    liked = _features(city_preferred=1)
    assert explain_pair(engine, s1, p1, liked, "en")[2] == [
        "matches 1 of 2 required skills",
        "in a city you prefer (长春)",
    ]
    assert explain_pair(engine, s1, p1, liked, "en", "enterprise")[2] == [
        "has 1 of 2 required skills",
        "wants to work in this city",
    ]


def test_a_recommendation_carries_matched_and_missing_skills_apart() -> None:
    engine: Engine = hand_world()["engine"]
    got = explain_matches(engine, [("s5", "p3"), ("s1", "p1")], lang="en")
    assert got[("s5", "p3")].matched_skills == ["MATLAB"]
    assert got[("s5", "p3")].missing_skills == ["C Language"]
    assert got[("s1", "p1")].matched_skills == ["Zemax OpticStudio", "Python"]
    assert got[("s1", "p1")].missing_skills == ["MATLAB"]
    seen = explain_matches(engine, [("s1", "p1")], lang="zh", viewer="enterprise")[("s1", "p1")]
    assert (seen.student_id, seen.matched_skills, seen.missing_skills) == (
        "s1",
        ["Zemax光学设计", "Python编程"],
        ["MATLAB"],
    )


def test_explanations_are_written_in_the_profiles_language() -> None:
    """s8 and p4 are written in English; the others in Chinese or in both."""
    engine: Engine = hand_world()["engine"]
    S, P = engine.students, engine.positions
    assert [student_language(engine, S.index[s]) for s in ("s1", "s3", "s8")] == ["zh", "zh", "en"]
    assert [position_language(engine, P.index[p]) for p in ("p1", "p4")] == ["zh", "en"]


def test_reasons_for_the_student_in_their_order() -> None:
    every = _features(
        major_accepted=1,
        major_sector_overlap=1,
        city_preferred=1,
        sector_preferred=1,
        tier=2,  # little giant
        days_to_deadline=14,
        applicants_per_opening=0.99,
        dense_cosine=0.5,
    )
    assert position_reasons("长春", 3, 4, every, "en") == [
        "matches 3 of 4 required skills",
        "your major is one the position accepts",
        "in a city you prefer (长春)",
        "in a sector you prefer",
        "a national “little giant” specialised SME",
        "closes in 14 days",
        "few applicants per opening so far",
        "your profile reads close to the description",
    ]
    assert position_reasons("长春", 1, 1, _features(tier=1, days_to_deadline=0), "zh") == [
        "匹配 1/1 项必备技能",
        "省级专精特新企业",
        "0 天后截止",
    ]
    # Just past each line, and nothing required: no reason at all.
    none = _features(days_to_deadline=15, applicants_per_opening=1, dense_cosine=0.49)
    assert position_reasons("长春", 0, 0, none, "en") == []
    assert position_reasons("长春", 0, 0, _features(days_to_deadline=-1), "en") == []
    assert position_reasons("长春", 0, 0, _features(major_sector_overlap=1), "en") == [
        "your major fits the enterprise's sector"
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"rank_percentile": 20}, ["in the top 20% of their class"]),
        ({"rank_percentile": 5.2}, ["in the top 6% of their class"]),
        ({"rank_percentile": 0.3}, ["in the top 1% of their class"]),
        ({"rank_percentile": 20.5}, []),
        ({"degree_gap": 1}, ["holds a higher degree than required"]),
        ({"degree_gap": 0}, []),
        ({"internships": 1}, ["1 internship"]),
        ({"internships": 2, "competitions": 1}, ["2 internships", "1 competition award"]),
        ({"internships": 0, "competitions": 3}, ["3 competition awards"]),
        ({"city_preferred": 1}, ["wants to work in this city"]),
        ({"dense_cosine": 0.5}, ["profile reads close to the description"]),
        ({"dense_cosine": 0.49}, []),
        ({"major_accepted": 1}, ["studies a major the position accepts"]),
        ({"major_sector_overlap": 1}, ["studies a major close to the enterprise's sector"]),
    ],
)
def test_reasons_for_the_recruiter(values: dict[str, float], expected: list[str]) -> None:
    assert candidate_reasons(0, 0, _features(**values), "en") == expected


def test_reasons_for_the_recruiter_in_their_order() -> None:
    every = _features(
        major_accepted=1,
        degree_gap=1,
        rank_percentile=10,
        internships=2,
        competitions=1,
        city_preferred=1,
        dense_cosine=0.9,
    )
    assert candidate_reasons(2, 2, every, "zh") == [
        "具备 2/2 项必备技能",
        "所学专业在岗位接受范围内",
        "学历高于岗位要求",
        "成绩排名前 10%",
        "有 2 段实习经历",
        "获得 1 项竞赛奖项",
        "意向城市与岗位所在地一致",
        "简历内容与岗位描述高度相似",
    ]
