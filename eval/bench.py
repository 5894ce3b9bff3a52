"""Performance benchmark: encoding throughput, index retrieval and end-to-end recommendation.

:func:`run_bench` follows ``docs/PERFORMANCE.md``: every figure is a median or percentile over
many repetitions, the encoder is compared against plain ``SentenceTransformer.encode`` measured
in the same run (interleaved), an approximate index is reported with its recall against the
exact answer, and catalogues of 100k+ positions are synthesised from real embeddings of a small
simulated world (marked ``"synthetic": true`` in the output).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

#: Size of the small simulated world the benchmark builds its engine and texts from.
WORLD = {"students": 400, "enterprises": 30, "positions": 200}
#: Seed of the simulated world, of synthetic vectors and of query choices.
SEED = 7
#: Neighbours asked of the index in the retrieval benchmark.
K = 100
#: Queries for recall@K against exact search, and for the exact (flat) latency.
RECALL_QUERIES = 200
EXACT_QUERIES = 50
#: Interleaved rounds of the encoder comparison (medians are taken over them).
ENCODE_ROUNDS = 3
#: Largest catalogue a recommendation row is built for: the scaled engine holds a record
#: object and a BM25 entry per position, which at 1M positions costs more memory and set-up time
#: than the bench should take; retrieval rows have no such limit.
RECOMMEND_MAX = 200_000
#: Noise of synthetic vectors around their real base row (cosine about 0.9).
NOISE = 0.5
#: What issue #5 asks of the HTTP service at 100k positions, concurrency 16, on this machine.
HTTP_TARGET = {"rps": 100.0, "p99_ms": 200.0, "errors": 0}
#: Positions asked per recommendation request of the HTTP benchmark.
HTTP_K = 10
#: Seconds a server may take to load its engine and answer /health.
HTTP_STARTUP_TIMEOUT_S = 600.0
#: Student accounts of the HTTP benchmark, each asking for her own recommendations.
HTTP_STUDENT_ACCOUNTS = 64


def _log(message: str, progress: bool) -> None:
    if progress:
        print(message, file=sys.stderr, flush=True)


def _percentiles(samples_s: Sequence[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds of samples given in seconds."""
    ms = np.asarray(samples_s, dtype=np.float64) * 1000.0
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 99))


