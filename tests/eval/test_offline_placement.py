"""The "Placements" section of the offline report, on hand-made data and hidden truth."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from eval.placement import offline_placement, report_section
from eval.report import write_report
from tests.matcher.placement.test_plan_truth import TRUTH


def _fake_offline(n_s: int = 6, n_p: int = 3) -> tuple[Any, Any, np.ndarray]:
    rng = np.random.default_rng(0)
    engine = SimpleNamespace(
        students=SimpleNamespace(ids=[f"s{i}" for i in range(n_s)]),
        positions=SimpleNamespace(
            ids=[f"p{j}" for j in range(n_p)], openings=np.array([1, 2, 0][:n_p])
        ),
    )
    grid = SimpleNamespace(
        students=np.arange(n_s), positions=np.arange(n_p), X=rng.random((n_s, n_p, 4))
    )
    return engine, grid, rng.random((n_s, n_p))


class _Sides:
    def predict_sides(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return X[:, 0], X[:, 1]


def test_offline_placement_section() -> None:
    engine, grid, probability = _fake_offline()
    truth = {"student_to_position": {"s0": {"p0": 3}}, "position_to_student": {}}
    section = offline_placement(engine, grid, probability, _Sides(), truth, per_student=2)
    assert section["students"] == 6 and section["positions"] == 3 and section["openings"] == 3
    assert section["candidate_pairs"] == 12
    methods = section["methods"]
    assert set(methods) == {"greedy", "optimal", "stable"}
    for metrics in methods.values():
        assert metrics["slots_filled"] <= 3
        assert "true_utility" in metrics and "greedy_total_probability" in metrics
    assert methods["stable"]["blocking_pairs"] == 0
    assert methods["optimal"]["total_probability"] >= methods["greedy"]["total_probability"]
    # A model without sides uses the match probability for both; with every pair a candidate
    # the optimal plan is the assignment over the openings' slots (p0 once, p1 twice).
    one = offline_placement(engine, grid, probability, object(), truth, per_student=3)
    slots = probability[:, [0, 1, 1]]
    rows, cols = linear_sum_assignment(slots, maximize=True)
    best = float(slots[rows, cols].sum())
    assert one["methods"]["optimal"]["total_probability"] == pytest.approx(best, abs=1e-5)
    lines = report_section(section)
    assert lines[0] == "## Placements" and any(line.startswith("| optimal |") for line in lines)


def test_report_has_the_placements_section(tmp_path: Path) -> None:
    engine, grid, probability = _fake_offline()
    section = offline_placement(engine, grid, probability, _Sides(), TRUTH, per_student=2)
    report = {
        "created": "2027-01-01T00:00:00+00:00",
        "seconds": 1.0,
        "split": {
            "train": ["2025A"],
            "test": "2026S",
            "test_start": "2026-02-01",
            "train_pairs": 1,
            "test_pairs": 1,
        },
        "students": 6,
        "positions": 3,
        "learned_kind": "pointwise",
        "measures": ["ndcg@10"],
        "run_depth": 100,
        "directions": {},
        "placement": section,
    }
    write_report(report, tmp_path / "report.md")
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Placements" in text and "| stable |" in text and "true utility" in text
