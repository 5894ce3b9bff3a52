"""Fixtures of the API tests: a tiny simulated world per module and a client of the real app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.apiworld import build_world, http_login, running_server, serve_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, module_database_url: str) -> dict[str, Any]:
    """A world per test module (modules change it), in SQLite and again in PostgreSQL."""
    return build_world(tmp_path_factory.mktemp("api"), url=module_database_url)


@pytest.fixture(scope="module")
def client(world: dict[str, Any]) -> Iterator[TestClient]:
    """The app on the module's world, its engine loaded once."""
    with serve_world(world) as c:
        yield c


@pytest.fixture(scope="module")
def served_over_http(world: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``matcher serve`` on the module's world (over loopback, as clients reach it), with a
    bearer header per role. Failed logins are not throttled here: fuzzers post many."""
    unthrottled = {"MATCHER_LOGIN_LIMIT_ACCOUNT": "100000/minute",
                   "MATCHER_LOGIN_LIMIT_ADDRESS": "100000/minute"}  # fmt: skip
    with running_server(world, env=unthrottled) as base:
        heads = {name: http_login(base, name) for name in ("stu", "adv", "ent", "res", "root")}
        yield {"base": base, "heads": heads}
