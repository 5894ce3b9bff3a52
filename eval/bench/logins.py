"""The login-flood row: a student's recommendation latency on the real server, alone and while
six clients post wrong passwords as fast as they can.

Two servers are measured: one with the service's login throttling (the flood soon meets 429
before any hash is computed) and one with the throttle opened wide, where every attempt costs an
argon2 check; that one shows whether password checks stay off the thread that ranks. The target
(issue #16): the student's p50 under the flood within 2× of her p50 alone.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import log_progress
from eval.bench.server import running_server

#: Concurrent clients posting wrong passwords.
FLOOD_CLIENTS = 6
#: The flood may at most double a student's median latency.
FLOOD_TARGET = {"p50_ratio": 2.0}
#: Limits that never throttle: every attempt of the flood reaches the password check.
OPEN_LIMITS = {
    "MATCHER_LOGIN_LIMIT_ACCOUNT": "1000000 per 1 second",
    "MATCHER_LOGIN_LIMIT_ADDRESS": "1000000 per 1 second",
}


def _latencies_ms(base: str, path: str, headers: dict[str, str], seconds: float) -> list[float]:
    """One client asking ``path`` again and again for ``seconds``; each request's time."""
    import httpx

    out = []
    with httpx.Client(base_url=base, headers=headers, trust_env=False, timeout=60) as client:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            start = time.perf_counter()
            client.get(path).raise_for_status()
            out.append((time.perf_counter() - start) * 1000.0)
    return out


def _flood(base: str, stop: threading.Event, counts: Counter[int], lock: threading.Lock) -> None:
    import httpx

    n = 0
    with httpx.Client(base_url=base, trust_env=False, timeout=60) as client:
        while not stop.is_set():
            n += 1
            data = {"username": f"flood-{threading.get_ident()}-{n}", "password": "wrong-guess-1"}
            status = client.post("/api/v1/auth/token", data=data).status_code
            with lock:
                counts[status] += 1


def flood_row(
    base: str, path: str, headers: dict[str, str], seconds: float, warmup_s: float
) -> dict[str, Any]:
    """The student's latency alone, then under the flood, on a running server."""
    _latencies_ms(base, path, headers, min(warmup_s, 2.0) or 0.5)  # warm caches
    alone = _latencies_ms(base, path, headers, seconds)
    stop, lock, counts = threading.Event(), threading.Lock(), Counter[int]()
    flooders = [
        threading.Thread(target=_flood, args=(base, stop, counts, lock), daemon=True)
        for _ in range(FLOOD_CLIENTS)
    ]
    for thread in flooders:
        thread.start()
    try:
        time.sleep(warmup_s)
        flooded = _latencies_ms(base, path, headers, seconds)
    finally:
        stop.set()
        for thread in flooders:
            thread.join(60)
    p50_alone, p50_flood = float(np.median(alone)), float(np.median(flooded))
    ratio = p50_flood / p50_alone if p50_alone else None
    return {
        "flood_clients": FLOOD_CLIENTS,
        "requests_alone": len(alone),
        "requests_flooded": len(flooded),
        "p50_alone_ms": p50_alone,
        "p99_alone_ms": float(np.percentile(alone, 99)),
        "p50_flooded_ms": p50_flood,
        "p99_flooded_ms": float(np.percentile(flooded, 99)),
        "p50_ratio": ratio,
        "flood_answers": {str(k): v for k, v in sorted(counts.items())},
        "target": dict(FLOOD_TARGET),
        "meets_target": ratio is not None and ratio <= FLOOD_TARGET["p50_ratio"],
    }


def bench_login_flood(
    settings: dict[str, str],
    path: str,
    login: Any,
    root: Path,
    *,
    seconds: float,
    warmup_s: float,
    progress: bool,
) -> list[dict[str, Any]]:
    """Two rows, one server each (one worker): the throttle as configured, and opened wide.

    ``login(base)`` gives the student's bearer header on a running server.
    """
    rows = []
    for throttle, extra in (("as configured", {}), ("open", OPEN_LIMITS)):
        log = root / "server-flood.log"
        with running_server({**settings, **extra}, 1, log, progress) as running:
            _, base, _, _ = running
            log_progress(
                f"login flood ({throttle} throttle): {FLOOD_CLIENTS} clients, {seconds:g} s",
                progress,
            )
            row = flood_row(base, path, login(base), seconds, warmup_s)
        rows.append({"throttle": throttle, "workers": 1, "route": path, **row})
    return rows
