"""What routes depend on, as ``Annotated`` aliases: the store, the engine, settings, the account.

Every dependency here is an ``async def`` on purpose: FastAPI runs a plain ``def`` dependency
on a worker thread, and those threads are the ones that rank (``ranking_threads`` at a time),
so even a trivial sync dependency would queue its request again behind the rankings in flight.
"""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import Depends, HTTPException, Query, Request, status

from api.security import oauth2, user_of_token
from matcher.config import Settings, get_settings
from matcher.engine.snapshot import Engine
from matcher.schemas import User
from matcher.serving import ServedEngine
from matcher.store.database import Store


async def get_store(request: Request) -> Store:
    """The store the service reads and writes."""
    return request.app.state.store  # type: ignore[no-any-return]


async def get_served(request: Request) -> ServedEngine:
    """The served engine with its background refresh (rebuilds, retraining, status)."""
    return request.app.state.served  # type: ignore[no-any-return]


async def get_engine(request: Request) -> Engine:
    """The engine to answer one request from: read once, and that object used throughout.

    A rebuild publishes a new engine by one assignment; a request keeps the one it read.
    """
    return request.app.state.served.engine  # type: ignore[no-any-return]


async def get_app_settings() -> Settings:
    """The service's settings (environment and ``.env``)."""
    return get_settings()


async def account(request: Request, token: str | None) -> User | None:
    """The account of a bearer token, or ``None`` without a valid one.

    The lookup runs on a thread of its own (``app.state.auth_limiter``), not the one that ranks:
    as a plain sync dependency it took the ranking thread's token, so a request that had passed
    its login check queued again behind the login checks of the requests after it, which
    stretched the latency tail under load.
    """
    if not token:
        return None
    state = request.app.state
    return await anyio.to_thread.run_sync(user_of_token, state, token, limiter=state.auth_limiter)


async def get_current_user(request: Request, token: Annotated[str | None, Depends(oauth2)]) -> User:
    """The account of the request's bearer token (401 without a valid one)."""
    user = await account(request, token)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "log in first: POST /api/v1/auth/token, then send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


StoreDep = Annotated[Store, Depends(get_store)]
ServedDep = Annotated[ServedEngine, Depends(get_served)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
CurrentUser = Annotated[User, Depends(get_current_user)]

#: The language of explanations, when not the record's own.
LangQuery = Annotated[str | None, Query(pattern="^(zh|en)$", description="zh or en")]
