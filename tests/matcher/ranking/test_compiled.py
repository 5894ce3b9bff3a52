"""The served ranker (numpy trees) gives what the trained one gives, without scikit-learn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matcher.ranking.compiled import (
    CompiledRanker,
    NotCompilable,
    Trees,
    compile_ranker,
    ranker_kind,
)
from matcher.ranking.ranker import LambdaRanker, TwoSidedRanker


def _world(n: int = 3000, seed: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features with missing values, exact zeros and repeated values (where splits fall on
    thresholds and missing-value directions matter), and grades that depend on them."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 6))
    X[:, 2] = np.round(X[:, 2], 1)  # many rows exactly on split thresholds
    X[rng.random(n) < 0.15, 3] = np.nan
    X[rng.random(n) < 0.3, 4] = 0.0
    applied = X[:, 0] + np.nan_to_num(X[:, 3]) + 0.3 * rng.normal(size=n) > 0.2
    accepted = applied & (X[:, 1] - X[:, 4] + 0.3 * rng.normal(size=n) > 0)
    y = np.where(accepted, 4, np.where(applied, 2, 0)).astype(float)
    return X, y, np.repeat(np.arange(n // 30), 30)


def _probe_rows(X: np.ndarray) -> np.ndarray:
    """Rows the model never saw, including all-missing and all-zero ones."""
    rng = np.random.default_rng(9)
    rows = rng.normal(size=(500, X.shape[1]))
    rows[::7, 3] = np.nan
    rows[::5, 4] = 0.0
    rows[::11] = np.nan
    rows[1::11] = 0.0
    return np.vstack([X[:500], rows])


def test_the_trees_score_as_lightgbm_to_the_bit() -> None:
    X, y, groups = _world()
    model = LambdaRanker(n_estimators=60, num_leaves=15).fit(X, y, groups=groups)
    booster = model.model_.booster_
    trees = Trees.from_dump(booster.dump_model())
    rows = _probe_rows(X)
    np.testing.assert_array_equal(trees.raw(rows), booster.predict(rows, raw_score=True))


@pytest.mark.parametrize("kind", ["pointwise", "listwise"])
def test_a_compiled_ranker_predicts_what_the_ranker_does(kind: str) -> None:
    X, y, groups = _world()
    model = (
        TwoSidedRanker().fit(X, y)
        if kind == "pointwise"
        else LambdaRanker(n_estimators=80).fit(X, y, groups=groups)
    )
    compiled = CompiledRanker(json.loads(json.dumps(compile_ranker(model))))
    rows = _probe_rows(X)
    np.testing.assert_allclose(compiled.predict(rows), model.predict(rows), rtol=1e-12, atol=0)
    assert ranker_kind(compiled) == ranker_kind(model) == kind
    if kind == "pointwise":
        for got, want in zip(compiled.predict_sides(rows), model.predict_sides(rows), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
    with pytest.raises(ValueError, match="features"):
        compiled.predict(rows[:, :3])


def test_a_side_that_saw_one_class_compiles_to_its_rate() -> None:
    X, y, _ = _world(600)
    y[:] = np.where(y >= 2, 2, 0)  # nobody accepted: the enterprise side is a constant
    model = TwoSidedRanker().fit(X, y)
    compiled = CompiledRanker(compile_ranker(model))
    np.testing.assert_allclose(compiled.predict(X), model.predict(X), rtol=1e-12, atol=0)


def test_other_estimators_are_not_compiled() -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    X, y, _ = _world(600)
    small = HistGradientBoostingClassifier(max_iter=5)
    model = TwoSidedRanker(student_model=small, enterprise_model=small, calibrate=False)
    with pytest.raises(NotCompilable):
        compile_ranker(model.fit(X, y))


def test_serving_a_compiled_ranker_imports_no_scikit_learn(tmp_path: Path) -> None:
    """skops's import alone walked every scikit-learn estimator (and torch): 334 MB in each
    serving process."""
    X, y, _ = _world(600)
    path = tmp_path / "r.trees.json"
    path.write_text(json.dumps(compile_ranker(TwoSidedRanker().fit(X, y))), "utf-8")
    code = (
        "import sys, numpy as np\n"
        "from matcher.ranking.compiled import CompiledRanker\n"
        f"r = CompiledRanker.load({str(path)!r})\n"
        "r.predict(np.zeros((3, 6)))\n"
        "heavy = [m for m in ('sklearn', 'lightgbm', 'skops', 'torch', 'pandas') "
        "if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
