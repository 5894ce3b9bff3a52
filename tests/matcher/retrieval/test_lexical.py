"""Lexical retrieval: BM25 (LexicalIndex) and character TF-IDF (CharTfidf)."""

from __future__ import annotations

import doctest
import json
import math
from pathlib import Path

import numpy as np
import pytest

from matcher.retrieval import lexical
from matcher.retrieval.lexical import CharTfidf, LexicalIndex

IDS = ["p1", "p2", "p3", "p4", "p5"]
TEXTS = [
    "光学设计工程师：负责镜头光学设计，熟悉Zemax和Code V",
    "嵌入式软件工程师，C++ 与 CAN 总线，AUTOSAR",
    "激光器调试技术员，激光器装调与检测",
    "Mechanical engineer: SolidWorks, servo motors and PLCs (S7-1200)",
    "智能网联汽车毫米波雷达感知算法工程师",
]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(IDS, TEXTS)


def test_search_finds_the_right_document_in_both_languages(index: LexicalIndex) -> None:
    assert index.search("光学设计", k=1)[0] == ["p1"]
    assert index.search("激光器", k=1)[0] == ["p3"]
    assert index.search("can bus embedded", k=1)[0] == ["p2"]
    assert index.search("PLC programming S7-1200", k=1)[0] == ["p4"]
    assert index.search("毫米波雷达", k=1)[0] == ["p5"]
    assert len(index) == 5


def test_results_are_sorted_and_only_matching(index: LexicalIndex) -> None:
    ids, scores = index.search("工程师", k=10)
    assert set(ids) == {"p1", "p2", "p5"}  # p3, p4 do not contain it
    assert np.all(np.diff(scores) <= 0) and np.all(scores > 0)
    assert scores.dtype == np.float32


def test_bm25_score_equals_the_lucene_formula() -> None:
    idx = LexicalIndex.build(
        ["a", "b", "c"], ["laser laser optics", "optics design", "motor control"], mode="words"
    )
    # N = 3, df(laser) = 1: idf = ln(1 + (3 - 1 + 0.5) / (1 + 0.5)) = ln(2.6667) = 0.980829
    # doc a: tf = 2, len = 3, avglen = (3 + 2 + 2) / 3 = 7/3
    # tf part = 2 / (2 + 1.2 * (1 - 0.75 + 0.75 * 3 / (7/3))) = 2 / 3.457143 = 0.578512
    # score = 0.980829 * 0.578512 = 0.567422
    ids, scores = idx.search("lasers", k=3)
    assert ids == ["a"]
    assert scores[0] == pytest.approx(0.567422, abs=1e-5)
    idf = math.log(1 + 2.5 / 1.5)
    assert scores[0] == pytest.approx(idf * 2 / (2 + 1.2 * (0.25 + 0.75 * 3 / (7 / 3))), rel=1e-5)


def test_k1_and_b_reach_the_score() -> None:
    docs = ["laser laser optics", "optics design", "motor control"]
    flat = LexicalIndex.build(["a", "b", "c"], docs, mode="words", k1=1.2, b=0.0)
    # b = 0: no length normalisation, tf part = 2 / (2 + 1.2)
    assert flat.search("laser")[1][0] == pytest.approx(math.log(1 + 2.5 / 1.5) * 2 / 3.2, 1e-5)


def test_unknown_tokens_are_ignored(index: LexicalIndex) -> None:
    base_ids, base_scores = index.search("激光器", k=5)
    ids, scores = index.search("激光器 xyzzy 𠀋", k=5)
    assert ids == base_ids
    np.testing.assert_allclose(scores, base_scores)


@pytest.mark.parametrize("query", ["", "   ", "的", "xyzzy", []])
def test_empty_or_unknown_query_returns_nothing(index: LexicalIndex, query: str | list) -> None:
    ids, scores = index.search(query, k=10)
    assert ids == [] and scores.shape == (0,)


