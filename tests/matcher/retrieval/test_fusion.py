"""Fusion and the skill channel on toy data whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from matcher.retrieval.fusion import ChannelResult, fuse, weights_for
from matcher.retrieval.skills import skill_rows


def skill_channel(q, items, idf, ids, k, *, allowed=None):  # type: ignore[no-untyped-def]
    """The skill channel's top ``k`` as ids and scores (rows named by ``ids``)."""
    rows, scores = skill_rows(q, items, idf, k, allowed=allowed)
    return ChannelResult([ids[r] for r in rows], scores)


def _res(ids: list[str]) -> ChannelResult:
    return ChannelResult(ids, np.linspace(1, 0, len(ids)))


def test_fusion_rewards_agreement() -> None:
    fused = fuse(
        {"dense": _res(["a", "b", "c"]), "lexical": _res(["b", "a", "d"])},
        {"dense": 1.0, "lexical": 1.0},
    )
    assert [c.id for c in fused][:2] == ["a", "b"] or [c.id for c in fused][:2] == ["b", "a"]
    assert {c.id for c in fused} == {"a", "b", "c", "d"}
    assert fused[-1].id in {"c", "d"}


def test_weights_follow_language_and_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The multilingual default gives a Chinese query's dense channel its vote; an English-only
    model gets none for Chinese and keeps it for English."""
    from matcher.config import get_settings

    dense_first = {"dense": _res(["x", "y"]), "lexical": _res(["y", "x"])}
    assert fuse(dense_first, weights_for("en"))[0].id == "x"
    assert fuse(dense_first, weights_for("zh"))[0].id == "x"
    monkeypatch.setenv("MATCHER_EMBEDDING_MODEL", "all-MiniLM-L6-v2")
    get_settings.cache_clear()
    try:
        assert weights_for("zh")["dense"] == 0.0
        assert fuse(dense_first, weights_for("zh"))[0].id == "y"
        assert fuse(dense_first, weights_for("en"))[0].id == "x"
    finally:
        monkeypatch.delenv("MATCHER_EMBEDDING_MODEL")
        get_settings.cache_clear()


def test_fuse_records_channel_ranks_and_is_deterministic() -> None:
    a = fuse({"dense": _res(["p", "q"]), "skills": _res(["q"])}, {"dense": 1, "skills": 1})
    b = fuse({"skills": _res(["q"]), "dense": _res(["p", "q"])}, {"dense": 1, "skills": 1})
    assert [c.id for c in a] == [c.id for c in b]
    q = next(c for c in a if c.id == "q")
    assert q.ranks == {"dense": 2, "skills": 1}


def test_skill_channel_checkerboard() -> None:
    # item i requires skill i; query with skill i finds item i first.
    items = sparse.identity(5, format="csr", dtype=np.float32)
    idf = np.ones(5, dtype=np.float32)
    for i in range(5):
        q = sparse.csr_matrix(np.eye(5, dtype=np.float32)[i : i + 1])
        res = skill_channel(q, items, idf, [f"p{j}" for j in range(5)], k=3)
        assert res.ids == [f"p{i}"]


def test_skill_channel_respects_allowed_and_shape() -> None:
    items = sparse.csr_matrix(np.ones((3, 2), dtype=np.float32))
    q = sparse.csr_matrix(np.ones((1, 2), dtype=np.float32))
    res = skill_channel(
        q,
        items,
        np.ones(2, np.float32),
        ["a", "b", "c"],
        k=5,
        allowed=np.array([True, False, True]),
    )
    assert res.ids == ["a", "c"]
    with pytest.raises(ValueError):
        skill_channel(sparse.csr_matrix(np.ones((2, 2))), items, np.ones(2), ["a", "b", "c"], 2)


def test_skill_channel_reads_columns_as_the_row_product_does() -> None:
    rng = np.random.default_rng(3)
    items = sparse.random(300, 40, density=0.1, format="csr", dtype=np.float32, random_state=rng)
    idf = rng.uniform(0.5, 3.0, 40).astype(np.float32)
    ids = [f"p{i}" for i in range(300)]
    for _ in range(5):
        q = sparse.random(1, 40, density=0.2, format="csr", dtype=np.float32, random_state=rng)
        by_rows = skill_channel(q, items, idf, ids, k=25)
        by_columns = skill_channel(q, items.tocsc(), idf, ids, k=25)
        assert by_columns.ids == by_rows.ids
        np.testing.assert_allclose(by_columns.scores, by_rows.scores, rtol=1e-6)
    empty = skill_channel(sparse.csr_matrix((1, 40), dtype=np.float32), items.tocsc(), idf, ids, 5)
    assert empty.ids == []


def test_fuse_rejects_ids_and_scores_of_different_lengths() -> None:
    with pytest.raises(ValueError):
        fuse({"dense": ChannelResult(["a", "b"], np.ones(1))}, {"dense": 1.0})


def test_normalise_maps_a_channel_to_the_unit_interval() -> None:
    from matcher.retrieval.fusion import normalise

    np.testing.assert_allclose(normalise(np.array([9.0, 5.0, 1.0])), [1.0, 0.5, 0.0])
    np.testing.assert_allclose(normalise(np.array([0.3, 0.3])), [1.0, 1.0])
    assert normalise(np.zeros(0)).size == 0


def test_fuse_scores_are_the_channel_scores() -> None:
    fused = fuse(
        {"dense": ChannelResult(["a", "b"], np.array([0.9, 0.5], dtype=np.float32))},
        {"dense": 1.0},
    )
    assert fused[0].scores == {"dense": pytest.approx(0.9)}
    assert isinstance(fused[0].scores["dense"], float)
    assert [c.score for c in fused] == [pytest.approx(1.0), pytest.approx(0.0)]


def test_a_wide_lead_in_one_channel_outweighs_a_narrow_one_in_another() -> None:
    """Scores, not ranks: ``a`` leads dense by far and trails lexical by a hair, so it wins;
    rank fusion with equal weights would have tied the two."""
    fused = fuse(
        {
            "dense": ChannelResult(["a", "b", "c"], np.array([0.9, 0.1, 0.0])),
            "lexical": ChannelResult(["b", "a", "c"], np.array([10.0, 9.9, 0.0])),
        },
        {"dense": 1.0, "lexical": 1.0},
    )
    assert [c.id for c in fused] == ["a", "b", "c"]


def _random_channels(rng: np.random.Generator, n: int, channels: list[str]):  # type: ignore[no-untyped-def]
    out = {}
    for c in channels:
        rows = rng.permutation(n)[: rng.integers(0, 30)]
        out[c] = (rows, np.sort(rng.random(len(rows)))[::-1])
    return out


def test_fuse_rows_orders_and_scores_as_fuse_does() -> None:
    from matcher.retrieval.fusion import fuse_rows

    rng = np.random.default_rng(11)
    ids = [f"p{rng.integers(10**6):06d}" for _ in range(60)]  # row order is not id order
    id_order = np.empty(len(ids), dtype=np.int64)
    id_order[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    for weights in ({"dense": 1.0, "lexical": 0.8, "skills": 0.6}, {"dense": 0.0, "lexical": 1.0}):
        for _ in range(20):
            rows = _random_channels(rng, len(ids), list(weights))
            rows["skills"] = (rng.permutation(len(ids))[:12], np.ones(12))  # maybe no weight
            by_ids = fuse(
                {c: ChannelResult([ids[i] for i in r], s) for c, (r, s) in rows.items()},
                weights,
                k=25,
            )
            got, scores, ranks = fuse_rows(rows, weights, id_order, k=25)
            assert [ids[i] for i in got] == [c.id for c in by_ids]
            np.testing.assert_array_equal(scores, [c.score for c in by_ids])
            for j, cand in enumerate(by_ids):
                assert {c: int(r[j]) for c, r in ranks.items() if r[j]} == cand.ranks
    with pytest.raises(ValueError, match="twice"):
        fuse_rows({"dense": (np.array([1, 1]), np.ones(2))}, {"dense": 1.0}, id_order)
    with pytest.raises(ValueError, match="scores"):
        fuse_rows({"dense": (np.array([1, 2]), np.ones(1))}, {"dense": 1.0}, id_order)


def test_fuse_scores_is_the_fusion_of_each_query_s_top_depth() -> None:
    """The grid's fusion gives every item the score the request path's fusion gives it when
    each channel hands over its ``depth`` best items (sparse channels only positive ones)."""
    from matcher.retrieval.fusion import fuse_scores

    rng = np.random.default_rng(5)
    n_q, n_items, depth = 6, 40, 15
    dense = rng.normal(size=(n_q, n_items))
    lexical = np.where(rng.random((n_q, n_items)) < 0.3, rng.random((n_q, n_items)) * 8, 0.0)
    lexical[0] = 0.0  # a query the lexical channel finds nothing for
    weights = rng.uniform(0.2, 1.0, size=(n_q, 2))
    grid = fuse_scores({"dense": dense, "lexical": lexical}, weights, depth=depth)
    items = [f"i{j:02d}" for j in range(n_items)]
    for q in range(n_q):
        per = {}
        for name, s, sparse_ in (("dense", dense[q], False), ("lexical", lexical[q], True)):
            order = [j for j in np.argsort(-s, kind="stable") if not sparse_ or s[j] > 0][:depth]
            per[name] = ChannelResult([items[j] for j in order], s[order])
        fused = fuse(per, {"dense": weights[q, 0], "lexical": weights[q, 1]})
        expected = np.zeros(n_items)
        for cand in fused:
            expected[items.index(cand.id)] = cand.score
        np.testing.assert_allclose(grid[q], expected, atol=1e-12)
    cols = fuse_scores({"dense": dense.T}, weights[:, :1], axis=0, depth=depth)
    np.testing.assert_allclose(cols.T, fuse_scores({"dense": dense}, weights[:, :1], depth=depth))


def test_a_pruned_skill_query_reads_its_heaviest_skills_within_the_budget() -> None:
    from matcher.retrieval.skills import heaviest_skills

    weights = np.array([0.5, 3.0, 1.0, 2.0])
    postings = np.array([900, 10, 300, 50])
    assert heaviest_skills(weights, postings, 2000).tolist() == [True] * 4
    assert heaviest_skills(weights, postings, 400).tolist() == [False, True, True, True]
    assert heaviest_skills(weights, postings, 5).tolist() == [False, True, False, False]

    rng = np.random.default_rng(7)
    items = sparse.random(400, 30, density=0.2, format="csc", random_state=rng)
    idf = rng.uniform(0.5, 3.0, 30)
    q = sparse.random(1, 30, density=0.4, format="csr", random_state=rng)
    q.data[:] = 1.0
    lengths = np.diff(items.indptr)[q.indices]
    whole = skill_rows(q, items, idf, 20)
    unbound = skill_rows(q, items, idf, 20, max_postings=int(lengths.sum()))
    assert whole[0].tolist() == unbound[0].tolist()
    assert whole[1].tobytes() == unbound[1].tobytes()
    budget = int(lengths.sum()) // 2
    kept = heaviest_skills(q.data * idf[q.indices], lengths, budget)
    assert 0 < kept.sum() < kept.size
    narrow = q.copy()
    narrow.data[~kept] = 0.0
    narrow.eliminate_zeros()
    assert [r.tolist() for r in skill_rows(q, items, idf, 20, max_postings=budget)] == [
        r.tolist() for r in skill_rows(narrow, items, idf, 20)
    ]
