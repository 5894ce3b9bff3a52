"""Property-based tests of every documented route (schemathesis): no input gives a 5xx.

Each operation is called with generated valid and invalid inputs, as an admin (who may reach
every route) and anonymously; the only check is the one the service promises everywhere: no
server error. Collected counts and any failure appear in pytest's output.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from api.app import create_app
from matcher.accounts import add_user
from matcher.embedding import load_embedder
from matcher.engine import build_engine, save_engine
from matcher.ingest import import_files
from matcher.simulate import simulate
from matcher.store import Store


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("fuzz")
    simulate(root / "w", students=30, enterprises=4, positions=12, seed=8, progress=False)
    url = f"sqlite:///{root / 'm.db'}"
    store = Store(url)
    import_files(store, sorted((root / "w").glob("*.jsonl")))
    save_engine(build_engine(store, load_embedder(cache_dir=root / "cache")), root / "models")
    add_user(store, username="fuzz-admin", role="admin", password="fuzz-password")
    store.dispose()
    app = create_app(models_dir=root / "models", database_url=url)
    with TestClient(app) as client:  # the lifespan loads the engine once for every call
        token = client.post(
            "/api/v1/auth/token", data={"username": "fuzz-admin", "password": "fuzz-password"}
        ).json()["access_token"]
        yield {"app": app, "auth": {"Authorization": f"Bearer {token}"}}


def test_no_input_gives_a_server_error(served: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", served["app"])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    calls: dict[str, int] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            for headers in (served["auth"], None):
                response = case.call(headers=headers)
                label = f"{case.method} {case.path}"
                calls[label] = calls.get(label, 0) + 1
                assert response.status_code < 500, (
                    f"{label} answered {response.status_code}: {response.text[:300]}"
                )

        run()
    assert sum(calls.values()) >= 2 * len(operations)
    print(f"schemathesis: {sum(calls.values())} calls over {len(calls)} operations, no 5xx")
