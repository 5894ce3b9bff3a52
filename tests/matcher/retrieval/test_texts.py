"""`matcher rank`'s retrieval over any texts: the English-only title channel votes for English
queries only (real models)."""

from __future__ import annotations

import pytest

from matcher.config import get_settings
from matcher.retrieval.embedding import MINILM_MODEL, load_embedder
from matcher.retrieval.texts import rank_texts, title_embedders

DOCS = {
    "o1": "光学工程师",
    "o2": "汽车电子工程师",
    "o3": "mechanical design engineer",
    "o4": "software developer",
    "o5": "optical engineer",
}


def _rank(queries: dict[str, str], channels: tuple[str, ...], english: object = None):  # type: ignore[no-untyped-def]
    return rank_texts(
        list(queries), list(queries.values()), list(DOCS), list(DOCS.values()), k=5,
        embedder=load_embedder(), english_embedder=english, channels=channels,
    )  # fmt: skip


def test_the_english_channel_votes_for_english_queries_only() -> None:
    english = load_embedder(MINILM_MODEL)
    queries = {"zh": "光学设计工程师", "en": "mechanical engineer"}
    without = _rank(queries, ("dense", "lexical", "chars"))
    with_en = _rank(queries, ("dense", "dense_en", "lexical", "chars"), english)
    assert with_en["zh"] == without["zh"]  # weight 0: same documents, same scores
    assert with_en["en"] != without["en"]
    assert next(iter(with_en["en"])) == "o3"
    alone = _rank(queries, ("dense_en",), english)
    assert next(iter(alone["en"])) == "o3"
    with pytest.raises(ValueError, match="needs an embedder"):
        _rank(queries, ("dense_en",))
    with pytest.raises(ValueError, match="unknown channels"):
        _rank(queries, ("dense", "sparkle"))


def test_title_embedders_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        assert title_embedders(("lexical",)) == (None, None)
        _, english = title_embedders(("dense_en",))
        assert english is not None and english.name == MINILM_MODEL
        monkeypatch.setenv("MATCHER_TITLE_ENGLISH_MODEL", "")
        get_settings.cache_clear()
        assert title_embedders(("dense", "dense_en"))[1] is None
        monkeypatch.setenv("MATCHER_TITLE_ENGLISH_MODEL", MINILM_MODEL)
        monkeypatch.setenv("MATCHER_EMBEDDING_MODEL", MINILM_MODEL)  # the same model twice
        get_settings.cache_clear()
        assert title_embedders(("dense", "dense_en"))[1] is None
    finally:
        monkeypatch.delenv("MATCHER_TITLE_ENGLISH_MODEL", raising=False)
        monkeypatch.delenv("MATCHER_EMBEDDING_MODEL", raising=False)
        get_settings.cache_clear()