def _timed(fn: Callable[[], Any]) -> float:
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
    ``root / "engine-cache"``, so :func:`bench_reindex` can build the same engine again.
    """
    from matcher.simulate import simulate
    from matcher.store.database import Store
    from matcher.store.ingest import import_files

    simulate(root / "world", seed=SEED, progress=False, **(world or WORLD))
    store = Store(f"sqlite:///{root / 'bench.db'}")
    try:
        import_files(store, sorted((root / "world").glob("*.jsonl")))
    finally:
        store.dispose()
    return _build(root, progress)


def _build(root: Path, progress: bool) -> Any:
    from matcher.engine.build import build_engine
    from matcher.retrieval.embedding import load_embedder
    from matcher.store.database import Store

    store = Store(f"sqlite:///{root / 'bench.db'}")
    try:
        embedder = load_embedder(cache_dir=root / "engine-cache")
        return build_engine(store, embedder, progress=progress)
    finally:
        store.dispose()


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

    _log("re-indexing the unchanged world", progress)
    save_engine(engine, root / "models")
    forced_s = _timed(lambda: _build(root, False))
    model = engine.manifest["embedding_model"]
    stale: list[str | None] = []

    def check() -> None:
        store = Store(f"sqlite:///{root / 'bench.db'}")
        try:
            stale.append(staleness(root / "models", store, model))
        finally:
            store.dispose()

    unchanged_s = statistics.median(_timed(check) for _ in range(5))
    if stale[-1] is not None:
        raise RuntimeError(f"the unchanged world looks stale: {stale[-1]}")
    return {
        "first_s": first_s,
        "forced_s": forced_s,
        "forced_speedup": first_s / forced_s,
        "unchanged_s": unchanged_s,
        "unchanged_speedup": first_s / unchanged_s,
    }


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
        ours_s.append(_timed(lambda: ours.encode(texts, show_progress_bar=False)))
        ref_s.append(_timed(lambda: reference.encode(texts, show_progress_bar=False)))

    cached = load_embedder(ours.name, cache_dir=cache_dir)
    cached.encode(texts, show_progress_bar=False)  # fills the cache
    cached_s = [
        _timed(lambda: cached.encode(texts, show_progress_bar=False)) for _ in range(ENCODE_ROUNDS)
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
        samples.append(_timed(lambda q=q: index.search(q, k)))
    p50, p99 = _percentiles(samples)

    rq = queries[:RECALL_QUERIES]
    approx_ids, _ = index.search(rq, k)
    _, exact_pos = knn_ground_truth(vectors, rq, k)
    exact_ids = [[ids[j] for j in row if j >= 0] for row in exact_pos]
    recall = recall_at_k(approx_ids, exact_ids, k)

    exact_index = index if index.kind == "flat" else VectorIndex(ids, vectors, kind="flat")
    eq = queries[:EXACT_QUERIES]
    exact_index.search(eq[:1], k)
    exact_samples = [_timed(lambda q=q: exact_index.search(q[None, :], k)) for q in eq]
    return {
        "n": n,
        "index": index.kind,
        "params": index.params,
        "build_s": build_s,
        "queries": repeats,
        "p50_ms": p50,
        "p99_ms": p99,
        f"recall@{K}": recall,
        "exact_p50_ms": _percentiles(exact_samples)[0],
        "synthetic": True,
    }


def scale_positions(engine: Any, n: int, *, seed: int = SEED) -> Any:
    """A copy of ``engine`` whose position side holds ``n`` rows, replicated from the real ones.

    The first ``n0`` rows are the real positions with their real vectors. Every other row
    copies an open real position, cycling through them (a new id, its title, document,
    columns, skills, application window), with a vector near its source's
    (:func:`~matcher.retrieval.index.synthetic_vectors`), posted by the next enterprise in turn:
    copies
    of one position spread over all enterprises, as similar openings do in a real catalogue,
    so the per-enterprise cap does not empty a top ``k`` made of one position's copies. The
    scaled catalogue is nearly all open, and the engine's open-position index, rebuilt here as
    :func:`build_engine` builds it, holds about ``n`` vectors. The BM25 index and skill IDF
    are rebuilt; the student side, history and exclusions are shared unchanged.
    """
    from matcher.engine.build import open_position_index
    from matcher.engine.tables import PositionTable, skill_idf
    from matcher.retrieval.index import synthetic_vectors
    from matcher.retrieval.lexical import LexicalIndex

    P = engine.positions
    n0 = len(P)
    sources = np.flatnonzero(P.is_open)
    if sources.size == 0:
        sources = np.arange(n0)
    src = np.concatenate([np.arange(min(n, n0)), sources[np.arange(max(n - n0, 0)) % sources.size]])
    ids = [P.ids[j] if i < n0 else f"{P.ids[j]}~{i}" for i, j in enumerate(src.tolist())]
    n_ent = len(engine.enterprises.ids)
    enterprise = P.enterprise[src].copy()
    enterprise[n0:] = (enterprise[n0:] + np.arange(n0, n)) % n_ent
    vectors = np.empty((n, engine.position_vectors.shape[1]), dtype=np.float32)
    vectors[: min(n, n0)] = engine.position_vectors[: min(n, n0)]
    extra = np.arange(min(n, n0), n)
    for j in sources.tolist():
        rows = extra[src[extra] == j]
        if rows.size:
            vectors[rows] = synthetic_vectors(
                engine.position_vectors[j : j + 1], rows.size, noise=NOISE, seed=seed + j
            )
    documents = [P.documents[j] for j in src.tolist()]
    table = PositionTable(
        ids=ids,
        title=[P.title[j] for j in src.tolist()],
        documents=documents,
        enterprise=enterprise,
        type=P.type[src],
        is_open=P.is_open[src],
        min_degree=P.min_degree[src],
        openings=P.openings[src],
        salary_min=P.salary_min[src],
        salary_max=P.salary_max[src],
        start=P.start[src],
        deadline=P.deadline[src],
        city=[P.city[j] for j in src.tolist()],
        lang=P.lang[src],
        required=P.required[src],
        preferred=P.preferred[src],
        mentioned=P.mentioned[src],
        accepted_majors=[P.accepted_majors[j] for j in src.tolist()],
    )
    scaled = replace(
        engine,
        positions=table,
        position_vectors=vectors,
        position_index=open_position_index(table, vectors),
        position_lexical=LexicalIndex.build(ids, documents),
        skill_idf=skill_idf(table, engine.students),
    )
    return scaled


def bench_recommend(
    engine: Any, *, repeats: int, progress: bool, synthetic: bool, label: str = ""
) -> dict[str, Any]:
    """p50/p99 of ``recommend_positions`` over ``repeats`` requests cycling over students."""
    from tqdm.auto import tqdm

    from matcher.recommend import recommend_positions
    from matcher.retrieval.positions import POOL_SIZE

    rng = np.random.default_rng(SEED)
    students = list(engine.students.ids)
    chosen = [students[i] for i in rng.permutation(len(students))[: min(50, len(students))]]
    for sid in chosen[:5]:  # warm up (also builds the cached feature context)
        recommend_positions(engine, sid, k=10)
    samples = []
    returned = []
    n = len(engine.positions)
    for i in tqdm(range(repeats), desc=f"recommend n={n}", disable=not progress, file=sys.stderr):
        sid = chosen[i % len(chosen)]
        start = time.perf_counter()
        recs = recommend_positions(engine, sid, k=10)
        samples.append(time.perf_counter() - start)
        returned.append(len(recs))
    p50, p99 = _percentiles(samples)
    return {
        "n": n,
        "requests": repeats,
        "students": len(chosen),
        "p50_ms": p50,
        "p99_ms": p99,
        "candidates": POOL_SIZE,
        "position_index": engine.position_index.kind,
        "mean_returned": float(np.mean(returned)),
        "synthetic_positions": synthetic,
    }


@dataclass
class HttpOptions:
    """Settings of the HTTP load rows (``matcher bench --http``)."""

    positions: int = 100_000
    concurrency: int = 16
    seconds: float = 30.0
    warmup_s: float = 5.0
    workers: list[int] = field(default_factory=lambda: [1, 2])
    #: Who asks: ``"student"`` (her own recommendations) and/or ``"admin"`` (anyone's, audited).
    roles: list[str] = field(default_factory=lambda: ["student", "admin"])
    #: Load generator (:func:`eval.loadgen.run_load`): ``"threads"`` costs the least CPU.
    mode: str = "threads"
    #: Train the ranker on the small world (as ``matcher train`` would) and serve it; else the
    #: prior score serves.
    train: bool = True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _proc_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux ``/proc``); empty once it is gone."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        if not Path(f"/proc/{p}").exists():
            continue
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return out


def proc_tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its live descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _proc_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def proc_tree_rss_mb(pid: int) -> float:
    """Resident memory in MB of ``pid`` and its live descendants."""
    total_kb = 0
    for p in _proc_tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024.0


def server_command(port: int, workers: int) -> list[str]:
    """``matcher serve --workers N`` on 127.0.0.1:``port``: the real server, as users start it."""
    return [
        sys.executable, "-m", "matcher", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers),
    ]  # fmt: skip


def _wait_healthy(base: str, server: subprocess.Popen[bytes], log: Path) -> dict[str, Any]:
    import httpx

    deadline = time.perf_counter() + HTTP_STARTUP_TIMEOUT_S
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"the server exited with {server.returncode}:\n{tail}")
        try:
            r = httpx.get(f"{base}/api/v1/health", timeout=2, trust_env=False)
            if r.status_code == 200:
                return dict(r.json())
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the server did not answer /api/v1/health in {HTTP_STARTUP_TIMEOUT_S} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


@dataclass
class HttpWorld:
    """What the HTTP rows serve: a saved engine, its store and the accounts that log in."""

    models: Path
    database_url: str
    n: int  #: positions the served engine holds
    synthetic: bool  #: whether they were replicated (:func:`scale_positions`)
    student_ids: list[str]  #: every student of the engine (an admin asks for each in turn)
    #: ``(username, password, student id or None)`` by role: ``"student"`` and ``"admin"``.
    accounts: dict[str, list[tuple[str, str, str | None]]]


def prepare_http_world(
    root: Path,
    engine: Any,
    positions: int,
    *,
    train: bool,
    roles: Sequence[str] = ("student", "admin"),
    scaled: Any = None,
    progress: bool,
) -> HttpWorld:
    """Save the served engine (scaled to ``positions``) and the accounts under ``root``.

    The ranker is trained on the small world, as ``matcher train`` would, and published beside
    the scaled engine (``train=False`` or a world it cannot train on leaves the prior score).
    The store at ``root / "bench.db"`` keeps the small world; the served engine's copies exist
    only in the engine, which is all a recommendation request reads. Accounts are made with
    :func:`matcher.store.accounts.add_user`: :data:`HTTP_STUDENT_ACCOUNTS` students (each asks for
    her own recommendations, as students do) and one admin (whose every view is audited).
    """
    from matcher.engine.persist import save_engine
    from matcher.store.accounts import add_user
    from matcher.store.database import Store

    model, report = None, None
    if train:
        from matcher.ranking.measures import validation_evaluator
        from matcher.ranking.training import train_ranker

        _log("training the ranker on the small world", progress)
        try:
            model, report = train_ranker(engine, validation_evaluator())
        except ValueError as exc:
            _log(f"no ranker ({exc}); the prior score serves", progress)
    if scaled is None:
        if positions > len(engine.positions):
            _log(f"scaling positions to {positions} for the HTTP benchmark", progress)
            scaled = scale_positions(engine, positions)
        else:
            scaled = engine
    models = root / "http-models"
    manifest = dict(engine.manifest)
    if report is not None:  # save_engine writes the ranker inside the version it publishes
        manifest.update(training=report.as_dict(), validation=report.validation)
    save_engine(replace(scaled, manifest=manifest, directory=None, ranker=model), models)

    url = f"sqlite:///{root / 'bench.db'}"
    student_ids = list(engine.students.ids)
    accounts: dict[str, list[tuple[str, str, str | None]]] = {}
    store = Store(url)
    try:
        if "student" in roles:
            order = np.random.default_rng(SEED).permutation(len(student_ids))
            chosen = [student_ids[i] for i in order[:HTTP_STUDENT_ACCOUNTS]]
            accounts["student"] = []
            for i, sid in enumerate(chosen):
                name, password = f"bench-student-{i}", secrets.token_urlsafe(18)
                add_user(store, username=name, role="student", password=password, student_id=sid)
                accounts["student"].append((name, password, sid))
        if "admin" in roles:
            password = secrets.token_urlsafe(18)
            add_user(store, username="bench-admin", role="admin", password=password)
            accounts["admin"] = [("bench-admin", password, None)]
    finally:
        store.dispose()
    n = len(scaled.positions)
    return HttpWorld(models, url, n, n > len(engine.positions), student_ids, accounts)


@contextlib.contextmanager
def running_server(
    world: HttpWorld, workers: int, log: Path, progress: bool
) -> Iterator[tuple[subprocess.Popen[bytes], str, dict[str, Any], float]]:
    """The real server on a free loopback port: (process, base URL, /health, start-up s)."""
    port = _free_port()
    env = {
        **os.environ,
        "MATCHER_DATABASE_URL": world.database_url,
        "MATCHER_MODELS_DIR": str(world.models),
        # One key for every worker: a token issued by one is valid at the others.
        "MATCHER_SECRET_KEY": secrets.token_urlsafe(32),
    }
    command = server_command(port, workers)
    base = f"http://127.0.0.1:{port}"
    _log(f"starting {' '.join(command[1:])}", progress)
    started = time.perf_counter()
    with log.open("ab") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        health = _wait_healthy(base, server, log)
        yield server, base, health, time.perf_counter() - started
    finally:
        _stop(server)


def _login(base: str, username: str, password: str) -> dict[str, str]:
    import httpx

    r = httpx.post(
        f"{base}/api/v1/auth/token",
        data={"username": username, "password": password},
        trust_env=False,
        timeout=60,
    )
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def http_targets(base: str, world: HttpWorld, role: str) -> list[tuple[str, dict[str, str]]]:
    """The requests of one role: each student her own page, the admin every student's."""
    route = "/api/v1/students/{}/recommendations?k=" + str(HTTP_K)
    if role == "student":
        return [
            (route.format(sid), _login(base, user, password))
            for user, password, sid in world.accounts["student"]
        ]
    ((user, password, _),) = world.accounts[role]
    headers = _login(base, user, password)
    return [(route.format(sid), headers) for sid in world.student_ids]


