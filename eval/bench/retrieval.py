"""Index retrieval: latency and recall@K of ``VectorIndex(kind="auto")`` on synthetic vectors."""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

from eval.bench.common import NOISE, SEED, percentiles, timed

#: Neighbours asked of the index in the retrieval benchmark.
K = 100
#: Queries for recall@K against exact search, and for the exact (flat) latency.
RECALL_QUERIES = 200
EXACT_QUERIES = 50


def bench_retrieval(base: np.ndarray, n: int, *, repeats: int, progress: bool) -> dict[str, Any]:
    """Latency and recall@K of ``VectorIndex(kind="auto")`` over ``n`` synthetic vectors."""
    from tqdm.auto import tqdm

    from matcher.retrieval.index import (
        VectorIndex,
        knn_ground_truth,
        recall_at_k,
        synthetic_vectors,
    )

    vectors = synthetic_vectors(base, n, noise=NOISE, seed=SEED)
    ids = [f"v{i}" for i in range(n)]
    start = time.perf_counter()
    index = VectorIndex(ids, vectors, kind="auto")
    build_s = time.perf_counter() - start
    queries = synthetic_vectors(base, max(repeats, RECALL_QUERIES), noise=NOISE, seed=SEED + 1)
    k = min(K, n)

    for q in queries[:10]:  # warm up
        index.search(q[None, :], k)
    samples = []
    for i in tqdm(range(repeats), desc=f"search n={n}", disable=not progress, file=sys.stderr):
        q = queries[i % len(queries)][None, :]
        samples.append(timed(lambda q=q: index.search(q, k)))
    p50, p99 = percentiles(samples)

    rq = queries[:RECALL_QUERIES]
    approx_ids, _ = index.search(rq, k)
    _, exact_pos = knn_ground_truth(vectors, rq, k)
    exact_ids = [[ids[j] for j in row if j >= 0] for row in exact_pos]
    recall = recall_at_k(approx_ids, exact_ids, k)

    exact_index = index if index.kind == "flat" else VectorIndex(ids, vectors, kind="flat")
    eq = queries[:EXACT_QUERIES]
    exact_index.search(eq[:1], k)
    exact_samples = [timed(lambda q=q: exact_index.search(q[None, :], k)) for q in eq]
    return {
        "n": n,
        "index": index.kind,
        "params": index.params,
        "build_s": build_s,
        "queries": repeats,
        "p50_ms": p50,
        "p99_ms": p99,
        f"recall@{K}": recall,
        "exact_p50_ms": percentiles(exact_samples)[0],
        "synthetic": True,
    }