def test_k_limits_and_zero(index: LexicalIndex) -> None:
    assert len(index.search("工程师", k=2)[0]) == 2
    assert index.search("工程师", k=0)[0] == []
    with pytest.raises(ValueError, match="k must be"):
        index.search("工程师", k=-1)


def test_ties_are_broken_by_docid_descending_like_trec_eval() -> None:
    idx = LexicalIndex.build(["d1", "d3", "d2", "d10"], ["光学"] * 4)
    assert idx.search("光学", k=4)[0] == ["d3", "d2", "d10", "d1"]
    assert idx.search("光学", k=2)[0] == ["d3", "d2"]


def test_pre_tokenised_query(index: LexicalIndex) -> None:
    tokens = index.tokenize("激光器调试")
    assert index.search(tokens, k=3)[0] == index.search("激光器调试", k=3)[0]


def test_scores_of_given_documents(index: LexicalIndex) -> None:
    def scores_for(query: str, ids: list[str]) -> np.ndarray:
        return index.scores_rows(query, index.rows(ids))

    ids, scores = index.search("工程师 激光器", k=5)
    got = scores_for("工程师 激光器", ids)
    np.testing.assert_allclose(got, scores, rtol=1e-6)
    assert scores_for("毫米波", ["p1", "p5"])[0] == 0.0
    assert scores_for("毫米波", ["p1", "p5"])[1] > 0
    assert scores_for("", ["p1"]).tolist() == [0.0]
    with pytest.raises(KeyError, match="nope"):
        scores_for("光学", ["p1", "nope"])


def _same(a: LexicalIndex, b: LexicalIndex, queries: list[str]) -> None:
    assert a.ids == b.ids or sorted(a.ids) == sorted(b.ids)
    for q in queries:
        ids_a, scores_a = a.search(q, k=10)
        ids_b, scores_b = b.search(q, k=10)
        assert ids_a == ids_b, q
        np.testing.assert_allclose(scores_a, scores_b, rtol=1e-6)


QUERIES = ["光学设计", "激光器", "工程师", "can bus", "servo motor", "雷达 算法", "装调"]


def test_with_documents_adds_and_replaces_like_a_fresh_build(index: LexicalIndex) -> None:
    updated = index.with_documents(["p3", "p6"], ["光学镜头装调工程师", "servo motor tuning"])
    texts = dict(zip(IDS, TEXTS, strict=True)) | {
        "p3": "光学镜头装调工程师",
        "p6": "servo motor tuning",
    }
    fresh = LexicalIndex.build(list(texts), list(texts.values()))
    assert updated.ids == ["p1", "p2", "p3", "p4", "p5", "p6"]
    _same(updated, fresh, QUERIES)
    assert updated.vocabulary_size == fresh.vocabulary_size  # tokens only p3 had are gone
    assert len(index) == 5  # the original is untouched


def test_without_documents_like_a_fresh_build(index: LexicalIndex) -> None:
    smaller = index.without_documents(["p2", "p4"])
    keep = [0, 2, 4]
    fresh = LexicalIndex.build([IDS[i] for i in keep], [TEXTS[i] for i in keep])
    _same(smaller, fresh, QUERIES)
    assert smaller.vocabulary_size == fresh.vocabulary_size
    with pytest.raises(KeyError, match="p9"):
        index.without_documents(["p9"])
    empty = index.without_documents(IDS)
    assert len(empty) == 0 and empty.search("光学")[0] == []


def test_save_and_load_round_trip(index: LexicalIndex, tmp_path: Path) -> None:
    target = tmp_path / "models" / "lexical"
    index.save(target)
    loaded = LexicalIndex.load(target)
    assert loaded.ids == index.ids
    assert (loaded.mode, loaded.ngram_range, loaded.k1, loaded.b) == ("both", (1, 3), 1.2, 0.75)
    _same(loaded, index, QUERIES)
    # a loaded index can still be updated
    _same(
        loaded.with_documents(["p7"], ["激光雷达"]),
        index.with_documents(["p7"], ["激光雷达"]),
        [*QUERIES, "激光雷达"],
    )
    assert [p.name for p in tmp_path.joinpath("models").iterdir()] == ["lexical"]


