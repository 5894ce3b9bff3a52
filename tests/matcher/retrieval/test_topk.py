"""The k best rows: over a score for every row, or over the rows a channel matched."""

from __future__ import annotations

import numpy as np

from matcher.retrieval.topk import top_hits, top_rows


def test_top_hits_over_the_matched_rows_equals_top_rows_over_every_row() -> None:
    rng = np.random.default_rng(5)
    n = 500
    tie_rank = rng.permutation(n)
    for trial in range(40):
        scores = np.zeros(n)
        matched = rng.choice(n, size=int(rng.integers(0, 120)), replace=False)
        scores[matched] = rng.integers(1, 6, size=matched.size)  # many ties
        allowed = rng.random(n) < 0.7 if trial % 2 else None
        k = int(rng.integers(0, 60))
        want = top_rows(scores, k, tie_rank, allowed)
        hits = rng.permutation(matched)  # in any order
        rows, got = top_hits(hits, scores[hits], k, tie_rank, allowed)
        assert rows.tolist() == want.tolist()
        assert got.tolist() == scores[want].tolist()


def test_top_hits_drops_rows_of_nothing_and_zero_scores() -> None:
    rows, scores = top_hits(
        np.array([-1, 3, 2, 4]), np.array([9.0, 1.0, 0.0, 2.0]), 5, np.arange(5)
    )
    assert rows.tolist() == [4, 3]
    assert scores.tolist() == [2.0, 1.0]
