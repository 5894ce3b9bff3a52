"""Ranking any texts against any texts with the retrieval stage (``matcher rank``).

Channels: dense (the multilingual embedder's vectors in FAISS), dense_en (a second, English-only
model's, for English queries), lexical (BM25 over words and CJK character n-grams) and chars
(TF-IDF over character 1–3-grams, strong on short Chinese titles), fused per query by the
language-aware score fusion of :mod:`matcher.retrieval.fusion`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matcher.retrieval.embedding import PASSAGE, QUERY
from matcher.retrieval.fusion import ChannelResult, fuse, weights_for

#: The channels of ``matcher rank``, in the order they are computed.
TEXT_CHANNELS: tuple[str, ...] = ("dense", "dense_en", "lexical", "chars")


def title_embedders(channels: Sequence[str]) -> tuple[Any, Any]:
    """The embedders ``channels`` need: ``(multilingual, English-only)``, each ``None`` when
    no chosen channel reads it; the English one also when the ``title_english_model`` setting
    is empty or names the multilingual model itself."""
    from matcher.config import get_settings
    from matcher.retrieval.embedding import load_embedder

    settings = get_settings()
    embedder = load_embedder() if "dense" in channels else None
    name = settings.title_english_model.strip()
    wanted = "dense_en" in channels and name and name != settings.embedding_model
    return embedder, load_embedder(name) if wanted else None


def _dense_channel(
    embedder: Any,
    query_texts: Sequence[str],
    doc_ids: Sequence[str],
    doc_texts: Sequence[str],
    depth: int,
    progress: bool,
) -> list[ChannelResult]:
    """Each query's ``depth`` nearest documents by the embedder's vectors (exact, in FAISS).

    e5 reads the corpus as passages and each query as a query (best on both languages' dev
    title sets, against query or passage on both sides); other models ignore the roles.
    """
    from matcher.retrieval.index import VectorIndex

    doc_vecs = embedder.encode(list(doc_texts), show_progress_bar=progress, role=PASSAGE)
    q_vecs = embedder.encode(list(query_texts), show_progress_bar=progress, role=QUERY)
    index = VectorIndex(list(doc_ids), doc_vecs)
    ids, scores = index.search(q_vecs, min(depth, len(doc_ids)))
    return [ChannelResult(i, s) for i, s in zip(ids, scores, strict=True)]


def rank_texts(
    query_ids: Sequence[str],
    query_texts: Sequence[str],
    doc_ids: Sequence[str],
    doc_texts: Sequence[str],
    *,
    k: int = 100,
    embedder: Any = None,
    english_embedder: Any = None,
    depth: int | None = None,
    channels: Sequence[str] = ("dense", "lexical", "chars"),
    progress: bool = False,
) -> dict[str, dict[str, float]]:
    """Rank documents for each query with the retrieval stage; a run ``{qid: {docid: score}}``.

    Channels: dense (the embedder's vectors in FAISS), dense_en (``english_embedder``'s, an
    English-only model that votes for English queries only), lexical (BM25 over words and CJK
    character n-grams) and chars (TF-IDF over character 1–3-grams, strong on short Chinese
    titles), fused per query by the language-aware score fusion.
    """
    from tqdm.auto import tqdm

    from matcher.retrieval.lexical import CharTfidf, LexicalIndex
    from matcher.text.tokens import detect_language

    if len(query_ids) != len(query_texts) or len(doc_ids) != len(doc_texts):
        raise ValueError("ids and texts must have the same length")
    unknown = set(channels) - set(TEXT_CHANNELS)
    if unknown:
        raise ValueError(f"unknown channels {sorted(unknown)}")
    depth = depth or max(k, 200)
    results: dict[str, list[ChannelResult]] = {c: [] for c in channels}
    for channel, model in (("dense", embedder), ("dense_en", english_embedder)):
        if channel in channels:
            if model is None:
                raise ValueError(f"the {channel} channel needs an embedder")
            results[channel] = _dense_channel(
                model, query_texts, doc_ids, doc_texts, depth, progress
            )
    if "lexical" in channels:
        lex = LexicalIndex.build(list(doc_ids), list(doc_texts))
        results["lexical"] = [
            ChannelResult(*lex.search(q, k=depth))
            for q in tqdm(query_texts, disable=not progress, desc="bm25")
        ]
    if "chars" in channels:
        tfidf = CharTfidf.build(list(doc_ids), list(doc_texts))
        results["chars"] = [
            ChannelResult(*tfidf.search(q, k=depth))
            for q in tqdm(query_texts, disable=not progress, desc="chars")
        ]
    run: dict[str, dict[str, float]] = {}
    for i, (qid, text) in enumerate(zip(query_ids, query_texts, strict=True)):
        per_query = {c: results[c][i] for c in channels}
        fused = fuse(per_query, weights_for(detect_language(text)), k=k)
        run[qid] = {c.id: c.score for c in fused}
    return run
