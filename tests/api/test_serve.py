"""`matcher serve` starts a real server (uvicorn) that answers over HTTP; demo accounts log in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from matcher.accounts import demo_accounts
from matcher.embedding import load_embedder
from matcher.engine import build_engine, save_engine
from matcher.ingest import import_files
from matcher.simulate import simulate
from matcher.store import Store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_and_demo_accounts_log_in(tmp_path: Path) -> None:
    simulate(tmp_path / "w", students=30, enterprises=4, positions=12, seed=2, progress=False)
    url = f"sqlite:///{tmp_path / 'm.db'}"
    store = Store(url)
    import_files(store, sorted((tmp_path / "w").glob("*.jsonl")))
    save_engine(build_engine(store, load_embedder(cache_dir=tmp_path / "cache")), tmp_path / "m")
    accounts = demo_accounts(store)
    assert [a[0] for a in accounts] == ["student", "advisor", "enterprise", "researcher", "admin"]
    again = demo_accounts(store)  # new passwords each time; the old ones stop working
    assert [a[2] for a in again] != [a[2] for a in accounts]
    store.dispose()

    port = _free_port()
    env = {**os.environ, "MATCHER_DATABASE_URL": url, "MATCHER_MODELS_DIR": str(tmp_path / "m")}
    server = subprocess.Popen(
        [sys.executable, "-m", "matcher", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise AssertionError("the server did not come up")
        _, username, password = again[0]
        token = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": username, "password": password}
        )
        assert token.status_code == 200
        old = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": username, "password": accounts[0][2]}
        )
        assert old.status_code == 401
    finally:
        server.terminate()
        server.wait(timeout=30)
