"""A saved index with tombstones and a delta answers as an index built from the live records."""

from __future__ import annotations

import numpy as np

from matcher.retrieval.index import VectorIndex
from matcher.retrieval.layered import LayeredIndex


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_a_layered_index_finds_what_a_new_build_finds() -> None:
    rng = np.random.default_rng(3)
    base_ids = [f"b{i:03d}" for i in range(200)]
    base = VectorIndex(base_ids, _unit(rng.normal(size=(200, 16))), kind="flat")
    changed = base_ids[:10]  # new vectors under old ids
    gone = base_ids[10:20]
    added = [f"n{i}" for i in range(15)]
    delta_ids = changed + added
    delta_vectors = _unit(rng.normal(size=(len(delta_ids), 16)))
    dead = np.zeros(base.n_slots, dtype=bool)
    dead[base.slots(changed + gone)] = True
    layered = LayeredIndex(base, dead, VectorIndex(delta_ids, delta_vectors, kind="flat"))

    keep = [i for i in base_ids if i not in changed and i not in gone]
    live_ids = keep + delta_ids
    live_vectors = np.vstack([base._all_vectors()[base.slots(keep)], delta_vectors])
    fresh = VectorIndex(live_ids, live_vectors, kind="flat")
    assert len(layered) == len(fresh) == 205

    slot_ids = np.array([*base.ids, *delta_ids])  # base ids in slot order (none removed yet)
    queries = _unit(rng.normal(size=(25, 16)))
    found, scores = layered.search_slots(queries, 12)
    want_ids, want_scores = fresh.search(queries, 12)
    for row, want in zip(found, want_ids, strict=True):
        assert [str(slot_ids[s]) for s in row] == want
    np.testing.assert_allclose(scores, want_scores, atol=1e-6)

    # Filters: only the slots allowed, across both layers.
    allowed = np.zeros(layered.n_slots, dtype=bool)
    wanted = layered.slots(["b050", "n3", "b001", "b015"])  # b001 changed, b015 removed
    allowed[wanted[wanted >= 0]] = True
    got, _ = layered.search_slots(queries[:1], 5, within=allowed)
    assert sorted(str(slot_ids[s]) for s in got[0]) == ["b001", "b050", "n3"]
    assert layered.slots(["b015"])[0] == -1  # removed
    assert layered.slots(["b001"])[0] >= base.n_slots  # its new vector


def test_a_layered_lexical_index_scores_as_a_new_build_bit_for_bit() -> None:
    from matcher.retrieval.layered import LayeredLexical
    from matcher.retrieval.lexical import MAX_QUERY_TERMS, LexicalIndex

    texts = {
        "p1": "光学设计工程师 Zemax 镜头",
        "p2": "嵌入式软件工程师 C++ CAN 总线",
        "p3": "激光器调试 光纤 耦合",
        "p4": "PLC 电气工程师 自动化产线",
        "p5": "optical design engineer lens Zemax",
        "p6": "视觉算法工程师 OpenCV 深度学习",
    }
    base = LexicalIndex.build(list(texts), list(texts.values()))
    changed = {"p2": "嵌入式工程师 AUTOSAR CAN 诊断 UDS", "p7": "毫米波雷达 标定 ADAS 测试"}
    gone = ["p4"]
    dead = np.zeros(len(base), dtype=bool)
    dead[base.rows(["p2", *gone])] = True
    layered = LayeredLexical(base, dead, list(changed), list(changed.values()))
    live = {k: v for k, v in texts.items() if k not in gone} | changed
    fresh = LexicalIndex.build(list(live), list(live.values()))

    here = layered.rows(list(live))
    there = fresh.rows(list(live))
    for query in ("CAN 总线 诊断", "Zemax 光学 lens", "雷达 标定 ADAS 工程师", "未知词"):
        assert np.array_equal(layered.scores(query)[here], fresh.scores(query)[there])
        assert np.array_equal(layered.scores_rows(query, here), fresh.scores_rows(query, there))
        pruned = layered.scores(query, max_terms=2)[here]
        assert np.array_equal(pruned, fresh.scores(query, max_terms=2)[there])
    assert layered.scores("PLC 电气")[base.rows(["p4"])[0]] == 0.0  # removed

    for doc_id in live:
        assert layered.document_terms(doc_id) == fresh.document_terms(doc_id)
    assert MAX_QUERY_TERMS > 2


def test_lexical_hits_are_the_positive_scores_of_both_layers() -> None:
    from matcher.retrieval.layered import LayeredLexical
    from matcher.retrieval.lexical import LexicalIndex

    texts = ["CAN 总线 测试", "光学 镜头 Zemax", "CAN 诊断 UDS", "PLC 产线"]
    base = LexicalIndex.build(["a", "b", "c", "d"], texts)
    dead = np.array([False, False, True, False])  # c replaced: its text is now in the delta
    layered = LayeredLexical(base, dead, ["c", "e"], ["CAN UDS 诊断 标定", "毫米波 CAN"])
    for index in (base, layered):
        for query in ("CAN 诊断", "镜头", "未知词", "PLC CAN 标定"):
            for max_terms in (None, 1):
                scores = index.scores(query, max_terms=max_terms)
                rows, got = index.hits(query, max_terms=max_terms)
                assert np.array_equal(rows, np.flatnonzero(scores > 0))
                assert np.array_equal(got, scores[rows])
    rows, _ = layered.hits("CAN")
    assert 2 not in rows.tolist()  # the replaced row of the saved layer
