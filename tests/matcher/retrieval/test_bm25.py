"""BM25 over array postings: against a reference library, across layouts and across segments."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.retrieval.bm25 import Postings

V = 60


def _corpus(n: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    # Zipf-like term frequencies, some empty documents.
    return [
        np.minimum(rng.zipf(1.3, rng.integers(0, 40)), V).astype(np.int32) - 1 for _ in range(n)
    ]


def test_scores_match_bm25s_lucene() -> None:
    bm25s = pytest.importorskip("bm25s")
    docs = _corpus(300, 1)
    postings = Postings.build(docs, V)
    stats = postings.stats()
    reference = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    vocab = {str(t): t for t in range(V)}
    reference.index(
        bm25s.tokenization.Tokenized(ids=[d.tolist() for d in docs], vocab=vocab),
        show_progress=False,
    )
    for query in ([0], [1, 5, 7], [3, 3, 40], [59]):
        ours = postings.scores(np.array(query), stats.idf(), postings.norms(stats, 1.2, 0.75))
        np.testing.assert_allclose(ours, reference.get_scores_from_ids(query), rtol=1e-5)


def test_both_layouts_score_the_same_bits() -> None:
    postings = Postings.build(_corpus(200, 2), V)
    stats = postings.stats()
    idf, norms = stats.idf(), postings.norms(stats, 1.2, 0.75)
    rows = np.arange(0, 200, 3)
    for query in (np.array([0, 2, 9, 17, 33]), np.array([33, 1, 0, 59])):
        everything = postings.scores(query, idf, norms)
        assert np.array_equal(postings.scores_rows(query, rows, idf, norms), everything[rows])


def test_segments_with_their_union_statistics_score_as_one_index() -> None:
    docs = _corpus(250, 3)
    whole = Postings.build(docs, V)
    first, second = Postings.build(docs[:180], V), Postings.build(docs[180:], V)
    stats = first.stats().combined(second.stats())
    assert stats.docs == whole.stats().docs and np.array_equal(stats.df, whole.stats().df)
    idf = stats.idf()
    query = np.array([0, 1, 4, 12, 50])
    expected = whole.scores(query, idf, whole.norms(stats, 1.2, 0.75))
    got = np.concatenate([s.scores(query, idf, s.norms(stats, 1.2, 0.75)) for s in (first, second)])
    assert np.array_equal(got, expected)
    # Removing documents from the statistics equals never having had them.
    gone = np.arange(0, 180, 4)
    less = stats.without(first.stats(gone))
    kept = np.setdiff1d(np.arange(250), gone)
    again = Postings.build([docs[i] for i in kept], V).stats()
    assert (less.docs, less.tokens) == (again.docs, again.tokens)
    assert np.array_equal(less.df, again.df)


def test_documents_keep_their_terms_in_first_occurrence_order() -> None:
    postings = Postings.build([np.array([5, 3, 5, 9, 3], dtype=np.int32)], V)
    assert postings.terms_of(0).tolist() == [5, 3, 9]
    assert postings.doc_tf.tolist() == [2, 2, 1] and postings.lengths.tolist() == [5]
