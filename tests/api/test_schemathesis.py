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
from hypothesis import HealthCheck, given, settings

from tests.api.apiworld import PASSWORD, build_world, serve_world


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    world = build_world(tmp_path_factory.mktemp("fuzz"), seed=8, students=30, positions=12)
    with serve_world(world) as client:  # the lifespan loads the engine once for every call
        token = client.post(
            "/api/v1/auth/token", data={"username": "root", "password": PASSWORD}
        ).json()["access_token"]
        yield {"app": client.app, "auth": {"Authorization": f"Bearer {token}"}}


def test_no_input_gives_a_server_error(served: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", served["app"])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 18
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
