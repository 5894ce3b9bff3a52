"""Password logins: throttled per account and per client address, checked off the ranking thread.

Every password check (the API's token route and the login page) goes through :func:`verify`:

- Failed logins are counted in moving windows (the ``limits`` library) per account and per
  client address; past either limit the next attempt gets 429 with ``Retry-After``, before any
  hash is computed and after :data:`LOCKED_DELAY_S`, until the window frees by itself. A
  success clears the account's count.
- The argon2 check runs on a thread limiter of its own (one thread): a flood of logins takes one
  core at most and never the thread that ranks, nor the one that checks bearer tokens.
- A failed login is logged with a keyed digest of the account name and the client address,
  never the name or the password.

The counts live in the process: with ``--workers N`` each worker keeps its own, so an attacker
gets up to N times the limit (docs/security.md).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from dataclasses import dataclass

import anyio.to_thread
from fastapi import HTTPException, Request, status
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from matcher.schemas import User
from matcher.store.accounts import authenticate

logger = logging.getLogger(__name__)

#: Seconds a throttled attempt waits before its 429 (no thread is held while it waits).
LOCKED_DELAY_S = 1.0


class LoginLocked(HTTPException):
    """429: too many failed logins for this account or from this address; retry after."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many failed logins; try again in {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )
        self.retry_after = retry_after


@dataclass
class LoginGuard:
    """The failed-login windows of one process and the thread limiter of password checks."""

    per_account: RateLimitItem
    per_address: RateLimitItem
    secret: bytes

    def __post_init__(self) -> None:
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.threads = anyio.CapacityLimiter(1)

    @classmethod
    def from_settings(cls, account_limit: str, address_limit: str, secret: str) -> LoginGuard:
        """A guard with limits written as ``limits`` strings (``"5 per 5 minutes"``)."""
        return cls(parse(account_limit), parse(address_limit), secret.encode())

    def digest(self, username: str) -> str:
        """A keyed digest of an account name, for counting and logging it without it."""
        mac = hmac.new(self.secret, username.strip().lower().encode(), hashlib.sha256)
        return mac.hexdigest()[:16]

    def _keys(self, username: str, address: str) -> list[tuple[RateLimitItem, str]]:
        return [
            (self.per_account, "account:" + self.digest(username)),
            (self.per_address, "address:" + address),
        ]

    def check(self, username: str, address: str) -> None:
        """Raise :class:`LoginLocked` while either window is full."""
        waits = []
        for item, key in self._keys(username, address):
            if not self.limiter.test(item, key):
                reset = self.limiter.get_window_stats(item, key).reset_time
                waits.append(max(1, math.ceil(reset - time.time())))
        if waits:
            raise LoginLocked(max(waits))

    def failed(self, username: str, address: str) -> None:
        """Count a failed login in both windows and log it (no name, no password)."""
        for item, key in self._keys(username, address):
            self.limiter.hit(item, key)
        logger.warning("failed login: account %s from %s", self.digest(username), address)

    def succeeded(self, username: str) -> None:
        """Clear the account's failures (the address keeps its count)."""
        self.limiter.clear(self.per_account, "account:" + self.digest(username))


def client_address(request: Request) -> str:
    """The client's address as the server sees it (``unknown`` without one)."""
    return request.client.host if request.client else "unknown"


async def verify(request: Request, username: str, password: str) -> User | None:
    """The account whose password this is, or ``None``; :class:`LoginLocked` while throttled."""
    state = request.app.state
    guard: LoginGuard = state.logins
    address = client_address(request)
    try:
        guard.check(username, address)
    except LoginLocked:
        # A tarpit: the refusal waits, so a client that floods in a loop makes a few attempts
        # a second instead of hundreds (answering them quickly still took the event loop, and
        # a student's p50 went to 3.2x).
        await anyio.sleep(LOCKED_DELAY_S)
        raise
    user = await anyio.to_thread.run_sync(
        authenticate, state.store, username, password, limiter=guard.threads
    )
    if user is None:
        guard.failed(username, address)
    else:
        guard.succeeded(username)
    return user
