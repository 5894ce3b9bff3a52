"""Fixtures of the API tests: a tiny simulated world per module and a client of the real app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.apiworld import build_world, serve_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, module_database_url: str) -> dict[str, Any]:
    """A world per test module (modules change it), in SQLite and again in PostgreSQL."""
    return build_world(tmp_path_factory.mktemp("api"), url=module_database_url)


@pytest.fixture(scope="module")
def client(world: dict[str, Any]) -> Iterator[TestClient]:
    """The app on the module's world, its engine loaded once."""
    with serve_world(world) as c:
        yield c
