"""Password logins (issue #16, rows 1 and 2): throttled per account and per address, logged
without the name or the password, and never on the thread that ranks."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import api.logins
from api.logins import LoginGuard
from tests.api.apiworld import PASSWORD, login


@pytest.fixture()
def guard(client: TestClient) -> Iterator[LoginGuard]:
    """A guard with small windows for one test; the app's own one afterwards."""
    state = client.app.state  # type: ignore[attr-defined]
    kept = state.logins
    state.logins = LoginGuard.from_settings("3 per 2 seconds", "6 per 2 seconds", "test-key")
    try:
        yield state.logins
    finally:
        state.logins = kept


def _token(client: TestClient, username: str, password: str) -> Any:
    return client.post("/api/v1/auth/token", data={"username": username, "password": password})


def test_failed_logins_lock_the_account_until_the_window_frees(
    client: TestClient, guard: LoginGuard, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="api.logins"):
        assert [_token(client, "root", "wrong-guess").status_code for _ in range(3)] == [401] * 3
    locked = _token(client, "root", PASSWORD)  # even the right password waits
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
    assert "too many failed logins" in locked.json()["detail"]
    page = client.post("/login", data={"username": "root", "password": PASSWORD})
    assert page.status_code == 429 and "登录失败次数过多" in page.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert logged.count("failed login: account ") == 3
    assert guard.digest("root") in logged
    assert "root" not in logged and "wrong-guess" not in logged
    time.sleep(2.2)  # the window frees by itself
    assert _token(client, "root", PASSWORD).status_code == 200


def test_failed_logins_from_one_address_lock_it_for_every_account(
    client: TestClient, guard: LoginGuard
) -> None:
    for i in range(6):
        assert _token(client, f"nobody-{i}", "wrong-guess").status_code == 401
    assert _token(client, "stu", PASSWORD).status_code == 429


def test_a_login_flood_never_takes_the_thread_that_ranks(
    client: TestClient, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A password check held up (as argon2 under a flood is) must not hold up a recommendation:
    the checks ran on the request threads, limited to MATCHER_RANKING_THREADS (1)."""
    stu = login(client, "stu")
    url = f"/api/v1/students/{world['mine']}/recommendations?k=3"
    release = threading.Event()
    real = api.logins.authenticate

    def slow(*args: Any) -> Any:
        release.wait(30)
        return real(*args)

    monkeypatch.setattr(api.logins, "authenticate", slow)
    flood = threading.Thread(target=_token, args=(client, "stu", PASSWORD))
    flood.start()
    try:
        time.sleep(0.5)  # the login is now waiting inside the password check
        assert flood.is_alive()
        answer: list[int] = []
        asker = threading.Thread(
            target=lambda: answer.append(client.get(url, headers=stu).status_code)
        )
        asker.start()
        asker.join(20)
        assert answer == [200] and flood.is_alive(), "the recommendation waited for the login"
    finally:
        release.set()
        flood.join(30)
