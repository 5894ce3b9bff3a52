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
    """Two worker processes: a token from one works on the other, both follow a rebuild."""
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
        [sys.executable, "-m", "matcher", "serve", "--port", str(port), "--workers", "2"],
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
        first = httpx.get(f"{base}/api/v1/health").json()["engine_version"]
        _, username, password = again[0]
        token = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": username, "password": password}
        )
        assert token.status_code == 200
        old = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": username, "password": accounts[0][2]}
        )
        assert old.status_code == 401
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        sid = store_student(url)
        with httpx.Client(base_url=base, headers=auth, timeout=30) as client:
            codes = {client.get(f"/api/v1/students/{sid}/recommendations").status_code
                     for _ in range(20)}  # fmt: skip
            assert codes == {200}, "every worker accepts the token"
            changed = client.patch(
                f"/api/v1/students/{sid}", json={"self_description": "想做激光雷达标定"}
            )
            assert changed.status_code == 200, changed.text
            versions = set()
            for _ in range(300):  # both workers end up on the rebuilt version
                versions = {client.get("/api/v1/health").json()["engine_version"]
                            for _ in range(8)}  # fmt: skip
                if len(versions) == 1 and versions != {first}:
                    break
                time.sleep(0.2)
            assert len(versions) == 1 and versions != {first}
    finally:
        server.terminate()
        server.wait(timeout=30)


def store_student(url: str) -> str:
    """The student account of the demo accounts (the first student of the store)."""
    store = Store(url)
    try:
        from matcher.accounts import find_user

        user = find_user(store, "demo-student")
        assert user is not None and user.student_id
        return user.student_id
    finally:
        store.dispose()
