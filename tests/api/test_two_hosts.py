"""Two serving hosts on one PostgreSQL store: a write through one is served by the other.

Each host is its own ``matcher serve`` process with its own embedding cache (as a second
machine would have), sharing the store and the models folder. Neither rebuilds for a write: each
follows the store's change feed. A version one publishes (a retraining) the other loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.api.apiworld import build_world, http_login, new_position, running_server, until
from tests.conftest import fresh_database


def _health(base: str) -> dict[str, Any]:
    return dict(httpx.get(f"{base}/api/v1/health", timeout=30).json())


def test_a_write_through_one_host_is_served_by_the_other(tmp_path: Path) -> None:
    with fresh_database("postgresql", tmp_path) as url:
        world = build_world(tmp_path, url=url)
        key = {"MATCHER_SECRET_KEY": "two-hosts-share-one-signing-key-of-32-bytes"}
        first_cache = {**key, "MATCHER_EMBEDDING_CACHE": str(tmp_path / "cache-a")}
        second_cache = {**key, "MATCHER_EMBEDDING_CACHE": str(tmp_path / "cache-b")}
        with (
            running_server(world, env=first_cache) as a,
            running_server(world, env=second_cache) as b,
        ):
            start = _health(a)
            assert _health(b)["engine_version"] == start["engine_version"]
            posted = new_position(world, "on-host-a")
            answer = httpx.post(f"{a}/api/v1/positions", json=posted,
                                headers=http_login(a, "ent"), timeout=30)  # fmt: skip
            assert answer.status_code == 201, answer.text
            root_b = http_login(b, "root")

            def served_by_b() -> bool:
                got = httpx.get(f"{b}/api/v1/positions/on-host-a/candidates?k=3",
                                headers=root_b, timeout=30)  # fmt: skip
                return got.status_code == 200

            until(served_by_b)
            assert _health(b)["engine_version"] == start["engine_version"], "no rebuild"
            until(lambda: _health(a)["store_generation"] == _health(b)["store_generation"])
            # A student's edit through B reaches A's answers too.
            stu_b = http_login(b, "stu")
            mine = world["mine"]
            edit = httpx.patch(f"{b}/api/v1/students/{mine}", json={"skills": ["Zemax", "ROS"]},
                               headers=stu_b, timeout=30)  # fmt: skip
            assert edit.status_code == 200, edit.text
            target = start["store_generation"] + 2  # the position, then the edit
            until(lambda: _health(b)["store_generation"] >= target)
            until(lambda: _health(a)["store_generation"] >= target)
            stu_a = http_login(a, "stu")
            from_a = httpx.get(f"{a}/api/v1/students/{mine}/recommendations?k=10",
                               headers=stu_a, timeout=30).json()  # fmt: skip
            from_b = httpx.get(f"{b}/api/v1/students/{mine}/recommendations?k=10",
                               headers=stu_b, timeout=30).json()  # fmt: skip
            assert from_a == from_b
            # A version published by A (a retraining) is loaded by B.
            retrain = httpx.post(f"{a}/api/v1/model/retrain", headers=http_login(a, "root"),
                                 timeout=30)  # fmt: skip
            assert retrain.status_code == 202, retrain.text
            until(lambda: _health(a)["engine_version"] != start["engine_version"], 300)
            published = _health(a)["engine_version"]
            until(lambda: _health(b)["engine_version"] == published, 120)
            assert served_by_b()
