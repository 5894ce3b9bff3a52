"""Re-indexing an unchanged world: a forced rebuild from warm caches, and the no-change check."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from eval.bench.common import build_stored_engine, log_progress, store_url, timed


def bench_reindex(root: Path, engine: Any, first_s: float, *, progress: bool) -> dict[str, Any]:
    """Seconds of re-indexing the unchanged world against the first build, two ways.

    ``forced``: ``build_engine`` again (``matcher index --force``): every embedding and skill
    extraction comes from the caches, so only the store is re-read and tables, BM25 and FAISS
    rebuilt. ``unchanged``: what ``matcher index`` does on unchanged data: it compares the
    store's write generation, model, format and taxonomy with the current version's manifest
    and rebuilds nothing.
    """
    from matcher.engine.persist import save_engine, staleness
    from matcher.store.database import Store

    log_progress("re-indexing the unchanged world", progress)
    save_engine(engine, root / "models")
    forced_s = timed(lambda: build_stored_engine(root, False))
    model = engine.manifest["embedding_model"]
    stale: list[str | None] = []

    def check() -> None:
        store = Store(store_url(root))
        try:
            stale.append(staleness(root / "models", store, model))
        finally:
            store.dispose()

    unchanged_s = statistics.median(timed(check) for _ in range(5))
    if stale[-1] is not None:
        raise RuntimeError(f"the unchanged world looks stale: {stale[-1]}")
    return {
        "first_s": first_s,
        "forced_s": forced_s,
        "forced_speedup": first_s / forced_s,
        "unchanged_s": unchanged_s,
        "unchanged_speedup": first_s / unchanged_s,
    }
