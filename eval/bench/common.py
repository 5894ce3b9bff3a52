"""What every benchmark of :mod:`eval.bench` shares: the simulated world, timing and the machine.

The world is small and simulated (:data:`WORLD`, seeded by :data:`SEED`); larger catalogues
are synthesised from its real embeddings with noise :data:`NOISE` around them.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

#: Size of the small simulated world the benchmark builds its engine and texts from.
WORLD = {"students": 400, "enterprises": 30, "positions": 200}
#: Seed of the simulated world, of synthetic vectors and of query choices.
SEED = 7
#: Noise of synthetic vectors around their real base row (cosine about 0.9).
NOISE = 0.5


def log_progress(message: str, progress: bool) -> None:
    """``message`` on stderr when ``progress`` is on."""
    if progress:
        print(message, file=sys.stderr, flush=True)


def percentiles(samples_s: Sequence[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds of samples given in seconds."""
    ms = np.asarray(samples_s, dtype=np.float64) * 1000.0
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 99))


def timed(fn: Callable[[], Any]) -> float:
    """Wall-clock seconds of one call of ``fn``."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def machine_info() -> dict[str, Any]:
    """Cores and the thread counts torch and FAISS will use (as configured, not changed here)."""
    import faiss  # type: ignore[import-untyped]
    import torch

    return {
        "cores": os.cpu_count(),
        "torch_threads": int(torch.get_num_threads()),
        "faiss_threads": int(faiss.omp_get_max_threads()),
        "omp_num_threads_env": os.environ.get("OMP_NUM_THREADS"),
        "note": "",
    }


def build_world_engine(
    root: Path, world: dict[str, int] | None = None, progress: bool = False
) -> Any:
    """Simulate a small world under ``root``, import it and build its engine (cached embeddings).

    ``world`` gives ``students``, ``enterprises`` and ``positions``; ``None`` means
    :data:`WORLD`. The store stays at ``root / "bench.db"`` and the embedding cache at
    ``root / "engine-cache"``, so :func:`~eval.bench.reindex.bench_reindex` can build the same
    engine again (:func:`build_stored_engine`).
    """
    from matcher.simulate import simulate
    from matcher.store.database import Store
    from matcher.store.ingest import import_files

    simulate(root / "world", seed=SEED, progress=False, **(world or WORLD))
    store = Store(store_url(root))
    try:
        import_files(store, sorted((root / "world").glob("*.jsonl")))
    finally:
        store.dispose()
    return build_stored_engine(root, progress)


def store_url(root: Path) -> str:
    """The SQLite URL of the benchmark's store under ``root``."""
    return f"sqlite:///{root / 'bench.db'}"


def build_stored_engine(root: Path, progress: bool) -> Any:
    """Build the engine of the store under ``root``, embeddings cached in ``engine-cache``."""
    from matcher.engine.build import build_engine
    from matcher.retrieval.embedding import load_embedder
    from matcher.store.database import Store

    store = Store(store_url(root))
    try:
        embedder = load_embedder(cache_dir=root / "engine-cache")
        return build_engine(store, embedder, progress=progress)
    finally:
        store.dispose()
