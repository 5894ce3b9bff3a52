"""True utility of placement plans on hand-made hidden truth, and the methods' comparison table."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest

from matcher.placement.plans import add_true_utility, comparison_table, true_utility


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


def test_true_utility_counts_a_pair_mutual_only_when_both_sides_grade_it() -> None:
    truth = {
        "student_to_position": {"s1": {"p1": 1}, "s2": {"p2": 0}},
        "position_to_student": {"p1": {"s1": 1}, "p2": {"s2": 2}, "p3": {"s9": 3}},
    }
    plan = _plan(("s1", "p1"), ("s2", "p2"), ("s9", "p3"))  # s9 is not in the student side
    assert true_utility(plan, truth) == {
        "true_utility": 1 + 1 + 0 + 2 + 0 + 3,
        "mean_true_utility": 2.3333,
        "student_grade_sum": 1,
        "position_grade_sum": 6,
        "mutual_matches": 1,
    }
    assert true_utility(_plan(), truth)["mean_true_utility"] == 0.0
    with pytest.raises(ValueError, match=r"^give a ground-truth folder or the truth itself$"):
        add_true_utility({"optimal": plan})


def test_the_comparison_table_cell_by_cell() -> None:
    custom = dict(
        _plan(("s1", "p1"))["metrics"], fill_rate=1, mean_rank=None, worst_rank=2, seconds=1.23456
    )
    plans = {"mine": custom, "optimal": _plan(("s1", "p1"), ("s2", "p2"))}
    assert comparison_table(plans).splitlines() == [
        "| method | students placed | fill rate | openings filled | total probability "
        "| mean probability | blocking pairs | worst-off rank | mean rank | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
        "| optimal | 2 | 1.000 | 2 / 3 | 1.000 | 0.5000 | 0 | 1 | 1.00 | 0.010 |",
        "| mine | 1 | 1 | 1 / 3 | 0.500 | 0.5000 | 0 | 2 | – | 1.235 |",
    ]
    add_true_utility({"optimal": plans["optimal"]}, truth=TRUTH)
    custom.update(true_utility=0, mutual_matches=0)
    lines = comparison_table(plans).splitlines()
    assert lines[0].endswith("| seconds | true utility | mutual matches |")
    assert lines[1] == "|" + "---|" * 12
    assert (
        lines[2]
        == "| optimal | 2 | 1.000 | 2 / 3 | 1.000 | 0.5000 | 0 | 1 | 1.00 | 0.010 | 7 | 1 |"
    )
