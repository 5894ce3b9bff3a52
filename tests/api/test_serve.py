"""`matcher serve` starts a real server (uvicorn) that answers over HTTP; demo accounts log in.

It runs on one backend (PostgreSQL when configured, as in CI; see ``tests.conftest``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from matcher.store.accounts import demo_accounts, find_user
from matcher.store.database import Store
from tests.api.apiworld import build_world, running_server, until
from tests.conftest import fresh_database, one_backend

#: The response header that names the worker process that answered (api.app.WorkerHeader).
WORKER = "x-matcher-worker"


def test_serve_answers_and_demo_accounts_log_in(tmp_path: Path) -> None:
    """Two worker processes, each request on a new connection: both answer, a token from one
    works on the other, and both follow a write."""
    with fresh_database(one_backend(), tmp_path) as url:
        world = build_world(tmp_path, url=url)
        store = Store(world["url"])
        accounts = demo_accounts(store)
        assert [a[0] for a in accounts] == [
            "student", "advisor", "enterprise", "researcher", "admin"
        ]  # fmt: skip
        again = demo_accounts(store)  # new passwords each time; the old ones stop working
        assert [a[2] for a in again] != [a[2] for a in accounts]
        demo_student = find_user(store, "demo-student")
        assert demo_student is not None and demo_student.student_id
        sid = demo_student.student_id
        store.dispose()
        with running_server(world, "--workers", "2") as base:
            _two_workers_answer(base, sid, again[0][1:], accounts[0][2])


def _two_workers_answer(base: str, sid: str, login: tuple[str, str], old_password: str) -> None:
    """What the two workers at ``base`` must do; every call opens a connection of its own
    (``httpx.get`` and ``httpx.post`` make a client per call), so the kernel may hand it to
    either worker, as it does for separate clients."""
    username, password = login
    token = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": username, "password": password}
    )
    assert token.status_code == 200
    assert WORKER in token.headers
    old = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": username, "password": old_password}
    )
    assert old.status_code == 401
    auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
    recommendations = f"{base}/api/v1/students/{sid}/recommendations"

    # Which worker answers a new connection is the kernel's choice: ask until both have.
    answers: list[httpx.Response] = []

    def both_answered() -> bool:
        answers.append(httpx.get(recommendations, headers=auth, timeout=30))
        return {a.headers[WORKER] for a in answers} == {"0", "1"}

    until(both_answered, seconds=120, every=0)
    assert {a.status_code for a in answers} == {200}, "every worker accepts the token"
    first = {a.headers[WORKER]: a.json() for a in answers}
    assert first["0"] == first["1"], "both workers recommend the same"

    before = httpx.get(f"{base}/api/v1/health").json()["store_generation"]
    changed = httpx.patch(
        f"{base}/api/v1/students/{sid}", json={"self_description": "想做激光雷达标定"}, headers=auth
    )
    assert changed.status_code == 200, changed.text
    # Both workers end up serving the write (no rebuild needed): each reports a generation
    # past the one before the write, and the same one.
    latest: dict[str, Any] = {}

    def both_follow() -> bool:
        health = httpx.get(f"{base}/api/v1/health")
        latest[health.headers[WORKER]] = health.json()["store_generation"]
        seen = set(latest.values())
        return set(latest) == {"0", "1"} and len(seen) == 1 and before not in seen

    until(both_follow, seconds=120, every=0.05)
