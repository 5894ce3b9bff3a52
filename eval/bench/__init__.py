"""Performance benchmark (``matcher bench``): encoding, retrieval, re-indexing, recommendation.

One module per benchmark, each returning the rows of its section of the result:

* :mod:`~eval.bench.common`: the simulated world and its engine, timing, percentiles, machine;
* :mod:`~eval.bench.encode`: encoding throughput against plain ``SentenceTransformer``;
* :mod:`~eval.bench.reindex`: re-indexing an unchanged world;
* :mod:`~eval.bench.retrieval`: index latency and recall on synthetic vectors;
* :mod:`~eval.bench.recommend`: whole recommendations, on catalogues scaled from the real one;
* :mod:`~eval.bench.server`, :mod:`~eval.bench.procs`, :mod:`~eval.bench.http`: the real server
  as a subprocess, its process tree's CPU and memory, and its rows under HTTP load;
* :mod:`~eval.bench.table` and :mod:`~eval.bench.run`: the printed table, and
  :func:`run_bench`, which runs them all and writes the JSON.
"""

from __future__ import annotations

from eval.bench.common import NOISE, SEED, WORLD, build_world_engine, machine_info
from eval.bench.encode import ENCODE_ROUNDS, bench_encode
from eval.bench.http import (
    HTTP_K,
    HTTP_STUDENT_ACCOUNTS,
    HTTP_TARGET,
    HttpOptions,
    HttpWorld,
    bench_http,
    bench_http_login_flood,
    bench_http_row,
    http_targets,
    prepare_http_world,
)
from eval.bench.procs import proc_tree_cpu_s, proc_tree_pss_mb, proc_tree_rss_mb
from eval.bench.recommend import RECOMMEND_MAX, bench_recommend, scale_positions
from eval.bench.reindex import bench_reindex
from eval.bench.retrieval import EXACT_QUERIES, RECALL_QUERIES, K, bench_retrieval
from eval.bench.run import run_bench
from eval.bench.server import HTTP_STARTUP_TIMEOUT_S, running_server, server_command
from eval.bench.table import format_table

__all__ = [
    "ENCODE_ROUNDS",
    "EXACT_QUERIES",
    "HTTP_K",
    "HTTP_STARTUP_TIMEOUT_S",
    "HTTP_STUDENT_ACCOUNTS",
    "HTTP_TARGET",
    "NOISE",
    "RECALL_QUERIES",
    "RECOMMEND_MAX",
    "SEED",
    "WORLD",
    "HttpOptions",
    "HttpWorld",
    "K",
    "bench_encode",
    "bench_http",
    "bench_http_login_flood",
    "bench_http_row",
    "bench_recommend",
    "bench_reindex",
    "bench_retrieval",
    "build_world_engine",
    "format_table",
    "http_targets",
    "machine_info",
    "prepare_http_world",
    "proc_tree_cpu_s",
    "proc_tree_pss_mb",
    "proc_tree_rss_mb",
    "run_bench",
    "running_server",
    "scale_positions",
    "server_command",
]
