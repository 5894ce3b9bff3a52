"""Significance tests: the paired bootstrap and the paired t-test on per-query values."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy import stats

from eval.metrics import paired_bootstrap, paired_t_test
from matcher.ranking.measures import evaluate
from tests.matcher.ranking.test_measures import _random_world


def test_paired_bootstrap() -> None:
    rng = np.random.default_rng(1)
    a = {f"q{i}": float(v) for i, v in enumerate(rng.random(60))}
    assert paired_bootstrap(a, a) == 1.0
    better = {q: v + 0.2 for q, v in a.items()}
    # every difference is the same: no resample is as far from zero as the observed mean
    assert paired_bootstrap(better, a, n=999) == pytest.approx(1 / 1000)
    noisy = {q: v + float(rng.normal(0.0, 0.3)) for q, v in a.items()}
    p = paired_bootstrap(noisy, a, n=2000, seed=3)
    assert p == paired_bootstrap(noisy, a, n=2000, seed=3)  # deterministic per seed
    assert 0.0 < p <= 1.0
    # agrees roughly with the t-test on well-behaved differences
    assert abs(p - paired_t_test(noisy, a)) < 0.1
    with pytest.raises(ValueError, match="different queries"):
        paired_bootstrap(a, {"q0": 1.0})
    with pytest.raises(ValueError, match="no query"):
        paired_bootstrap({}, {})


def test_paired_t_test_is_scipys() -> None:
    a = {"q1": 0.5, "q2": 0.7, "q3": 0.2, "q4": 0.9}
    b = {"q4": 0.6, "q3": 0.1, "q2": 0.75, "q1": 0.3}  # order does not matter
    expected = stats.ttest_rel([0.5, 0.7, 0.2, 0.9], [0.3, 0.75, 0.1, 0.6]).pvalue
    assert paired_t_test(a, b) == pytest.approx(expected)
    assert paired_t_test(a, a) == 1.0


def test_significance_on_evaluate_output() -> None:
    qrels, run = _random_world(2)
    worse = {
        q: {d: s * random.Random(q).random() for d, s in docs.items()} for q, docs in run.items()
    }
    a = evaluate(qrels, run, ["ndcg@10"]).per_query["ndcg@10"]
    b = evaluate(qrels, worse, ["ndcg@10"]).per_query["ndcg@10"]
    assert 0.0 < paired_bootstrap(a, b, n=500) <= 1.0
    assert 0.0 <= paired_t_test(a, b) <= 1.0
