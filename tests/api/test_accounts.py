"""The account lifecycle (issue #16, row 12): tokens need an expiry and the account's current
version; a password change, a disabled account or a logout ends every session."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from api.security import ALGORITHM
from api.web.common import COOKIE
from matcher.store.accounts import end_sessions, find_user, set_disabled, set_password
from tests.api.apiworld import PASSWORD, login


def _me(client: TestClient, headers: dict[str, str], world: dict[str, Any]) -> int:
    return client.get(f"/api/v1/students/{world['mine']}", headers=headers).status_code


def _forged(client: TestClient, **claims: Any) -> dict[str, str]:
    state = client.app.state  # type: ignore[attr-defined]
    token = jwt.encode(claims, state.secret, algorithm=ALGORITHM)
    return {"Authorization": f"Bearer {token}"}


def test_a_token_needs_an_expiry_and_the_current_version(
    client: TestClient, world: dict[str, Any]
) -> None:
    """A token without ``exp`` never expired."""
    store = client.app.state.store  # type: ignore[attr-defined]
    version = find_user(store, "stu").token_version
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    assert _me(client, _forged(client, sub="stu", role="student", ver=version), world) == 401
    assert _me(client, _forged(client, sub="stu", role="student", exp=later), world) == 401
    assert _me(client, _forged(client, sub="stu", ver=version + 1, exp=later), world) == 401
    assert _me(client, _forged(client, sub="stu", ver=version, exp=later), world) == 200


def test_a_new_password_a_disabled_account_and_a_logout_end_sessions(
    client: TestClient, world: dict[str, Any]
) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    old = login(client, "stu")
    set_password(store, "stu", "another-pass-123")
    assert _me(client, old, world) == 401
    fresh = login(client, "stu", "another-pass-123")
    assert _me(client, fresh, world) == 200
    set_password(store, "stu", PASSWORD)
    assert _me(client, fresh, world) == 401

    token = login(client, "stu")
    set_disabled(store, "stu", True)
    assert _me(client, token, world) == 401
    refused = client.post("/api/v1/auth/token", data={"username": "stu", "password": PASSWORD})
    assert refused.status_code == 401
    set_disabled(store, "stu", False)

    token = login(client, "stu")
    assert client.post("/api/v1/auth/logout", headers=token).status_code == 204
    assert _me(client, token, world) == 401

    client.cookies.clear()
    client.post("/login", data={"username": "stu", "password": PASSWORD})
    cookie = client.cookies[COOKIE]
    assert client.post("/logout", follow_redirects=False).status_code == 303
    assert _me(client, {"Authorization": f"Bearer {cookie}"}, world) == 401
    end_sessions(store, "stu")  # harmless on an account without sessions


def test_the_signing_key_must_be_long_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from matcher.config import Settings

    monkeypatch.setenv("MATCHER_SECRET_KEY", "short")
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        Settings()
    monkeypatch.setenv("MATCHER_SECRET_KEY", "k" * 32)
    assert Settings().secret_key is not None