def test_save_replaces_an_existing_index_atomically(index: LexicalIndex, tmp_path: Path) -> None:
    target = tmp_path / "lexical"
    LexicalIndex.build(["x"], ["old text"]).save(target)
    index.save(target)
    assert len(LexicalIndex.load(target)) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lexical"]  # no temp or old folders


def test_save_refuses_to_replace_a_foreign_folder(index: LexicalIndex, tmp_path: Path) -> None:
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "data.txt").write_text("keep me")
    with pytest.raises(ValueError, match="not a lexical index"):
        index.save(tmp_path / "precious")
    assert (tmp_path / "precious" / "data.txt").read_text() == "keep me"


def test_load_rejects_half_written_and_mismatched_folders(
    index: LexicalIndex, tmp_path: Path
) -> None:
    with pytest.raises(FileNotFoundError):
        LexicalIndex.load(tmp_path / "absent")
    target = tmp_path / "lexical"
    index.save(target)
    (target / lexical.META_FILE).unlink()  # as if the save had died before its last file
    with pytest.raises(ValueError, match="not a complete lexical index"):
        LexicalIndex.load(target)

    index.save(tmp_path / "old")
    meta_path = tmp_path / "old" / lexical.META_FILE
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "tokenizer_version": "0"}))
    with pytest.raises(ValueError, match="tokenizer version"):
        LexicalIndex.load(tmp_path / "old")

    index.save(tmp_path / "damaged")
    np.save(tmp_path / "damaged" / "ids.order.npy", np.arange(1))  # one id's order for two
    with pytest.raises(ValueError, match="inconsistent"):
        LexicalIndex.load(tmp_path / "damaged")

    index.save(tmp_path / "truncated")
    (tmp_path / "truncated" / "doc_terms.npy").unlink()
    with pytest.raises(ValueError, match="damaged"):
        LexicalIndex.load(tmp_path / "truncated")


def test_empty_corpus_and_empty_documents(tmp_path: Path) -> None:
    empty = LexicalIndex.build([], [])
    assert len(empty) == 0 and empty.search("光学") == ([], pytest.approx(np.empty(0)))
    empty.save(tmp_path / "e")
    assert len(LexicalIndex.load(tmp_path / "e")) == 0
    grown = empty.with_documents(["a"], ["光学设计"])
    assert grown.search("光学")[0] == ["a"]

    blank = LexicalIndex.build(["a", "b"], ["", "的"])
    assert blank.search("光学")[0] == [] and blank.vocabulary_size == 0
    mixed = LexicalIndex.build(["a", "b"], ["", "光学"])
    assert mixed.search("光学")[0] == ["b"]


