"""The real server (``matcher serve``), a subprocess on a free loopback port: start, stop."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from eval.bench.common import log_progress

#: Seconds a server may take to load its engine and answer /health.
HTTP_STARTUP_TIMEOUT_S = 600.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


@contextlib.contextmanager
def running_server(
    settings: Mapping[str, str], workers: int, log: Path, progress: bool
) -> Iterator[tuple[subprocess.Popen[bytes], str, dict[str, Any], float]]:
    """The real server on a free loopback port: (process, base URL, /health, start-up s).

    ``settings`` are added to the environment (``MATCHER_DATABASE_URL``,
    ``MATCHER_MODELS_DIR``...); its output goes to ``log``.
    """
    port = _free_port()
    env = {
        **os.environ,
        **settings,
        # One key for every worker: a token issued by one is valid at the others.
        "MATCHER_SECRET_KEY": secrets.token_urlsafe(32),
    }
    command = server_command(port, workers)
    base = f"http://127.0.0.1:{port}"
    log_progress(f"starting {' '.join(command[1:])}", progress)
    started = time.perf_counter()
    with log.open("ab") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        health = _wait_healthy(base, server, log)
        yield server, base, health, time.perf_counter() - started
    finally:
        _stop(server)
