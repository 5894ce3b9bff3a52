"""Scale rows: the real ``matcher serve --workers 2`` on 10⁵–10⁶ replicated positions (and
students), its memory per worker, its latency, and how soon and at what cost a write is served.

Per size the engine of the small world is scaled (:func:`~eval.bench.recommend.scale_positions`,
and :func:`~eval.bench.recommend.scale_students` up to ``students``) and published; the server
starts on it (``load_s``), students ask for their recommendations one request at a time, each on
a new connection (``recommend_p99_ms``), then the workers' resident and proportional set sizes are
read. A write is a new position posted through the API by an admin: ``write_to_served_s`` is the
time until its candidate list answers through the API five times in a row (so through both
workers), ``write_cpu_s`` the server's CPU for a second such write and the five seconds after it
(no other request). ``rebuild_cpu_s`` is the CPU of the full rebuild every write used to cost
(``build_and_publish`` from the version serving, caches warm: the second of two), measured in a
child process once the store holds every replicated position, up to :data:`REBUILD_MAX`
positions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import SEED, log_progress, store_url
from eval.bench.http import login_headers
from eval.bench.procs import (
    parent_pss_mb,
    proc_tree_cpu_s,
    resident_by_kind_mb,
    worker_memory_mb,
)
from eval.bench.recommend import scale_positions, scale_students
from eval.bench.server import running_server

#: What issue #17 asks at 100k positions.
SCALE_TARGET = {
    "worker_rss_mb": 600.0,
    "pss_ratio": 1.3,
    "recommend_p99_ms": 50.0,
    "write_to_served_s": 2.0,
    "write_cost_share": 0.05,
}
#: The size the memory and freshness targets are set at. Above it the issue asks only that the
#: engine load, serve with two workers and keep the p99; below it a write's share of a rebuild
#: is not judged (a write's fixed cost against a rebuild that shrinks with the catalogue).
FULL_TARGET_AT = 100_000


def targets_for(n: int) -> dict[str, float]:
    """The targets a scale row of ``n`` positions is judged by."""
    if n > FULL_TARGET_AT:
        return {"recommend_p99_ms": SCALE_TARGET["recommend_p99_ms"]}
    target = dict(SCALE_TARGET)
    if n < FULL_TARGET_AT:
        del target["write_cost_share"]
    return target


def meets(row: dict[str, Any], target: dict[str, float]) -> bool:
    """Whether a scale row meets each of ``target`` (a figure not measured does not count
    against the write's share of a rebuild)."""
    checks = {
        "worker_rss_mb": lambda t: row["worker_rss_mb"] <= t,
        "pss_ratio": lambda t: row["workers_pss_mb"] <= t * row["worker_rss_mb"],
        "recommend_p99_ms": lambda t: row["recommend_p99_ms"] <= t,
        "write_to_served_s": lambda t: (
            row["write_to_served_s"] is not None and row["write_to_served_s"] <= t
        ),
        "write_cost_share": lambda t: (
            row["write_cost_share"] is None or row["write_cost_share"] <= t
        ),
    }
    return all(checks[name](value) for name, value in target.items())


#: Largest catalogue whose full rebuild is measured (the store then holds every copy).
REBUILD_MAX = 200_000
#: Recommendation requests timed per size (after as many again unmeasured).
REQUESTS = 300
#: Workers of the server measured.
WORKERS = 2


def bench_scale(
    root: Path, engine: Any, n: int, *, students: int, progress: bool
) -> dict[str, Any]:
    """One scale row: ``n`` positions and ``max(students, real)`` students."""
    from eval.bench.http import prepare_http_world

    log_progress(f"scale: replicating positions to {n} and students to {students}", progress)
    started = time.perf_counter()
    scaled = scale_positions(engine, n)
    if students > len(engine.students):
        scaled = scale_students(scaled, students)
    store_records = n <= REBUILD_MAX
    if store_records:
        _store_copies(root, engine, scaled)
    world = prepare_http_world(
        root, engine, n, train=True, roles=["student", "admin"], scaled=scaled, progress=progress
    )
    if store_records:  # the store now holds every copy: the version is of this generation
        _stamp(world.models, root)
    del scaled
    log_progress(f"scale: world ready in {time.perf_counter() - started:.0f} s", progress)
    row: dict[str, Any] = {"n": n, "students": max(students, len(engine.students))}
    log = root / f"scale-{n}.log"
    with running_server(world.server_settings(), WORKERS, log, progress) as running:
        server, base, _health, startup_s = running
        row["load_s"] = startup_s
        row.update(_latency(base, world))
        memory = worker_memory_mb(server.pid)
        row["worker_rss_mb"] = max(rss for rss, _ in memory)
        row["workers_pss_mb"] = sum(pss for _, pss in memory)
        row["workers"] = [{"rss_mb": rss, "pss_mb": pss} for rss, pss in memory]
        # The parent the workers were forked from shares their imports (not counted above).
        row["parent_pss_mb"] = parent_pss_mb(server.pid)
        row["resident_by_kind_mb"] = resident_by_kind_mb(server.pid, world.models)
        row.update(_write(base, world, server.pid, engine, write_ids(n)))
    row["rebuild_cpu_s"] = _rebuild_cpu_s(root, world.models) if store_records else None
    cost = row["write_cpu_s"] / row["rebuild_cpu_s"] if row["rebuild_cpu_s"] else None
    row["write_cost_share"] = cost
    row["target"] = targets_for(n)
    row["meets_target"] = meets(row, row["target"])
    return row


def _store_copies(root: Path, engine: Any, scaled: Any) -> None:
    """Write the replicated positions into the store as records (copies of their sources), and
    their vectors into the embedding cache under their summaries, as if encoded: a rebuild then
    reads the vectors the served engine holds (the steady state, where only new text is
    encoded)."""
    from matcher.engine.build import POSITION_ROLE
    from matcher.retrieval.embedding import load_embedder
    from matcher.retrieval.embedding_cache import text_keys
    from matcher.store.database import Store
    from matcher.text.documents import position_summary

    store = Store(store_url(root))
    embedder = load_embedder(cache_dir=root / "engine-cache")
    prefix = embedder.prompts.get(POSITION_ROLE, "")
    try:
        P = scaled.positions
        sources = {p.id: p for p in store.iter_records("positions")}
        owners = {e.id: e for e in store.iter_records("enterprises")}
        for start in range(len(engine.positions), len(P), 2000):
            rows = np.arange(start, min(start + 2000, len(P)))
            copies = [
                sources[P.ids[i].split(":")[0]].model_copy(
                    update={
                        "id": P.ids[i],
                        "enterprise_id": scaled.enterprises.ids[P.enterprise[i]],
                    }
                )
                for i in rows.tolist()
            ]
            with store.session() as session:
                store.upsert(session, "positions", copies)
            texts = [prefix + position_summary(p, owners.get(p.enterprise_id)) for p in copies]
            vectors = np.asarray(scaled.position_vectors[rows], dtype=np.float32)
            embedder.cache.put(text_keys(embedder.cache_name, texts), vectors)
    finally:
        store.dispose()


def _stamp(models: Path, root: Path) -> None:
    """Mark the published version as built from the store as it is now (it holds the same
    records), and clear the change feed of the copies' writes."""
    from matcher.engine.versions import current_version, update_manifest
    from matcher.store.database import Store

    store = Store(store_url(root))
    try:
        generation = store.generation()
        store.prune_changes(generation)
    finally:
        store.dispose()
    version = current_version(models)
    assert version is not None
    update_manifest(version, store_generation=generation)


def _client() -> Any:
    """An HTTP client opening a new connection for every request (so both workers answer),
    without a new client's set-up (an ``httpx.get`` costs ~20 ms of its own)."""
    import httpx

    return httpx.Client(
        trust_env=False, timeout=120, limits=httpx.Limits(max_keepalive_connections=0)
    )


def _latency(base: str, world: Any) -> dict[str, Any]:
    """p50/p99 of students' recommendations, one request at a time, each on a new
    connection."""
    accounts = world.accounts["student"]
    headers = [(login_headers(base, u, p), sid) for u, p, sid in accounts]
    samples, inside = [], []
    client = _client()
    for i in range(2 * REQUESTS):
        h, sid = headers[i % len(headers)]
        start = time.perf_counter()
        r = client.get(f"{base}/api/v1/students/{sid}/recommendations?k=10", headers=h)
        r.raise_for_status()
        if i >= REQUESTS:
            samples.append(time.perf_counter() - start)
            inside.append(server_ms(r.headers))
    ms = np.asarray(samples) * 1000.0
    return {
        "recommend_p50_ms": float(np.percentile(ms, 50)),
        "recommend_p99_ms": float(np.percentile(ms, 99)),
        # The same requests as the service timed them (Server-Timing), without the connection.
        "server_p50_ms": float(np.percentile(inside, 50)),
        "server_p99_ms": float(np.percentile(inside, 99)),
        "requests": len(samples),
    }


def server_ms(headers: Any) -> float:
    """The service's own time of a response, from its ``Server-Timing: app;dur=`` header."""
    timing = headers.get("server-timing", "")
    for part in timing.split(";"):
        if part.strip().startswith("dur="):
            return float(part.strip()[4:])
    raise ValueError(f"no Server-Timing duration in {timing!r}")


def write_ids(n: int) -> tuple[str, str]:
    """Ids of the two positions a scale row of ``n`` posts: new in every row of a run, which
    share one store."""
    return f"scale-{SEED}-{n}-a", f"scale-{SEED}-{n}-b"


def _write(base: str, world: Any, pid: int, engine: Any, ids: tuple[str, str]) -> dict[str, Any]:
    """Post new positions (``ids``); time until the first is served, the CPU the second costs."""
    from matcher.store.database import Store

    user, password, _ = world.accounts["admin"][0]
    headers = login_headers(base, user, password)
    store = Store(world.database_url)
    try:
        P = engine.positions
        source = store.get("positions", P.ids[int(np.flatnonzero(P.is_open)[0])])
    finally:
        store.dispose()
    assert source is not None

    client = _client()

    def post(new_id: str) -> None:
        body = json.loads(source.model_dump_json(exclude_none=True))
        body.update(id=new_id, title=f"{source.title} {new_id}")
        r = client.post(f"{base}/api/v1/positions", json=body, headers=headers)
        r.raise_for_status()

    def served(new_id: str) -> bool:
        r = client.get(f"{base}/api/v1/positions/{new_id}/candidates?k=3", headers=headers)
        return r.status_code == 200

    first, second = ids
    start = time.perf_counter()
    post(first)
    streak, seen = 0, None
    while time.perf_counter() - start < 120:
        if served(first):
            streak += 1
            if streak == 1:
                seen = time.perf_counter() - start
            if streak == 5:
                break
        else:
            streak, seen = 0, None
        time.sleep(0.02)
    time.sleep(3)
    before = proc_tree_cpu_s(pid)
    post(second)
    time.sleep(5)
    cpu = proc_tree_cpu_s(pid) - before
    return {"write_to_served_s": seen if streak == 5 else None, "write_cpu_s": cpu}


def _rebuild_cpu_s(root: Path, models: Path) -> float:
    """CPU seconds of a full rebuild and publish from the current version (a child process)."""
    code = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from matcher.engine.persist import load_engine\n"
        "from matcher.pipeline import build_and_publish\n"
        "from matcher.retrieval.embedding import load_embedder\n"
        "from matcher.store.database import Store\n"
        "models, url, cache = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])\n"
        "previous = load_engine(models)\n"
        "store = Store(url)\n"
        "embedder = load_embedder(cache_dir=cache)\n"
        "# The first rebuild fills the skill cache with the copies' documents, as serving has\n"
        "# by the time it rebuilds again; the second is the cost measured.\n"
        "previous = build_and_publish(store, models, embedder, previous=previous)\n"
        "start = resource.getrusage(resource.RUSAGE_SELF)\n"
        "build_and_publish(store, models, embedder, previous=previous)\n"
        "end = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(end.ru_utime + end.ru_stime - start.ru_utime - start.ru_stime)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(models), store_url(root), str(root / "engine-cache")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MATCHER_MODELS_DIR": str(models)},
    )
    return float(out.stdout.strip().splitlines()[-1])
