"""The prior score, and the estimator that wraps it beside the learned rankers."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.ranking.features import FEATURE_NAMES
from matcher.ranking.prior import prior_score, score_pairs
from matcher.ranking.ranker import PriorScore


def _rows(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = rng.random((n, len(FEATURE_NAMES))).astype(np.float32)
    X[0, FEATURE_NAMES.index("city_preferred")] = np.nan
    return X


def test_the_estimator_predicts_the_documented_blend() -> None:
    X = _rows(12)
    model = PriorScore().fit(X)
    np.testing.assert_allclose(model.predict(X), prior_score(X))
    assert ((model.predict(X) >= 0) & (model.predict(X) <= 1)).all()
    with pytest.raises(ValueError, match="pair features"):
        PriorScore().fit(X[:, :5])


def test_score_pairs_says_which_scorer_ranked() -> None:
    X = _rows(6)
    scores, probability, scorer = score_pairs(None, X)
    assert scorer == "prior" and probability is None
    np.testing.assert_allclose(scores, prior_score(X))
    fitted = PriorScore().fit(X)
    scores, probability, scorer = score_pairs(fitted, X)
    assert scorer == "learned" and probability is not None
