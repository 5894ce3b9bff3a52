"""The world audit (eval.world_audit): its measures on hand-checked cases, and the default
world's figures against issue #20's bands."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eval.world_audit import _LEVEL_WORDS, TOP_CLAIM, _auc, _r2, audit_world
from matcher.simulate import simulate


def test_auc_counts_ordered_pairs_and_ties_half() -> None:
    # Positives 0.9 and 0.4 against negatives 0.5, 0.4 and 0.1: 0.9 beats all three, 0.4 beats
    # 0.1 and ties 0.4, so (3 + 1 + 0.5) / 6.
    score = np.array([0.9, 0.4, 0.5, 0.4, 0.1])
    label = np.array([True, True, False, False, False])
    assert _auc(score, label) == pytest.approx(4.5 / 6)
    assert np.isnan(_auc(score, np.ones(5, dtype=bool)))


def test_r2_of_an_exact_line_is_one_and_of_noise_near_zero() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0])
    assert _r2(x, 3 * x - 2) == pytest.approx(1.0)
    # y = (1, -1, 1, -1) against x = (1, 2, 3, 4): slope -0.4, residual variance 0.8 of 1.
    assert _r2(x, np.array([1.0, -1.0, 1.0, -1.0])) == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("written", "top", "bare"),
    [
        ("精通Zemax", True, "Zemax"),
        ("Zemax (advanced)", True, "Zemax"),
        ("熟练使用SolidWorks", False, "SolidWorks"),
        ("basic MATLAB", False, "MATLAB"),
        ("PLC编程", False, "PLC编程"),
    ],
)
def test_level_words(written: str, top: bool, bare: str) -> None:
    assert bool(TOP_CLAIM.match(written)) is top
    assert _LEVEL_WORDS.sub("", written).strip() == bare


@pytest.mark.slow
def test_a_default_world_gives_little_of_its_truth_away(tmp_path: Path) -> None:
    """Issue #20's bands on a world of the sample's size and another seed (about a minute)."""
    simulate(tmp_path, students=2000, enterprises=150, positions=800, seed=31, progress=False)
    report = audit_world(tmp_path)
    truth, claims, pos = report["truth"], report["claims"], report["positions"]
    funnel, lang, talent = report["funnel"], report["language"], report["talent"]
    assert truth["hidden_share_of_variance"] >= 0.4
    assert truth["corr_utility_student_side"] >= 0.5
    assert 0.10 <= funnel["view_per_impression"] <= 0.20
    assert 0.05 <= funnel["apply_per_view"] <= 0.15
    assert 0.62 <= funnel["auc_utility_for_interview_given_apply"] <= 0.78
    assert funnel["offer_lift_grade3_over_grade0"] <= 8.5
    assert lang["students_without_chinese"] < 0.10 and lang["positions_without_chinese"] < 0.10
    # No written proxy predicts its hidden trait with R² above 0.5.
    assert max(talent.values()) <= 0.5
    assert pos["r2_stated_salary_for_pay_value"] <= 0.5
    assert claims["top_claim_marks_level_0_8"] < 0.7
    assert abs(claims["skill_order_spearman_with_level"]) < 0.15
    assert claims["student_skills_resolved_by_taxonomy"] < 0.95
    assert pos["position_skills_resolved_by_taxonomy"] < 0.95
    assert pos["accepted_majors_auc_for_major_fit"] < 0.8
    assert pos["of_which_one_role"] < 0.7
