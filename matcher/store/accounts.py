"""Accounts: argon2 password hashes, creating users and checking their passwords.

Passwords are hashed with argon2id (``argon2-cffi``, the library's recommended parameters); a
hash never leaves the store and a password is never logged. Looking up an unknown user still
spends one hash verification, so a failed login takes as long whether or not the name exists.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Sequence
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Select, bindparam, select

from matcher.errors import AccountError
from matcher.schemas import Role, User
from matcher.store.database import Store
from matcher.store.rows import UserRow

#: Shortest password accepted.
MIN_PASSWORD_LENGTH = 8
#: Longest password accepted (the login form takes no longer one).
MAX_PASSWORD_LENGTH = 256

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``."""
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (``False`` for a malformed hash)."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@functools.cache
def _user_query() -> Select[Any]:
    """The account data of one username (built once: every authenticated request runs it)."""
    users = UserRow.__table__
    return select(users.c.data).where(users.c.username == bindparam("username"))


def check_password_rules(password: str) -> None:
    """Refuse (``AccountError``) a password no login form could send: too short or long, or
    holding a control character."""
    from matcher.text.normal import control_character

    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password: at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"password: at most {MAX_PASSWORD_LENGTH} characters")
    found = control_character(password)
    if found is not None:
        raise AccountError(f"password: contains a control character ({found})")


def find_user(store: Store, username: str) -> User | None:
    """The account named ``username``, or ``None``."""
    rows = store.fetch(_user_query(), {"username": username.strip()})
    return User.model_validate(rows[0].data) if rows else None


def add_user(
    store: Store,
    *,
    username: str,
    role: Role | str,
    password: str,
    student_id: str | None = None,
    enterprise_id: str | None = None,
    cohorts: Sequence[str] = (),
) -> User:
    """Create an account; ``AccountError`` says what is wrong with the request."""
    check_password_rules(password)
    if find_user(store, username) is not None:
        raise AccountError(f"username: {username!r} is taken")
    if student_id is not None and store.get("students", student_id) is None:
        raise AccountError(f"student_id: unknown student {student_id!r}")
    if enterprise_id is not None and store.get("enterprises", enterprise_id) is None:
        raise AccountError(f"enterprise_id: unknown enterprise {enterprise_id!r}")
    try:
        user = User(
            id=f"u{uuid.uuid4().hex[:12]}",
            username=username,
            role=Role(role),
            password_hash=hash_password(password),
            student_id=student_id,
            enterprise_id=enterprise_id,
            cohorts=list(cohorts),
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    with store.session() as session:
        store.upsert(session, "users", [user])
    return user


@functools.cache
def _users_query() -> Select[Any]:
    """Every account's data, by role then username."""
    users = UserRow.__table__
    return select(users.c.data).order_by(users.c.role, users.c.username)


def list_users(store: Store) -> list[dict[str, Any]]:
    """Every account, by role then username, without its password hash.

    Each is ``{"id", "username", "role", "student_id", "enterprise_id", "cohorts",
    "created_at", "disabled"}`` (``role`` a :class:`Role`, ``created_at`` a datetime or ``None``).
    """
    shown = (
        "id", "username", "role", "student_id", "enterprise_id", "cohorts", "created_at",
        "disabled",
    )  # fmt: skip
    out = []
    for row in store.fetch(_users_query()):
        user = User.model_validate(row.data)
        out.append({field: getattr(user, field) for field in shown})
    return out


def authenticate(store: Store, username: str, password: str) -> User | None:
    """The account if ``password`` is right for ``username`` and the account is enabled, else
    ``None`` (one hash verification either way)."""
    user = find_user(store, username)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    right = verify_password(user.password_hash, password)
    return user if right and not user.disabled else None


def _changed(store: Store, username: str, **changes: Any) -> User:
    """Save ``changes`` to an account and end its sessions (its token version goes up)."""
    user = find_user(store, username)
    if user is None:
        raise AccountError(f"username: no account {username!r}")
    user = user.model_copy(update={**changes, "token_version": user.token_version + 1})
    with store.session() as session:
        store.upsert(session, "users", [user])
    return user


def set_password(store: Store, username: str, password: str) -> User:
    """Give an existing account a new password and end its sessions (``AccountError`` when
    there is no such account or the password breaks a rule)."""
    check_password_rules(password)
    return _changed(store, username, password_hash=hash_password(password))


def set_disabled(store: Store, username: str, disabled: bool) -> User:
    """Disable (or enable again) an account; disabling ends its sessions at once."""
    return _changed(store, username, disabled=disabled)


def end_sessions(store: Store, username: str) -> User:
    """End every session of an account: its tokens stop working (logging out)."""
    return _changed(store, username)


def demo_accounts(store: Store) -> list[tuple[str, str, str]]:
    """One account per role on the store's first student and enterprise, with new passwords.

    Returns ``(role, username, password)`` rows to print. Each call gives every demo account a
    fresh random password, so nothing guessable is ever left behind.
    """
    import secrets

    from matcher.schemas import Enterprise, Student

    firsts = []
    for kind in ("students", "enterprises"):
        records = store.iter_records(kind, batch_size=1)
        firsts.append(next(records, None))
        records.close()  # type: ignore[attr-defined]
    student, enterprise = firsts
    if not isinstance(student, Student) or not isinstance(enterprise, Enterprise):
        raise AccountError("the store has no student or no enterprise for demo accounts")
    wanted = [
        ("student", "demo-student", {"student_id": student.id}),
        ("advisor", "demo-advisor", {"cohorts": [student.cohort] if student.cohort else []}),
        ("enterprise", "demo-enterprise", {"enterprise_id": enterprise.id}),
        ("researcher", "demo-researcher", {}),
        ("admin", "demo-admin", {}),
    ]
    rows = []
    for role, username, links in wanted:
        password = secrets.token_urlsafe(9)
        if find_user(store, username) is None:
            add_user(store, username=username, role=role, password=password, **links)
        else:
            set_password(store, username, password)
        rows.append((role, username, password))
    return rows
