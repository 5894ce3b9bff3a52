"""The centre's analytics at scale: every analytics route on the real server, and the report.

The world is the issue's: 50,000 students, 5,000 enterprises and 100,000 positions with the
interactions the simulator gives them (about 7 million), imported into a SQLite store and
indexed like any other (``matcher import``, then ``matcher index`` with the English model, see
:data:`EMBEDDING_MODEL`, and ``matcher health``). It
takes most of an hour to make on a 2-core machine, so it is kept under ``root`` and reused by
the next run when complete (a ``ready.json`` beside it records its counts and how long each step
took).

Each route is asked ``repeats`` times in a row after a warm-up, by the reader it is for, with
the parameters a page sends, on one worker of ``matcher serve``; p50, p95 and max are reported
against p95 ≤ 300 ms and as a ratio to the reference taken in the same run (the server's
``/health``). ``matcher report --semester`` is timed as a whole process (load included)
against ≤ 60 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import NOISE, log_progress
from eval.bench.server import running_server

#: The issue's world.
ANALYTICS_WORLD = {"students": 50_000, "enterprises": 5_000, "positions": 100_000}
ANALYTICS_SEED = 11
#: The world's model, set for every command and the server of the bench alike: the product's
#: English one, the faster of the two.
EMBEDDING_MODEL = "all-MiniLM-L6-v2"
#: Texts of each side encoded by the model; the others get vectors near those (the scale rows'
#: method, :func:`matcher.retrieval.index.synthetic_vectors`). Even the faster model encodes
#: under a hundred documents a second here, hours for 150,000, and no analytics figure reads a
#: vector; the health snapshot's recommendations do, and are then of these vectors.
REAL_TEXTS = 2000
#: What the issue asks of every analytics route, and of the report.
ROUTE_TARGET_P95_MS = 300.0
REPORT_TARGET_S = 60.0
WARMUP = 3
PASSWORD = "bench-pass-word"


def _run(command: list[str], env: dict[str, str], log: Path) -> float:
    """Run a command to completion (its output to ``log``); its wall seconds."""
    started = time.perf_counter()
    with log.open("ab") as out:
        done = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[:3])} failed ({done.returncode}); see {log}")
    return time.perf_counter() - started


class SampledEmbedder:
    """The model for the first :data:`REAL_TEXTS` texts of each call, vectors near those for
    the rest; everything else (name, dimension, cache) is the model's."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def encode(self, texts: Any, *args: Any, **kwargs: Any) -> np.ndarray:
        """Vectors of ``texts``: the head encoded, the tail synthesised around it."""
        from matcher.retrieval.index import synthetic_vectors

        texts = list(texts)
        head = np.asarray(self.inner.encode(texts[:REAL_TEXTS], *args, **kwargs), np.float32)
        if len(texts) <= REAL_TEXTS:
            return head
        tail = synthetic_vectors(head, len(texts) - REAL_TEXTS, noise=NOISE, seed=len(texts))
        return np.vstack([head, tail])


def _index(root: Path, env: dict[str, str]) -> float:
    """Build and publish the world's version as ``matcher index`` does, with sampled vectors;
    its wall seconds."""
    from matcher.config import get_settings
    from matcher.pipeline import build_and_publish
    from matcher.retrieval.embedding import load_embedder
    from matcher.store.database import Store

    started = time.perf_counter()
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        store = Store(env["MATCHER_DATABASE_URL"])
        try:
            embedder = SampledEmbedder(load_embedder(EMBEDDING_MODEL))
            build_and_publish(store, root / "models", embedder, progress=True)
        finally:
            store.dispose()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        get_settings.cache_clear()
    return time.perf_counter() - started