def bench_http_row(
    base: str,
    server: subprocess.Popen[bytes],
    targets: list[tuple[str, dict[str, str]]],
    options: HttpOptions,
) -> dict[str, Any]:
    """Closed-loop load of ``targets`` on a running server; the row's measured part."""
    import httpx

    from eval.loadgen import run_load

    # The first request of a process imports the ranking code and builds the engine's
    # cached tables; it is timed on its own, and the warm-up covers the other workers.
    path, headers = targets[0]
    first = time.perf_counter()
    httpx.get(
        base + path, headers=headers, trust_env=False, timeout=HTTP_STARTUP_TIMEOUT_S
    ).raise_for_status()
    first_ms = (time.perf_counter() - first) * 1000.0
    result = run_load(
        base,
        targets,
        concurrency=options.concurrency,
        duration_s=options.seconds,
        warmup_s=options.warmup_s,
        seed=SEED,
        mode=options.mode,  # type: ignore[arg-type]
        samplers={"server_cpu_s": lambda: proc_tree_cpu_s(server.pid)},
    )
    row = result.as_dict()
    server_cpu = row.pop("sampled")["server_cpu_s"]
    n = row["requests"]
    meets = (
        row["ok_rps"] >= HTTP_TARGET["rps"]
        and row["p99_ms"] is not None
        and row["p99_ms"] <= HTTP_TARGET["p99_ms"]
        and row["error_count"] <= HTTP_TARGET["errors"]
    )
    return {
        "first_request_ms": first_ms,
        **row,
        "client_cores": row["client_cpu_s"] / options.seconds,
        "server_cpu_s": server_cpu,
        "server_cores": server_cpu / options.seconds,
        "server_cpu_per_request_ms": server_cpu * 1000.0 / n if n else None,
        "server_rss_mb": proc_tree_rss_mb(server.pid),
        "target": dict(HTTP_TARGET),
        "meets_target": bool(meets),
    }


