"""`matcher serve` starts a real server (uvicorn) that answers over HTTP; demo accounts log in."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from matcher.store.accounts import demo_accounts, find_user
from matcher.store.database import Store
from tests.api.apiworld import build_world, running_server


def test_serve_answers_and_demo_accounts_log_in(tmp_path: Path) -> None:
    """Two worker processes: a token from one works on the other, both follow a rebuild."""
    world = build_world(tmp_path, seed=2, students=30, positions=12, enterprises=4)
    store = Store(world["url"])
    accounts = demo_accounts(store)
    assert [a[0] for a in accounts] == ["student", "advisor", "enterprise", "researcher", "admin"]
    again = demo_accounts(store)  # new passwords each time; the old ones stop working
    assert [a[2] for a in again] != [a[2] for a in accounts]
    demo_student = find_user(store, "demo-student")
    assert demo_student is not None and demo_student.student_id
    sid = demo_student.student_id
    store.dispose()

    with running_server(world, "--workers", "2") as base:
        first_generation = httpx.get(f"{base}/api/v1/health").json()["store_generation"]
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
        with httpx.Client(base_url=base, headers=auth, timeout=30) as client:
            codes = {client.get(f"/api/v1/students/{sid}/recommendations").status_code
                     for _ in range(20)}  # fmt: skip
            assert codes == {200}, "every worker accepts the token"
            changed = client.patch(
                f"/api/v1/students/{sid}", json={"self_description": "想做激光雷达标定"}
            )
            assert changed.status_code == 200, changed.text
            served = set()
            for _ in range(300):  # both workers end up serving the write (no rebuild needed)
                served = {client.get("/api/v1/health").json()["store_generation"]
                          for _ in range(8)}  # fmt: skip
                if len(served) == 1 and served != {first_generation}:
                    break
                time.sleep(0.2)
            assert len(served) == 1 and served != {first_generation}