def prepare_world(root: Path, world: dict[str, int], progress: bool) -> dict[str, Any]:
    """Simulate, import and index the world under ``root`` unless a complete one is there."""
    ready = root / "ready.json"
    if ready.exists():
        made = json.loads(ready.read_text(encoding="utf-8"))
        if made.get("world") == world:
            log_progress(f"analytics: reusing the world in {root}", progress)
            return made  # type: ignore[no-any-return]
    root.mkdir(parents=True, exist_ok=True)
    store = root / "store.db"
    for stale in (store, root / "store.db-wal", root / "store.db-shm"):
        stale.unlink(missing_ok=True)
    env = {
        **os.environ,
        "MATCHER_DATABASE_URL": f"sqlite:///{store}",
        "MATCHER_MODELS_DIR": str(root / "models"),
        "MATCHER_EMBEDDING_MODEL": EMBEDDING_MODEL,
    }
    matcher = [sys.executable, "-m", "matcher"]
    log = root / "prepare.log"
    seconds = {}
    log_progress("analytics: simulating the world", progress)
    seconds["simulate"] = _run(
        [*matcher, "simulate", "--out", str(root / "world"), "--seed", str(ANALYTICS_SEED)]
        + [f"--{k}={v}" for k, v in world.items()],
        env,
        log,
    )
    files = [root / "world" / f"{k}.jsonl" for k in ("enterprises", "students", "positions")]
    log_progress("analytics: importing it (one transaction)", progress)
    seconds["import"] = _run(
        [*matcher, "import", *map(str, files), str(root / "world" / "interactions.jsonl")],
        env,
        log,
    )
    log_progress("analytics: indexing it (the real build, sampled vectors)", progress)
    seconds["index"] = _index(root, env)
    log_progress("analytics: the recommendation health snapshot (matcher health)", progress)
    seconds["health"] = _run([*matcher, "health"], env, log)
    counts = json.loads(
        subprocess.run(
            [*matcher, "stats", "--json"], env=env, capture_output=True, check=True, text=True
        ).stdout
    )
    made = {
        "world": world,
        "counts": counts,
        "seconds": {k: round(v, 1) for k, v in seconds.items()},
    }
    ready.write_text(json.dumps(made, indent=2), encoding="utf-8")
    return made


def _readers(store_url: str, models: Path) -> dict[str, Any]:
    """Accounts for each reader (the busiest cohort's advisor, the enterprise with the most
    positions) and the values the routes are asked with."""
    from matcher.engine.persist import load_engine
    from matcher.store.accounts import add_user
    from matcher.store.database import Store
    from matcher.store.history import semester_start

    engine = load_engine(models)
    cohort = Counter(c for c in engine.students.cohort if c).most_common(1)[0][0]
    enterprise = str(engine.enterprises.ids[int(np.bincount(engine.positions.enterprise).argmax())])
    semesters = sorted(set(engine.pairs.semester), key=semester_start)
    suffix = f"{time.time_ns() % 10**8}"
    users = {
        "admin": (f"bench-an-adm-{suffix}", {}),
        "advisor": (f"bench-an-adv-{suffix}", {"cohorts": [cohort]}),
        "enterprise": (f"bench-an-ent-{suffix}", {"enterprise_id": enterprise}),
    }
    store = Store(store_url)
    try:
        for role, (username, links) in users.items():
            add_user(store, username=username, role=role, password=PASSWORD, **links)
    finally:
        store.dispose()
    return {
        "users": {role: name for role, (name, _) in users.items()},
        "semester": semesters[-1],
        "cohort": cohort,
    }


def _routes(semester: str) -> list[tuple[str, str]]:
    """(reader, path) of every analytics route, with the parameters the pages send."""
    a = "/api/v1/analytics"
    return [
        ("admin", f"{a}/funnel?by=major"),
        ("admin", f"{a}/funnel?by=degree&semester={semester}"),
        ("admin", f"{a}/funnel?by=enterprise"),
        ("admin", f"{a}/funnel?by=industry&lang=en"),
        ("advisor", f"{a}/funnel?by=cohort"),
        ("enterprise", f"{a}/funnel?by=position"),
        ("admin", f"{a}/placement?by=cohort"),
        ("advisor", f"{a}/placement?by=cohort"),
        ("admin", f"{a}/skills?top=20"),
        ("admin", f"{a}/skills?industry=optics&graduation_year=2027"),
        ("advisor", f"{a}/skills"),
        ("admin", f"{a}/skills/trend"),
        ("admin", f"{a}/answers"),
        ("enterprise", f"{a}/answers"),
        ("admin", f"{a}/postings?by=industry"),
        ("admin", f"{a}/postings/quiet"),
        ("enterprise", f"{a}/postings/quiet"),
        ("admin", f"{a}/health"),
        ("admin", f"{a}/gaps"),
        ("admin", f"{a}/funnel?by=major&format=xlsx"),
    ]


