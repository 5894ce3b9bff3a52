"""``simple5``: the five written features, the model that reads only them, and its fit on the
training window's rows only (hand-made data, no world)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from eval.offline.simple import FIVE_FEATURES, SIMPLE, Simple5, five_features
from matcher.ranking.features import FEATURE_NAMES
from matcher.ranking.training import TrainingSet

COL = {n: i for i, n in enumerate(FEATURE_NAMES)}
FIVE_SOURCES = ("gpa", "required_coverage", "major_accepted", "any_major", "city_preferred")
SOURCES = (*FIVE_SOURCES, "degree_gap")


def _rows(*values: dict[str, float]) -> np.ndarray:
    """Feature rows with every column not named set to 7 (a value no rule may read)."""
    X = np.full((len(values), len(FEATURE_NAMES)), 7.0)
    for i, row in enumerate(values):
        for name, v in row.items():
            X[i, COL[name]] = v
    return X


def test_the_five_features_by_hand() -> None:
    X = _rows(
        # accepted major, city not preferred
        dict(
            gpa=3.2,
            required_coverage=0.5,
            major_accepted=1,
            any_major=0,
            city_preferred=0,
            degree_gap=1,
        ),
        # any major accepted, no stated city, nothing else known
        dict(
            gpa=np.nan,
            required_coverage=np.nan,
            major_accepted=0,
            any_major=1,
            city_preferred=np.nan,
            degree_gap=-1,
        ),
        # major not accepted, preferred city
        dict(
            gpa=2.0,
            required_coverage=0.0,
            major_accepted=0,
            any_major=0,
            city_preferred=1,
            degree_gap=0,
        ),
    )
    got = five_features(X)
    assert got.shape == (3, 5)
    np.testing.assert_array_equal(
        got,
        [
            [3.2, 0.5, 1.0, 0.0, 1.0],
            [np.nan, np.nan, 1.0, 1.0, -1.0],
            [2.0, 0.0, 0.0, 1.0, 0.0],
        ],
    )
    with pytest.raises(ValueError, match="rows of the 39 pair features"):
        five_features(X[:, :5])


def _graded(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose grade rises with GPA and required coverage."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, len(FEATURE_NAMES)))
    X[:, COL["gpa"]] = rng.uniform(2.0, 4.0, n)
    X[:, COL["required_coverage"]] = rng.uniform(0.0, 1.0, n)
    X[:, COL["major_accepted"]] = rng.integers(0, 2, n)
    X[:, COL["any_major"]] = 0
    X[:, COL["city_preferred"]] = rng.choice([0.0, 1.0, np.nan], n)
    X[:, COL["degree_gap"]] = rng.integers(-1, 2, n)
    X[::9, COL["gpa"]] = np.nan
    score = X[:, COL["gpa"]] + X[:, COL["required_coverage"]]
    y = np.where(np.nan_to_num(score, nan=3.5) + rng.normal(0, 0.3, n) > 3.6, 3.0, 0.0)
    return X, y


def test_simple5_reads_exactly_the_five_features() -> None:
    X, y = _graded(400, seed=1)
    model = Simple5().fit(X, y)
    logit = model.pipeline_[-1]
    assert logit.coef_.shape == (1, 5)
    assert model.pipeline_[:-1].get_feature_names_out().tolist() == list(FIVE_FEATURES)
    assert model.describe()["features"] == list(FIVE_FEATURES)
    # Higher GPA and coverage mean an interview more often: both weights positive.
    coef = model.describe()["coefficients"]
    assert coef["gpa"] > 0 and coef["required_coverage"] > 0
    p = model.predict(X)
    assert p.shape == (400,) and ((p > 0) & (p < 1)).all()
    # Any other column changed: the same predictions; a source column changed: others.
    other = X.copy()
    rest = [i for n, i in COL.items() if n not in SOURCES]
    other[:, rest] = np.random.default_rng(2).normal(size=(400, len(rest))) * 100
    np.testing.assert_array_equal(model.predict(other), p)
    for name in SOURCES:
        moved = X.copy()
        moved[:, COL[name]] = np.where(np.isnan(X[:, COL[name]]), 1.0, X[:, COL[name]] + 1)
        if name == "city_preferred":
            moved[:, COL[name]] = 1.0 - np.nan_to_num(X[:, COL[name]], nan=1.0)
        assert not np.array_equal(model.predict(moved), p), name


def test_simple5_refuses_a_single_class() -> None:
    X, _ = _graded(20, seed=3)
    with pytest.raises(ValueError, match="all are below it"):
        Simple5().fit(X, np.zeros(20))


def _leaky_training_set() -> tuple[TrainingSet, np.ndarray, np.ndarray]:
    """Training rows (2025A, 2026S) where a high GPA brings an interview; test rows (2026A)
    where a low one does; and 900 spring applications with a low GPA hired in the autumn (``y``
    2 as of the test window's start, ``y_full`` 5)."""
    rng = np.random.default_rng(7)
    blocks = []
    for sem, n in (("2025A", 200), ("2026S", 200)):
        X, y = _graded(n, seed=len(blocks) + 10)
        blocks.append((X, y, y.copy(), [sem] * n))
    X, _ = _graded(900, seed=20)
    X[:, COL["gpa"]] = rng.uniform(2.0, 2.4, 900)
    blocks.append((X, np.full(900, 2.0), np.full(900, 5.0), ["2026S"] * 900))
    X, _ = _graded(3000, seed=21)
    y = np.where(X[:, COL["gpa"]] < 3.0, 4.0, 0.0)
    blocks.append((X, y, y.copy(), ["2026A"] * 3000))
    X = np.concatenate([b[0] for b in blocks])
    y = np.concatenate([b[1] for b in blocks])
    y_full = np.concatenate([b[2] for b in blocks])
    semesters = [s for b in blocks for s in b[3]]
    n = len(y)
    student = np.arange(n) % 60
    label_time = np.full(n, "NaT", dtype="datetime64[s]")
    label_time[(y >= 2) & (np.array(semesters) != "2026A")] = np.datetime64("2026-04-01T00:00:00")
    data = TrainingSet(X, y, student, np.arange(n), semesters, y_full, label_time)
    return data, student, y_full


def test_simple5_is_fitted_on_the_training_window_as_of_its_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``fit_models`` fits ``simple5`` on the training semesters' rows graded as of the test
    window's start: neither the test window's rows nor the autumn hires of spring applications
    (which both flip the sign of GPA's weight) reach it."""
    import eval.offline.split as split_module
    import matcher.ranking.training as training

    data, student, y_full = _leaky_training_set()
    sem = np.array(data.semester)
    train = sem != "2026A"
    monkeypatch.setattr(
        training,
        "training_pairs",
        lambda engine, random_state=0: (data, "2026A", ["2025A", "2026S"]),
    )
    interacted = np.flatnonzero(data.y >= 2)
    pairs = SimpleNamespace(
        semester=[data.semester[i] for i in interacted],
        student_ids=[f"s{student[i]}" for i in interacted],
        position_ids=[f"p{i}" for i in interacted],
        first_seen=np.where(
            sem[interacted] == "2026A",
            np.datetime64("2026-09-01T00:00:00"),
            np.datetime64("2026-03-01T00:00:00"),
        ),
        grade=data.y[interacted],
    )
    pairs.grade_before = lambda start: pairs.grade  # the split's count of labels the cut moved
    engine = SimpleNamespace(pairs=pairs, ranker=None, manifest={"ranker": {"chosen": "pointwise"}})

    def quiet(desc: str, n: int) -> Any:
        return lambda items: items

    models, _, (kind, _), split = split_module.fit_models(engine, 0, False, quiet)
    assert kind == "pointwise" and split.test == "2026A" and split.train == ["2025A", "2026S"]
    fitted = models[SIMPLE].describe()["coefficients"]
    assert fitted["gpa"] > 0.5
    by_hand = Simple5().fit(data.X[train], data.y[train]).describe()["coefficients"]
    assert fitted == by_hand
    # What a leak would have given: GPA's weight negative.
    with_test_rows = Simple5().fit(data.X, data.y).describe()["coefficients"]
    with_autumn_hires = Simple5().fit(data.X[train], y_full[train]).describe()["coefficients"]
    assert with_test_rows["gpa"] < 0 and with_autumn_hires["gpa"] < 0
