"""The researcher's and the admin's pages through the ASGI client, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from matcher.schemas import Role
from matcher.store.accounts import add_user, list_users
from matcher.store.database import Store


def test_list_users_gives_every_account_without_its_password_hash(database_url: str) -> None:
    store = Store(database_url)
    try:
        assert list_users(store) == []
        add_user(store, username="zed-admin", role="admin", password="long enough 1")
        add_user(
            store,
            username="amy-adv",
            role="advisor",
            password="long enough 2",
            cohorts=["光电2023-1班"],
        )
        users = list_users(store)
        assert [u["username"] for u in users] == ["zed-admin", "amy-adv"]  # admin < advisor
        assert users[1]["role"] == Role.advisor and users[1]["cohorts"] == ["光电2023-1班"]
        assert set(users[0]) == {
            "id",
            "username",
            "role",
            "student_id",
            "enterprise_id",
            "cohorts",
            "created_at",
        }
        assert "argon2" not in repr(users) and "password" not in repr(users)
        assert isinstance(users[0]["created_at"], dt.datetime)
    finally:
        store.dispose()
