"""The leakage probe's parts on hand-made data: which positions it learns from, the grades it
reads, the features it reads. (Its fit on a world's truth: tests/eval/test_offline.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from eval.offline.grid import window_catalogue
from eval.offline.probe import fit_probe, grade_matrix, graded_students, training_catalogue
from matcher.ranking.features import FEATURE_NAMES


def _day(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


def test_the_training_catalogue_leaves_out_every_test_window_position() -> None:
    """Five positions: p0 open in spring 2026 only, p1 from spring into the autumn (test)
    window, p2 in the autumn only, p3 in autumn 2025, p4 open in 2027 but applied to in spring
    2026 (so in that window's catalogue)."""
    ids = ["p0", "p1", "p2", "p3", "p4"]
    positions = SimpleNamespace(
        ids=ids,
        index={p: i for i, p in enumerate(ids)},
        start=np.array(
            [
                _day(d)
                for d in ("2026-02-10", "2026-03-01", "2026-09-01", "2025-09-01", "2027-03-01")
            ]
        ),
        deadline=np.array(
            [
                _day(d)
                for d in ("2026-06-30", "2026-09-30", "2026-12-01", "2025-12-01", "2027-05-01")
            ]
        ),
    )
    pairs = SimpleNamespace(position_ids=["p4", "p2"], semester=["2026S", "2026A"])
    engine = SimpleNamespace(positions=positions, pairs=pairs)
    test = window_catalogue(engine, "2026A")
    assert test.tolist() == [1, 2]
    rows, excluded = training_catalogue(engine, ["2025A", "2026S"], test)
    assert rows.tolist() == [0, 3, 4] and excluded == 1  # p1
    rows, excluded = training_catalogue(engine, ["2025A"], test)
    assert rows.tolist() == [3] and excluded == 0


def test_grades_are_read_for_the_pairs_asked_and_0_where_unlisted() -> None:
    qrels = {"s1": {"p1": 3, "p9": 2}, "s2": {"p2": 1}, "s7": {"p1": 2}}
    got = grade_matrix(qrels, ["s1", "s2", "s3"], ["p1", "p2"])
    np.testing.assert_array_equal(got, [[3, 0], [0, 1], [0, 0]])


def test_a_subset_truth_names_its_students(tmp_path: Path) -> None:
    assert graded_students(tmp_path) is None  # no world.json: every student
    (tmp_path / "world.json").write_text(json.dumps({"truth": {"subset": False}}))
    assert graded_students(tmp_path) is None
    world = {"truth": {"subset": True, "student_ids": ["s2", "s5"]}}
    (tmp_path / "world.json").write_text(json.dumps(world))
    assert graded_students(tmp_path) == {"s2", "s5"}


def test_the_probe_reads_only_the_five_features() -> None:
    col = {n: i for i, n in enumerate(FEATURE_NAMES)}
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, len(FEATURE_NAMES)))
    X[:, col["gpa"]] = rng.uniform(2, 4, 600)
    X[::5, col["required_coverage"]] = np.nan
    grades = np.clip(np.round(X[:, col["gpa"]] - 2 + rng.normal(0, 0.2, 600)), 0, 3)
    model = fit_probe(X, grades, seed=0)
    p = model.predict(X)
    assert np.corrcoef(p, grades)[0, 1] > 0.8
    sources = ("gpa", "required_coverage", "major_accepted", "any_major")
    sources += ("city_preferred", "degree_gap")
    rest = [i for n, i in col.items() if n not in sources]
    other = X.copy()
    other[:, rest] = rng.normal(size=(600, len(rest))) * 100
    np.testing.assert_array_equal(model.predict(other), p)
    assert model[:-1].get_feature_names_out().tolist() == [
        "gpa",
        "required_coverage",
        "major_match",
        "city_match",
        "degree_gap",
    ]