def bench_http(
    root: Path,
    engine: Any,
    options: HttpOptions,
    *,
    scaled: Any = None,
    progress: bool,
) -> list[dict[str, Any]]:
    """HTTP rows: the real server under closed-loop load, one row per worker count and role.

    Each worker count starts its own server (``matcher serve``); every role of
    ``options.roles`` loads it in turn: ``"student"`` (each account asks for her own
    recommendations) and ``"admin"`` (one account asks for every student's; each view is
    audited).
    """
    world = prepare_http_world(
        root,
        engine,
        options.positions,
        train=options.train,
        roles=options.roles,
        scaled=scaled,
        progress=progress,
    )
    rows = []
    for workers in options.workers:
        with running_server(world, workers, root / "server.log", progress) as running:
            server, base, health, startup_s = running
            for role in options.roles:
                targets = http_targets(base, world, role)
                _log(
                    f"HTTP load as {role}: {workers} worker(s), concurrency "
                    f"{options.concurrency}, {options.seconds:g} s after "
                    f"{options.warmup_s:g} s warm-up",
                    progress,
                )
                measured = bench_http_row(base, server, targets, options)
                rows.append(
                    {
                        "n": world.n,
                        "workers": workers,
                        "as": role,
                        "route": f"GET /api/v1/students/{{id}}/recommendations?k={HTTP_K}",
                        "students": len({path for path, _ in targets}),
                        "server": " ".join(server_command(0, workers)[1:4]),
                        "scorer": health.get("scorer"),
                        "startup_s": startup_s,
                        **measured,
                        "synthetic_positions": world.synthetic,
                    }
                )
    return rows


