"""Significance tests of two systems' per-query values (paired bootstrap and paired t-test).

The values come from :func:`matcher.ranking.measures.evaluate` (``EvalResult.per_query``), whose
module
says which measures exist and how trec_eval defines them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["paired_bootstrap", "paired_t_test"]


def _paired(a: Mapping[str, float], b: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """The two systems' values on the same queries, as aligned arrays."""
    if set(a) != set(b):
        only = sorted(set(a) ^ set(b))[:5]
        raise ValueError(f"per-query values cover different queries (e.g. {only})")
    if not a:
        raise ValueError("no query to compare")
    qids = sorted(a)
    return (
        np.array([a[q] for q in qids], dtype=np.float64),
        np.array([b[q] for q in qids], dtype=np.float64),
    )


def paired_bootstrap(
    per_query_a: Mapping[str, float],
    per_query_b: Mapping[str, float],
    n: int = 10_000,
    seed: int = 0,
) -> float:
    """Two-sided p-value of a paired bootstrap test that systems A and B have the same mean.

    The per-query differences are centred on zero (the null hypothesis), resampled with
    replacement ``n`` times, and the p-value is the share of resampled means at least as far from
    zero as the observed mean difference, as ``(count + 1) / (n + 1)`` so it is never 0.
    Deterministic for a given ``seed``.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1; got {n!r}")
    a, b = _paired(per_query_a, per_query_b)
    diff = a - b
    observed = abs(diff.mean())
    centred = diff - diff.mean()
    rng = np.random.default_rng(seed)
    m = diff.size
    chunk = max(1, min(n, 2_000_000 // m))  # bound memory at about 16 MB of indices
    count, done = 0, 0
    while done < n:
        size = min(chunk, n - done)
        means = centred[rng.integers(0, m, size=(size, m))].mean(axis=1)
        count += int(np.count_nonzero(np.abs(means) >= observed))
        done += size
    return (count + 1) / (n + 1)


def paired_t_test(per_query_a: Mapping[str, float], per_query_b: Mapping[str, float]) -> float:
    """Two-sided p-value of the paired t-test (``scipy.stats.ttest_rel``); 1.0 when A equals B."""
    from scipy import stats

    a, b = _paired(per_query_a, per_query_b)
    if np.array_equal(a, b):
        return 1.0
    return float(stats.ttest_rel(a, b).pvalue)
