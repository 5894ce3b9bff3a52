"""True utility of placement plans on hand-made hidden truth, the comparison table, and the
"Placements" section of the offline report."""

from __future__ import annotations

import gzip
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from eval.placement import (
    add_true_utility,
    comparison_table,
    offline_placement,
    report_section,
    true_utility,
)
from eval.report import write_report


def _plan(*pairs: tuple[str, str], method: str = "optimal") -> dict[str, Any]:
    return {
        "assignments": [
            {"student_id": s, "position_id": p, "probability": 0.5, "locked": False}
            for s, p in pairs
        ],
        "unassigned": [],
        "metrics": {
            "students_placed": len(pairs),
            "fill_rate": 1.0,
            "slots_filled": len(pairs),
            "openings": 3,
            "total_probability": 0.5 * len(pairs),
            "mean_probability": 0.5,
            "blocking_pairs": 0,
            "worst_rank": 1,
            "mean_rank": 1.0,
            "seconds": 0.01,
        },
        "method": method,
        "scorer": "learned",
    }


def _write_truth(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / "student_to_position.qrels.gz", "wt", encoding="utf-8") as fh:
        fh.write("s1 0 p1 3\ns1 0 p2 1\ns2 0 p2 2\ns3 0 p1 1\n")
    with gzip.open(folder / "position_to_student.qrels.gz", "wt", encoding="utf-8") as fh:
        fh.write("p1 0 s1 2\np2 0 s3 1\np1 0 s3 3\n")
    return folder


TRUTH = {
    "student_to_position": {"s1": {"p1": 3, "p2": 1}, "s2": {"p2": 2}, "s3": {"p1": 1}},
    "position_to_student": {"p1": {"s1": 2, "s3": 3}, "p2": {"s3": 1}},
}


def test_true_utility_sums_both_sides_and_counts_mutual_matches() -> None:
    got = true_utility(_plan(("s1", "p1"), ("s2", "p2"), ("s3", "p3")), TRUTH)
    # s1-p1: 3 + 2 (mutual); s2-p2: 2 + 0; s3-p3: unjudged, 0 + 0.
    assert got == {
        "true_utility": 7,
        "mean_true_utility": pytest.approx(7 / 3, abs=1e-4),
        "student_grade_sum": 5,
        "position_grade_sum": 2,
        "mutual_matches": 1,
    }
    assert true_utility(_plan(), TRUTH)["true_utility"] == 0


def test_add_true_utility_reads_the_ground_truth_folder(tmp_path: Path) -> None:
    folder = _write_truth(tmp_path / "ground_truth")
    plans = {
        "greedy": _plan(("s1", "p2"), ("s3", "p1"), method="greedy"),
        "optimal": _plan(("s1", "p1"), ("s2", "p2")),
    }
    utilities = add_true_utility(plans, folder)
    assert utilities["greedy"]["true_utility"] == 1 + 0 + 1 + 3
    assert utilities["greedy"]["mutual_matches"] == 1
    assert utilities["optimal"]["true_utility"] == 3 + 2 + 2
    assert plans["optimal"]["metrics"]["true_utility"] == 7
    with pytest.raises(FileNotFoundError):
        add_true_utility({"x": _plan(("s1", "p1"))}, tmp_path / "missing")


def test_comparison_table_orders_methods_and_shows_true_utility() -> None:
    plans = {"stable": _plan(("s1", "p1")), "optimal": _plan(("s2", "p2")), "greedy": _plan()}
    table = comparison_table(plans)
    lines = table.splitlines()
    assert lines[0].startswith("| method | students placed | fill rate")
    assert [line.split(" | ")[0] for line in lines[2:]] == ["| greedy", "| optimal", "| stable"]
    assert "true utility" not in lines[0]
    add_true_utility(plans, truth=TRUTH)
    table = comparison_table(plans)
    assert "true utility" in table.splitlines()[0]
    assert table.splitlines()[4].endswith("| 5 | 1 |")  # stable: s1-p1, 3 + 2, mutual


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