def format_table(result: dict[str, Any]) -> str:
    """A table a person can read of a :func:`run_bench` result (the sections it has)."""
    from matcher.retrieval.positions import POOL_SIZE

    m = result["machine"]
    lines = [
        f"machine: {m['cores']} cores, torch threads {m['torch_threads']}, "
        f"faiss threads {m['faiss_threads']}",
    ]
    if "encode" in result:
        e = result["encode"]
        lines += [
            "",
            f"encode ({e['texts']} texts, mean {e['mean_chars']:.0f} chars, "
            f"median of {e['rounds']}):",
            f"  project  {e['texts_per_s']:8.1f} texts/s   (batch {e['batch_size']})",
            f"  plain ST {e['reference_texts_per_s']:8.1f} texts/s   (batch 32)   "
            f"ratio {e['ratio']:.2f}",
            f"  cached   {e['cached_texts_per_s']:8.1f} texts/s   "
            f"re-encode speedup {e['reencode_speedup']:.0f}x",
        ]
    if "reindex" in result:
        ri = result["reindex"]
        lines += [
            "",
            f"re-index of the unchanged world (first build {ri['first_s']:.1f} s):",
            f"  forced rebuild, caches warm {ri['forced_s']:8.2f} s   "
            f"speedup {ri['forced_speedup']:.0f}x",
            f"  matcher index (no change)   {ri['unchanged_s'] * 1000:8.1f} ms  "
            f"speedup {ri['unchanged_speedup']:.0f}x",
        ]
    if "retrieval" in result:
        lines += [
            "",
            f"retrieval (single query, k={K}, synthetic vectors):",
            f"  {'n':>9} {'index':>6} {'p50 ms':>8} {'p99 ms':>8} {'recall':>7} {'exact p50':>10}",
        ]
        for r in result["retrieval"]:
            lines.append(
                f"  {r['n']:>9} {r['index']:>6} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
                f"{r[f'recall@{K}']:7.3f} {r['exact_p50_ms']:10.2f}"
            )
    if "recommend" in result:
        lines += [
            "",
            f"recommend_positions (end to end, k=10, pool {POOL_SIZE}):",
            f"  {'n':>9} {'index':>6} {'p50 ms':>8} {'p99 ms':>8} {'synthetic':>9}",
        ]
        for r in result["recommend"]:
            lines.append(
                f"  {r['n']:>9} {r['position_index']:>6} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
                f"{r['synthetic_positions']!s:>9}"
            )
    if result.get("http"):
        first = result["http"][0]
        t = first["target"]
        lines += [
            "",
            f"HTTP {first['route']} on the real server, {first['mode']} closed loop, "
            f"concurrency {first['concurrency']}, {first['duration_s']:g} s after "
            f"{first['warmup_s']:g} s warm-up; target >= {t['rps']:g} req/s, "
            f"p99 <= {t['p99_ms']:g} ms, {t['errors']} errors:",
            f"  {'n':>9} {'workers':>7} {'as':>7} {'scorer':>7} {'req/s':>7} {'p50 ms':>8} "
            f"{'p99 ms':>8} {'max ms':>8} {'errors':>6} {'client cpu':>10} {'server ms/req':>13} "
            f"{'target':>6}",
        ]
        for r in result["http"]:
            p50 = "-" if r["p50_ms"] is None else f"{r['p50_ms']:.1f}"
            p99 = "-" if r["p99_ms"] is None else f"{r['p99_ms']:.1f}"
            mx = "-" if r["max_ms"] is None else f"{r['max_ms']:.1f}"
            srv = r["server_cpu_per_request_ms"]
            lines.append(
                f"  {r['n']:>9} {r['workers']:>7} {r['as']:>7} {r['scorer']!s:>7} "
                f"{r['ok_rps']:7.1f} {p50:>8} {p99:>8} {mx:>8} {r['error_count']:>6} "
                f"{r['client_cores']:9.2f}c {'-' if srv is None else f'{srv:.1f}':>13} "
                f"{'met' if r['meets_target'] else 'MISSED':>6}"
            )
            if r["errors"]:
                lines.append(f"  {'':>9} errors: {r['errors']}")
    return "\n".join(lines)


