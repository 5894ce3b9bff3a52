"""Encoding throughput: the project's embedder against plain ``SentenceTransformer``, and cached."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import timed

#: Interleaved rounds of the encoder comparison (medians are taken over them).
ENCODE_ROUNDS = 3


def bench_encode(texts: list[str], cache_dir: Path, *, progress: bool) -> dict[str, Any]:
    """Texts/s of the project's embedder vs plain ``SentenceTransformer`` (ABAB), and cached.

    The reference is ``SentenceTransformer(path).encode(texts)`` with the library's defaults
    (batch 32, no normalisation); the project's is ``SentenceTransformerEmbedder().encode``
    (its own batch size, normalised rows). Both run on the same texts, alternating, and the
    median over :data:`ENCODE_ROUNDS` rounds is reported. The cached figure is the median of
    :data:`ENCODE_ROUNDS` passes of ``load_embedder(cache_dir=cache_dir)`` over the same texts
    after a first pass that fills the cache (a no-op when ``cache_dir`` already holds them, as
    the engine's cache does for its own documents).
    """
    from sentence_transformers import SentenceTransformer

    from matcher.retrieval.embedding import (
        SentenceTransformerEmbedder,
        load_embedder,
        resolve_model,
    )

    ours = SentenceTransformerEmbedder()
    source, _ = resolve_model(ours.name)
    reference = SentenceTransformer(source, device="cpu")
    warm = texts[: min(8, len(texts))]
    ours.encode(warm, show_progress_bar=False)
    reference.encode(warm, show_progress_bar=False)

    ours_s: list[float] = []
    ref_s: list[float] = []
    from tqdm.auto import tqdm

    for _ in tqdm(
        range(ENCODE_ROUNDS), desc="encode rounds", disable=not progress, file=sys.stderr
    ):
        ours_s.append(timed(lambda: ours.encode(texts, show_progress_bar=False)))
        ref_s.append(timed(lambda: reference.encode(texts, show_progress_bar=False)))

    cached = load_embedder(ours.name, cache_dir=cache_dir)
    cached.encode(texts, show_progress_bar=False)  # fills the cache
    cached_s = [
        timed(lambda: cached.encode(texts, show_progress_bar=False)) for _ in range(ENCODE_ROUNDS)
    ]
    n = len(texts)
    ours_tps = n / statistics.median(ours_s)
    ref_tps = n / statistics.median(ref_s)
    cached_tps = n / statistics.median(cached_s)
    return {
        "texts": n,
        "rounds": ENCODE_ROUNDS,
        "model": ours.name,
        "batch_size": ours.batch_size,
        "reference_batch_size": 32,
        "mean_chars": float(np.mean([len(t) for t in texts])),
        "texts_per_s": ours_tps,
        "reference_texts_per_s": ref_tps,
        "ratio": ours_tps / ref_tps,
        "cached_texts_per_s": cached_tps,
        "reencode_speedup": cached_tps / ours_tps,
    }
