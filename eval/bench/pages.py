"""Page latency: every role's pages on the real server, against the issue's budget.

The store (a SQLite file) and the models folder are copied first, so the bench writes nothing
of the user's (it adds accounts, and a position page records a view). Accounts are made for the
people with the most to show: the student with the most events who is still to place, the
enterprise of the position with the most applicants, the advisor of that student's class, a
researcher and an admin. Each page is asked ``repeats`` times in a row after a warm-up, by one
logged-in client on loopback; p50, p95 and max are reported against p95 ≤ 300 ms, and each
p95 as a ratio to the reference taken in the same run: the logged-out landing page, which
renders a template and reads nothing (a ratio holds across machines; a time does not).
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import log_progress
from eval.bench.server import running_server

#: What the issue asks of every page on the sample world.
PAGE_TARGET_P95_MS = 300.0
#: Requests before the timed ones, per page.
PAGE_WARMUP = 3
PASSWORD = "bench-pass-word"


def _copy_store(store_url: str, into: Path) -> str:
    """A copy of a SQLite store under ``into``; its URL."""
    from sqlalchemy import make_url

    url = make_url(store_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise ValueError("the page bench copies the store: give it a SQLite store")
    import sqlite3

    target = into / "pages.db"
    with sqlite3.connect(url.database) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return f"sqlite:///{target}"


def _people(store_url: str, models_dir: Path) -> dict[str, Any]:
    """Who the bench logs in as, and the records their pages show; accounts added."""
    from matcher.engine.persist import load_engine
    from matcher.rules import placed_students
    from matcher.store.accounts import add_user
    from matcher.store.database import Store

    engine = load_engine(models_dir)
    store = Store(store_url)
    try:
        pairs = engine.pairs
        placed = placed_students(pairs)
        applied = Counter(
            pid for pid, g in zip(pairs.position_ids, pairs.grade, strict=True) if g >= 2
        )
        position = next(pid for pid, _ in applied.most_common() if pid in engine.positions.index)
        busy = Counter(sid for sid in pairs.student_ids if sid not in placed)
        student = next(
            sid
            for sid, _ in busy.most_common()
            if sid in engine.students.index and engine.students.cohort[engine.students.index[sid]]
        )
        s = engine.students.index[student]
        p = engine.positions.index[position]
        enterprise = engine.enterprises.ids[engine.positions.enterprise[p]]
        candidate = next(
            sid for sid, pid in zip(pairs.student_ids, pairs.position_ids, strict=True)
            if pid == position
        )  # fmt: skip
        suffix = f"{time.time_ns() % 10**8}"
        users = {
            "student": (f"bench-stu-{suffix}", {"student_id": student}),
            "enterprise": (f"bench-ent-{suffix}", {"enterprise_id": enterprise}),
            "advisor": (f"bench-adv-{suffix}", {"cohorts": [engine.students.cohort[s]]}),
            "researcher": (f"bench-res-{suffix}", {}),
            "admin": (f"bench-adm-{suffix}", {}),
        }
        for role, (username, links) in users.items():
            add_user(store, username=username, role=role, password=PASSWORD, **links)
    finally:
        store.dispose()
    return {
        "users": {role: name for role, (name, _) in users.items()},
        "pages": {
            "student": [
                "/me",
                "/jobs",
                "/jobs?q=工程师",
                f"/positions/{position}",
                "/me/applications",
                "/me/profile",
            ],
            "enterprise": [
                "/me",
                f"/me/positions/{position}",
                f"/me/candidates/{candidate}?position={position}",
            ],
            "advisor": ["/me", "/me/plan", f"/me/students/{student}"],
            "researcher": ["/me", "/me/model"],
            "admin": ["/me/audit", "/me/users"],
        },
    }


def _timed(client: Any, page: str, repeats: int) -> tuple[np.ndarray, Counter[int]]:
    """Milliseconds of ``repeats`` GETs of ``page`` after the warm-up, and their status codes."""
    for _ in range(PAGE_WARMUP):
        client.get(page)
    times: list[float] = []
    codes: Counter[int] = Counter()
    for _ in range(repeats):
        started = time.perf_counter()
        answer = client.get(page)
        times.append((time.perf_counter() - started) * 1000)
        codes[answer.status_code] += 1
    return np.asarray(times), codes


def bench_pages(
    store_url: str, models_dir: Path, root: Path, *, repeats: int = 50, progress: bool = True
) -> list[dict[str, Any]]:
    """p50/p95/max of every role's pages on a copy of the store and models (one row a page)."""
    import httpx

    copy = _copy_store(store_url, root)
    models = root / "pages-models"
    shutil.copytree(models_dir, models, ignore=shutil.ignore_patterns("cache"))
    plan = _people(copy, models)
    settings = {"MATCHER_DATABASE_URL": copy, "MATCHER_MODELS_DIR": str(models)}
    rows = []
    with running_server(settings, 1, root / "pages-server.log", progress) as (_, base, _, _):
        with httpx.Client(base_url=base, trust_env=False, timeout=60) as client:
            log_progress("pages: reference (logged-out landing page)", progress)
            ref_ms, ref_codes = _timed(client, "/", repeats)
        reference = float(np.percentile(ref_ms, 95))
        rows.append(
            _row("reference", "/", ref_ms, ref_codes, reference) | {"met": set(ref_codes) == {200}}
        )
        for role, pages in plan["pages"].items():
            with httpx.Client(base_url=base, trust_env=False, timeout=60) as client:
                login = {"username": plan["users"][role], "password": PASSWORD}
                r = client.post("/login", data=login, follow_redirects=False)
                if r.status_code != 303:
                    raise RuntimeError(f"{role} could not log in: {r.status_code}")
                for page in pages:
                    log_progress(f"pages: {role} {page}", progress)
                    ms, codes = _timed(client, page, repeats)
                    rows.append(_row(role, page, ms, codes, reference))
    return rows


def _row(
    role: str, page: str, ms: np.ndarray, codes: Counter[int], reference_p95: float
) -> dict[str, Any]:
    """One page's figures; met when every answer was 200 and p95 is within the budget."""
    p95 = float(np.percentile(ms, 95))
    return {
        "role": role,
        "page": page,
        "requests": len(ms),
        "status": dict(codes),
        "p50_ms": float(np.percentile(ms, 50)),
        "p95_ms": p95,
        "max_ms": float(ms.max()),
        "p95_ratio": p95 / reference_p95,
        "target_p95_ms": PAGE_TARGET_P95_MS,
        "met": p95 <= PAGE_TARGET_P95_MS and set(codes) == {200},
    }