def _timed(
    client: Any, path: str, headers: dict[str, str], repeats: int
) -> tuple[np.ndarray, Counter[int], float]:
    """Milliseconds of ``repeats`` GETs after the warm-up, their status codes, and the first
    warm-up request's milliseconds (it derives the engine's columns the route reads)."""
    first = 0.0
    for i in range(WARMUP):
        started = time.perf_counter()
        client.get(path, headers=headers)
        if i == 0:
            first = (time.perf_counter() - started) * 1000
    times: list[float] = []
    codes: Counter[int] = Counter()
    for _ in range(repeats):
        started = time.perf_counter()
        answer = client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        codes[answer.status_code] += 1
    return np.asarray(times), codes, first


def _measure(
    base: str, readers: dict[str, Any], repeats: int, progress: bool
) -> tuple[float, list[dict[str, Any]]]:
    """The reference's p95 and each route's row, on the server at ``base``."""
    import httpx

    rows: list[dict[str, Any]] = []
    with httpx.Client(base_url=base, trust_env=False, timeout=120) as client:
        tokens = {}
        for role, username in readers["users"].items():
            form = {"username": username, "password": PASSWORD}
            r = client.post("/api/v1/auth/token", data=form)
            r.raise_for_status()
            tokens[role] = {"Authorization": f"Bearer {r.json()['access_token']}"}
        ref_ms, _, _ = _timed(client, "/health", {}, repeats)
        reference = float(np.percentile(ref_ms, 95))
        for role, path in _routes(readers["semester"]):
            log_progress(f"analytics: {role} {path}", progress)
            ms, codes, first = _timed(client, path, tokens[role], repeats)
            p95 = float(np.percentile(ms, 95))
            rows.append(
                {
                    "reader": role,
                    "route": path,
                    "requests": len(ms),
                    "status": dict(codes),
                    "p50_ms": float(np.percentile(ms, 50)),
                    "p95_ms": p95,
                    "max_ms": float(ms.max()),
                    "first_ms": first,
                    "p95_ratio": p95 / reference,
                    "met": p95 <= ROUTE_TARGET_P95_MS and set(codes) == {200},
                }
            )
    return reference, rows


def bench_analytics(
    root: Path, *, repeats: int = 50, progress: bool = True, world: dict[str, int] | None = None
) -> dict[str, Any]:
    """The world's making (reused when present), every route's p50/p95/max, and the report."""
    world = world or ANALYTICS_WORLD
    made = prepare_world(root, world, progress)
    store_url = f"sqlite:///{root / 'store.db'}"
    models = root / "models"
    readers = _readers(store_url, models)
    env = {
        "MATCHER_DATABASE_URL": store_url,
        "MATCHER_MODELS_DIR": str(models),
        "MATCHER_EMBEDDING_MODEL": EMBEDDING_MODEL,
    }
    with running_server(env, 1, root / "analytics-server.log", progress) as (_, base, _, startup):
        reference, rows = _measure(base, readers, repeats, progress)
    out = root / "report-bench"
    log_progress("analytics: matcher report (one semester)", progress)
    report_env = {**os.environ, **env}
    report_s = _run(
        [
            sys.executable,
            "-m",
            "matcher",
            "report",
            "--out",
            str(out),
            "--semester",
            readers["semester"],
        ],
        report_env,
        root / "report.log",
    )
    return {
        "world": made,
        "server_start_s": round(startup, 1),
        "reference": {"route": "/health", "p95_ms": reference},
        "routes": rows,
        "report": {
            "semester": readers["semester"],
            "seconds": round(report_s, 1),
            "target_s": REPORT_TARGET_S,
            "met": report_s <= REPORT_TARGET_S,
        },
    }
