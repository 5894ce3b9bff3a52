"""The rankers follow the scikit-learn contract and learn a known toy ordering."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from matcher.ranking.ranker import LambdaRanker, TwoSidedRanker, load_ranker, save_ranker


def _toy(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    # Grade rises with feature 0 (student side) and feature 1 (enterprise side).
    applied = X[:, 0] + 0.3 * rng.normal(size=n) > 0.2
    accepted = applied & (X[:, 1] + 0.3 * rng.normal(size=n) > 0)
    y = np.where(accepted, 3, np.where(applied, 2, 0)).astype(float)
    groups = np.repeat(np.arange(n // 20), 20)
    return X, y, groups


_SMALL = HistGradientBoostingClassifier(max_iter=10, early_stopping=False)


@parametrize_with_checks(
    [
        TwoSidedRanker(student_model=_SMALL, enterprise_model=_SMALL, calibrate=False),
        LambdaRanker(n_estimators=10),
    ]
)
def test_sklearn_contract(estimator: object, check: object) -> None:
    check(estimator)  # type: ignore[operator]


def test_two_sided_learns_both_sides() -> None:
    X, y, _ = _toy()
    model = TwoSidedRanker().fit(X, y)
    ps, pe = model.predict_sides(np.array([[2.0, 2.0, 0, 0], [2.0, -2.0, 0, 0], [-2.0, 2.0, 0, 0]]))
    assert ps[0] > 0.8 and ps[2] < 0.2
    assert pe[0] > pe[1]
    p = model.predict(np.array([[2.0, 2.0, 0, 0], [-2.0, -2.0, 0, 0]]))
    assert 0 <= p[1] < p[0] <= 1


def test_lambda_ranker_orders_and_outputs_probabilities() -> None:
    X, y, groups = _toy()
    model = LambdaRanker(n_estimators=50).fit(X, y, groups=groups)
    p = model.predict(np.array([[2.0, 2.0, 0, 0], [-2.0, -2.0, 0, 0]]))
    assert 0 <= p[1] < p[0] <= 1


def test_save_and_load_with_skops(tmp_path: Path) -> None:
    X, y, groups = _toy()
    for model in (TwoSidedRanker().fit(X, y), LambdaRanker(n_estimators=20).fit(X, y, groups)):
        path = tmp_path / f"{type(model).__name__}.skops"
        save_ranker(model, path)
        np.testing.assert_allclose(load_ranker(path).predict(X), model.predict(X))


def test_one_class_side_does_not_crash() -> None:
    X = np.random.default_rng(0).normal(size=(50, 3))
    model = TwoSidedRanker().fit(X, np.full(50, 2.0))  # everyone applied, nobody accepted
    assert np.allclose(model.predict(X), 0.0)
    with pytest.raises(ValueError):
        model.predict(np.zeros((2, 5)))


def test_match_qrels_keep_what_both_sides_wanted() -> None:
    from matcher.ranking.training import match_qrels

    qrels = {"s1": {"p1": 1, "p2": 2, "p3": 4}, "s2": {"p1": 1}}
    assert match_qrels(qrels) == {"s1": {"p2": 1, "p3": 3}}


def test_the_direct_booster_path_equals_predict_proba() -> None:
    from matcher.ranking.ranker import _positive_proba

    X, y, _ = _toy(n=900)
    model = TwoSidedRanker().fit(X, y)
    rows = np.random.default_rng(1).normal(size=(50, 4))
    rows[3, 2] = np.nan  # missing values take the same branch both ways
    for side in (model.student_side_, model.enterprise_side_):
        assert len(side.calibrated_classifiers_) == 1, "one refitted model per side"
        np.testing.assert_allclose(
            _positive_proba(side, rows), side.predict_proba(rows)[:, 1], rtol=1e-9, atol=1e-12
        )
