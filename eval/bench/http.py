"""HTTP rows: the real server under closed-loop load, per worker count and per role asking.

The served engine is the small world's, its positions replicated
(:func:`~eval.bench.recommend.scale_positions`); the load generator is
:func:`eval.loadgen.run_load`, run in this process; the server's CPU and memory are read from
its process tree (:mod:`eval.bench.procs`).
"""

from __future__ import annotations

import secrets
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import SEED, log_progress, store_url
from eval.bench.procs import (
    proc_tree_cpu_s,
    proc_tree_pss_mb,
    proc_tree_rss_mb,
    worker_memory_mb,
)
from eval.bench.recommend import scale_positions
from eval.bench.server import HTTP_STARTUP_TIMEOUT_S, running_server, server_command

#: What issue #5 asks of the HTTP service at 100k positions, concurrency 16, on this machine.
HTTP_TARGET = {"rps": 100.0, "p99_ms": 200.0, "errors": 0}
#: Positions asked per recommendation request of the HTTP benchmark.
HTTP_K = 10
#: Student accounts of the HTTP benchmark, each asking for her own recommendations.
HTTP_STUDENT_ACCOUNTS = 64


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
    #: Add the login-flood rows (:mod:`eval.bench.logins`).
    login_flood: bool = False


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

    def server_settings(self) -> dict[str, str]:
        """The environment the server finds this world's store and engine by."""
        return {"MATCHER_DATABASE_URL": self.database_url, "MATCHER_MODELS_DIR": str(self.models)}


def _account(store: Any, username: str, password: str, **kw: Any) -> None:
    """Make a bench account, or give the one an earlier run made a new password."""
    from matcher.store.accounts import add_user, find_user, set_password

    if find_user(store, username) is None:
        add_user(store, username=username, password=password, **kw)
    else:
        set_password(store, username, password)


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
    from matcher.store.database import Store

    model, report = None, None
    if train:
        from matcher.ranking.measures import validation_evaluator
        from matcher.ranking.training import train_ranker

        log_progress("training the ranker on the small world", progress)
        try:
            model, report = train_ranker(engine, validation_evaluator())
        except ValueError as exc:
            log_progress(f"no ranker ({exc}); the prior score serves", progress)
    if scaled is None:
        if positions > len(engine.positions):
            log_progress(f"scaling positions to {positions} for the HTTP benchmark", progress)
            scaled = scale_positions(engine, positions)
        else:
            scaled = engine
    models = root / "http-models"
    manifest = dict(engine.manifest)
    if report is not None:  # save_engine writes the ranker inside the version it publishes
        manifest.update(training=report.as_dict(), validation=report.validation)
    save_engine(replace(scaled, manifest=manifest, directory=None, ranker=model), models)

    url = store_url(root)
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
                _account(store, name, password, role="student", student_id=sid)
                accounts["student"].append((name, password, sid))
        if "admin" in roles:
            password = secrets.token_urlsafe(18)
            _account(store, "bench-admin", password, role="admin")
            accounts["admin"] = [("bench-admin", password, None)]
    finally:
        store.dispose()
    n = len(scaled.positions)
    return HttpWorld(models, url, n, n > len(engine.positions), student_ids, accounts)


def login_headers(base: str, username: str, password: str) -> dict[str, str]:
    """The bearer header of an account, from the real server's token route."""
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
            (route.format(sid), login_headers(base, user, password))
            for user, password, sid in world.accounts["student"]
        ]
    ((user, password, _),) = world.accounts[role]
    headers = login_headers(base, user, password)
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
        "server_pss_mb": proc_tree_pss_mb(server.pid),
        "worker_memory_mb": worker_memory_mb(server.pid),
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
        log = root / "server.log"
        with running_server(world.server_settings(), workers, log, progress) as running:
            server, base, health, startup_s = running
            for role in options.roles:
                targets = http_targets(base, world, role)
                log_progress(
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


def bench_http_login_flood(
    root: Path, engine: Any, options: HttpOptions, *, scaled: Any = None, progress: bool
) -> list[dict[str, Any]]:
    """The login-flood rows (:func:`eval.bench.logins.bench_login_flood`) on the HTTP world:
    the first student account asks for her own recommendations."""
    from eval.bench.logins import bench_login_flood

    world = prepare_http_world(
        root,
        engine,
        options.positions,
        train=options.train,
        roles=["student"],
        scaled=scaled,
        progress=progress,
    )
    user, password, sid = world.accounts["student"][0]
    path = f"/api/v1/students/{sid}/recommendations?k={HTTP_K}"
    rows = bench_login_flood(
        world.server_settings(),
        path,
        lambda base: login_headers(base, user, password),
        root,
        seconds=options.seconds,
        warmup_s=options.warmup_s,
        progress=progress,
    )
    return [{"n": world.n, **row} for row in rows]