def run_bench(
    *,
    sizes: list[int],
    out: Path | None,
    texts: int = 512,
    repeats: int = 300,
    progress: bool = True,
    world: dict[str, int] | None = None,
    http: HttpOptions | None = None,
    http_only: bool = False,
) -> dict[str, Any]:
    """Run the benchmark; return the result and write it as JSON to ``out`` when given.

    Args:
        sizes: Catalogue sizes for the retrieval rows (e.g. ``[100_000]``) and, up to
            :data:`RECOMMEND_MAX`, the recommendation rows.
        out: JSON file to write, or ``None``.
        texts: Texts in the encoding benchmark (capped at the documents of the small world).
        repeats: Single requests timed per retrieval and recommendation row.
        progress: Progress bars and the final table on stderr.
        world: Size of the simulated world (``students``, ``enterprises``, ``positions``) whose
            documents and embeddings everything is built from; ``None`` means :data:`WORLD`.
            Its documents cap ``texts``.
        http: Add the HTTP rows (:func:`bench_http`): the real server under closed-loop load.
        http_only: Only the HTTP rows (``http`` defaults to :class:`HttpOptions`); ``sizes``,
            ``texts`` and ``repeats`` are then unused.

    Threads are left as configured (``OMP_NUM_THREADS``) and reported under ``machine``.
    """
    if http_only and http is None:
        http = HttpOptions()
    if not http_only and (not sizes or any(n < 1 for n in sizes)):
        raise ValueError(f"sizes must be positive integers, got {sizes}")
    if texts < 1 or repeats < 1:
        raise ValueError("texts and repeats must be at least 1")
    if http is not None and (
        http.concurrency < 1 or http.seconds <= 0 or not http.workers or min(http.workers) < 1
    ):
        raise ValueError("http: concurrency, seconds and workers must be positive")
    t_start = time.perf_counter()
    result: dict[str, Any] = {}
    notes = []
    with tempfile.TemporaryDirectory(prefix="matcher-bench-") as tmp:
        root = Path(tmp)
        world = dict(world or WORLD)
        _log(f"building a simulated world {world} and its engine", progress)
        start = time.perf_counter()
        engine = build_world_engine(root, world, progress=progress)
        first_s = time.perf_counter() - start
        machine = machine_info()
        result["machine"] = machine
        kept = None  # the scaled engine the HTTP rows can reuse
        if not http_only:
            result["reindex"] = bench_reindex(root, engine, first_s, progress=progress)
            docs = list(engine.students.documents) + list(engine.positions.documents)
            order = np.random.default_rng(SEED).permutation(len(docs))
            sample = [docs[i] for i in order[: min(texts, len(docs))]]
            _log(f"encoding benchmark on {len(sample)} texts", progress)
            result["encode"] = bench_encode(sample, root / "engine-cache", progress=progress)

            base = np.vstack([engine.student_vectors, engine.position_vectors])
            result["retrieval"] = [
                bench_retrieval(base, n, repeats=repeats, progress=progress) for n in sizes
            ]

            recommend = [
                bench_recommend(engine, repeats=repeats, progress=progress, synthetic=False)
            ]
            for n in [n for n in sizes if n <= RECOMMEND_MAX]:
                _log(f"scaling positions to {n}", progress)
                scaled = scale_positions(engine, n)
                recommend.append(
                    bench_recommend(scaled, repeats=repeats, progress=progress, synthetic=True)
                )
                if http is not None and n == http.positions:
                    kept = scaled
                del scaled
            result["recommend"] = recommend
            notes.append(
                f"retrieval vectors: {len(sizes)} synthetic sets drawn around {base.shape[0]} "
                f"real embeddings (students and positions of a simulated world {world}), noise "
                f"{NOISE}; recommend: the first row is the real engine, the others replicate "
                f"its {len(engine.positions)} positions (same documents, skills and columns, "
                "new ids, vectors near the originals) with the student side unchanged"
            )
        if http is not None:
            result["http"] = bench_http(root, engine, http, scaled=kept, progress=progress)
            notes.append(
                f"http: the real server (a subprocess, loopback) serves the world {world} with "
                f"its positions replicated to {result['http'][0]['n']} as above and the ranker "
                f"trained on the small world; the load generator runs in this process on the "
                "same cores (its CPU is reported); 'student' rows: each of "
                f"{HTTP_STUDENT_ACCOUNTS} student accounts asks for her own recommendations; "
                "'admin' rows: one admin asks for every student's (each view audited)"
            )

    machine["note"] = "; ".join([*notes, "threads as configured."])
    result["seconds"] = time.perf_counter() - t_start
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    if progress:
        print(format_table(result), file=sys.stderr, flush=True)
    return result


__all__ = [
    "HttpOptions",
    "bench_encode",
    "bench_http",
    "bench_recommend",
    "bench_reindex",
    "bench_retrieval",
    "run_bench",
    "scale_positions",
]
