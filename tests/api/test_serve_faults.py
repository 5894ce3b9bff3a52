"""Faults under the real service: killed during its background rebuild, and its PostgreSQL store
stopped and started under it.

- ``matcher serve`` dies of signal 9 while its background thread saves the version a write
  asked for; started again, it serves the last good version at once, and the write's record
  is indexed by the rebuild it does on its own.
- The store's server stops (``pg_ctl stop -m immediate``: every connection cut) while clients
  keep calling: every answer is 503 with ``Retry-After`` (never a 500, never a hang), and when
  the server is back the service answers again by itself, logins and writes included.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest

from tests.api.apiworld import (
    PASSWORD,
    build_world,
    http_login,
    new_position,
    running_server,
    until,
)
from tests.pgserver import private_postgres, server_binaries


def _version(base: str) -> str:
    return httpx.get(f"{base}/api/v1/health", timeout=30).json()["engine_version"]


def test_killed_during_its_rebuild_the_service_restarts_on_the_last_good_version(
    tmp_path: Any,
) -> None:
    world = build_world(tmp_path)
    posted = new_position(world, "killed-rebuild")
    # Dies at the rebuild's first saved array: the retraining below asks for that rebuild.
    with running_server(world, fault=("kill", "numpy:save", "vectors", "1")) as base:
        before = _version(base)
        root = http_login(base, "root")
        answer = httpx.post(f"{base}/api/v1/positions", json=posted,
                            headers=http_login(base, "ent"), timeout=30)  # fmt: skip
        assert answer.status_code == 201, answer.text

        def indexed(base: str = base, root: dict[str, str] = root) -> bool:
            got = httpx.get(f"{base}/api/v1/positions/{posted['id']}/candidates",
                            headers=root, timeout=30)  # fmt: skip
            return got.status_code == 200

        until(indexed)  # served from the change feed: no rebuild, nothing saved
        retrain = httpx.post(f"{base}/api/v1/model/retrain", headers=root, timeout=30)
        assert retrain.status_code == 202, retrain.text

        def dead() -> bool:
            try:
                httpx.get(f"{base}/api/v1/health", timeout=2)
            except httpx.TransportError:
                return True
            return False

        until(dead)
    assert not list(world["models"].glob(".tmp-*/manifest.json"))  # nothing half-published
    with running_server(world) as base:
        assert _version(base) == before  # the last good version, at once
        root = http_login(base, "root")
        until(lambda: indexed(base, root))  # and the write made since, from the feed


@pytest.mark.skipif(server_binaries() is None, reason="PostgreSQL is not installed")
def test_the_store_stopped_and_started_gives_503_then_recovers(tmp_path: Any) -> None:
    with private_postgres() as pg:
        world = build_world(tmp_path, url=pg.url)
        with running_server(world) as base:
            stu = http_login(base, "stu")
            mine = f"{base}/api/v1/students/{world['mine']}"
            assert httpx.get(f"{mine}/recommendations", headers=stu, timeout=30).status_code == 200
            pg.stop()
            seen: Counter[int] = Counter()
            for _ in range(3):
                for answer in (
                    httpx.get(f"{mine}/recommendations", headers=stu, timeout=30),
                    httpx.patch(mine, json={"self_description": "离线时的修改"}, headers=stu,
                                timeout=30),
                    httpx.post(f"{base}/api/v1/auth/token",
                               data={"username": "stu", "password": PASSWORD}, timeout=30),
                ):  # fmt: skip
                    seen[answer.status_code] += 1
                    if answer.status_code == 503:
                        assert int(answer.headers["Retry-After"]) >= 1
            assert set(seen) == {503}, seen
            pg.start()

            def answers() -> bool:
                got = httpx.get(f"{mine}/recommendations", headers=stu, timeout=30)
                assert got.status_code in (200, 503), got.text
                return got.status_code == 200

            until(answers, 30)
            fresh = http_login(base, "stu")
            changed = httpx.patch(mine, json={"self_description": "恢复后的修改"}, headers=fresh,
                                  timeout=30)  # fmt: skip
            assert changed.status_code == 200, changed.text