@pytest.mark.parametrize(
    ("ids", "texts", "kwargs", "message"),
    [
        (["a", "a"], ["x", "y"], {}, "duplicate document id 'a'"),
        (["a"], ["x", "y"], {}, "1 ids but 2 texts"),
        (["a"], ["x"], {"mode": "grams"}, "mode must be one of"),
    ],
)
def test_build_rejects_bad_input(ids: list, texts: list, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LexicalIndex.build(ids, texts, **kwargs)


def test_words_and_chars_modes() -> None:
    words = LexicalIndex.build(["a", "b"], ["光学设计工程师", "机械设计工程师"], mode="words")
    chars = LexicalIndex.build(["a", "b"], ["光学设计工程师", "机械设计工程师"], mode="chars")
    assert words.search("光学")[0] == chars.search("光学")[0] == ["a"]
    # "光设" is no word and no substring: only shared characters match in chars mode
    assert words.search("光设")[0] == []
    assert chars.search("光设")[0][0] == "a"


# -- CharTfidf ----------------------------------------------------------------------------------

TITLES = [
    "光学设计工程师",
    "机械设计工程师",
    "光学镜头装调技术员",
    "嵌入式软件工程师",
    "激光器调试",
]


@pytest.mark.parametrize("analyzer", ["char_wb", "tokens"])
def test_char_tfidf_ranks_short_titles(analyzer: str) -> None:
    tf = CharTfidf.build([f"t{i}" for i in range(5)], TITLES, analyzer=analyzer)
    ids, scores = tf.search("光学工程师", k=3)
    assert ids[0] == "t0"
    assert np.all(np.diff(scores) <= 0) and 0 < scores[0] <= 1 + 1e-6
    same, self_score = tf.search("光学设计工程师", k=1)
    assert same == ["t0"] and self_score[0] == pytest.approx(1.0, abs=1e-5)
    assert tf.search("", k=3)[0] == [] and tf.search("zzz", k=3)[0] == []
    np.testing.assert_allclose(tf.scores_for("光学工程师", ids), scores, rtol=1e-6)
    assert len(tf) == 5


def test_char_tfidf_edge_cases() -> None:
    with pytest.raises(ValueError, match="analyzer must be"):
        CharTfidf.build(["a"], ["光学"], analyzer="words")
    empty = CharTfidf.build([], [])
    assert len(empty) == 0 and empty.search("光学")[0] == []
    blank = CharTfidf.build(["a"], ["，。"], analyzer="tokens")
    assert blank.search("光学")[0] == []
    with pytest.raises(KeyError, match="b"):
        CharTfidf.build(["a"], ["光学"]).scores_for("光学", ["b"])


def test_docstring_examples_run() -> None:
    results = doctest.testmod(lexical)
    assert results.attempted > 0 and results.failed == 0


def test_pruned_queries_keep_their_rarest_terms_and_rows_score_exactly() -> None:
    from matcher.retrieval.lexical import MAX_QUERY_TERMS, rarest_terms

    common = [f"common{i}" for i in range(MAX_QUERY_TERMS)]
    docs = [" ".join(common[: 40 + i]) + f" rare{i}" for i in range(5)]
    idx = LexicalIndex.build([f"d{i}" for i in range(5)], docs, mode="words")
    query = [*common, "rare3"]
    kept = rarest_terms(idx._token_ids(query), idx._df, 3)
    assert idx._vocab["rare3"] in kept and len(kept) == 3
    pruned = idx.scores(query, max_terms=3)
    assert pruned.argmax() == 3
    exact = idx.scores(query)
    assert not np.allclose(pruned, exact), "pruning changes the scores"
    rows = np.array([4, 0, 3])
    np.testing.assert_allclose(idx.scores_rows(query, rows), exact[rows], rtol=1e-5)
    np.testing.assert_allclose(idx.scores_many([query])[0], exact, rtol=1e-5)
    assert idx.scores_rows(["nothing"], rows).tolist() == [0, 0, 0]


def test_a_query_of_common_terms_walks_a_bounded_number_of_postings() -> None:
    """Issue #17: a profile of 64 common terms over 100k positions walked 1.3 million postings
    (83 ms, the HTTP p99); a pruned query keeps its rarest terms within a postings budget."""
    from matcher.retrieval.lexical import rarest_terms

    df = np.array([50, 10, 400, 30, 200])
    assert rarest_terms([0, 1, 1, 3], df, 64, max_postings=1000) == [0, 1, 1, 3], "unchanged"
    assert rarest_terms([2, 0, 1, 4, 3], df, 64, max_postings=100) == [1, 3, 0]
    assert rarest_terms([2, 4], df, 64, max_postings=100) == [4], "the rarest always"
    assert rarest_terms([2, 0, 1, 4, 3], df, 2, max_postings=10_000) == [1, 3]
    docs = [f"common filler{i % 3} rare{i}" for i in range(40)]
    idx = LexicalIndex.build([f"d{i}" for i in range(40)], docs, mode="words")
    kept = rarest_terms(idx._token_ids(["common", "rare7"]), idx._df, 64, max_postings=5)
    assert kept == [idx._vocab["rare7"]]
