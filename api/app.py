"""The application factory: the API under ``/api/v1`` (:mod:`api.routes`) and the web pages.

The store and the served engine are opened once at start-up (lifespan) and kept on
``app.state``, where the dependencies of :mod:`api.deps` find them. Access rules: a student
sees only her own data, an advisor that of the students of her cohorts, an admin everyone's;
every view of a student's data by someone other than the student is audited
(:mod:`api.audit`). No token gives 401, the wrong person 403, an unknown record 404.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.balance import LoadBoard, Rebalance
from api.logins import LoginGuard
from api.middleware import BodyLimit, ControlCharacters, SameOrigin, SecurityHeaders, ServerTiming
from api.routes import api_router
from api.uploads import UPLOAD_PATHS
from api.web import router as pages_router
from api.web.common import COOKIE, STATIC
from api.web.errors import install_error_pages
from matcher.config import get_settings


def create_app(
    *,
    models_dir: Path | None = None,
    database_url: str | None = None,
    poll_seconds: float = 0.25,
    embedder_factory: Any = None,
) -> FastAPI:
    """The API application; the engine is loaded from ``models_dir`` when it starts.

    A background thread keeps the engine current (see :mod:`matcher.serving`): every
    ``poll_seconds`` it takes in the store's changes (one indexed query when there are none)
    and follows versions other processes publish.
    ``embedder_factory`` makes the embedder for rebuilds (the configured model by default).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from matcher.ranking.measures import validation_evaluator
        from matcher.serving import ServedEngine
        from matcher.store.database import open_store

        settings = get_settings()
        limits = _one_thread_per_request(settings.ranking_threads)
        warm_text()  # done already when the workers were forked from a warmed parent
        app.state.board = LoadBoard.from_env()  # this worker's slot (see api.balance)
        app.state.store = open_store(database_url)
        app.state.served = ServedEngine(
            Path(models_dir or settings.models_dir),
            app.state.store,
            evaluator=validation_evaluator(),
            poll_seconds=poll_seconds,
            embedder_factory=embedder_factory,
        )
        app.state.served.start()
        key = settings.secret_key.get_secret_value() if settings.secret_key else None
        app.state.secret = key or secrets.token_urlsafe(32)
        app.state.token_minutes = settings.token_minutes
        # Login checks, one at a time beside the ranking threads (see api.deps.account).
        app.state.auth_limiter = anyio.CapacityLimiter(1)
        # Password checks: throttled, on a thread of their own (see api.logins).
        app.state.logins = LoginGuard.from_settings(
            settings.login_limit_account, settings.login_limit_address, app.state.secret
        )
        try:
            yield
        finally:
            app.state.served.stop()
            app.state.store.dispose()
            if app.state.board is not None:
                app.state.board.close()
            limits.restore_original_limits()

    app = FastAPI(
        title="matcher",
        version="1",
        summary="Student–enterprise matching for optics, mechatronics and intelligent vehicles",
        lifespan=lifespan,
        # Short operation ids (the route function's name, unique across the API): OpenAPI links
        # and generated clients name operations by them.
        generate_unique_id_function=lambda route: route.name,
    )
    app.add_middleware(ControlCharacters)
    app.add_middleware(SameOrigin, cookie=COOKIE)
    app.add_middleware(SecurityHeaders)
    # Outermost of the two: a body is capped before it is read. Uploads of documents have an
    # outer cap of four times the upload setting; their routes refuse over the setting itself.
    upload_limit = 4 * get_settings().upload_max_bytes
    app.add_middleware(BodyLimit, uploads=UPLOAD_PATHS, upload_limit=upload_limit)
    if LoadBoard.wanted():  # several worker processes (matcher serve --workers N)
        app.add_middleware(Rebalance)
        app.add_middleware(WorkerHeader)
    app.add_middleware(ServerTiming)  # outermost: the whole of the service's time
    app.state.board = None
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages_router)
    app.include_router(api_router)
    install_error_pages(app)
    return app


class WorkerHeader:
    """ASGI middleware that names the worker process that answered, in ``X-Matcher-Worker``:
    its slot on the load board (``0`` to ``N - 1`` of ``matcher serve --workers N``), which
    one live process holds at a time. A client can tell the workers apart by it (the tests
    check that both answer); it carries no process id or host name."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        board = getattr(scope.get("app"), "state", None) and scope["app"].state.board
        if scope["type"] != "http" or board is None:
            await self.app(scope, receive, send)
            return
        slot = (b"x-matcher-worker", str(board.slot).encode())

        async def named(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), slot]}
            await send(message)

        await self.app(scope, receive, named)


def warm_text() -> None:
    """Load jieba's dictionaries and the skill taxonomy's alias trie now (1.5 s, and 70 MB a
    parent shares with the workers it forks), not on the first write or search."""
    from matcher.text.taxonomy import load_taxonomy
    from matcher.text.tokens import warm_up

    warm_up()
    load_taxonomy().extract_ids("预热 warm-up")


def _one_thread_per_request(ranking_threads: int) -> Any:
    """Rank each request on one thread, ``ranking_threads`` requests at a time per process.

    Under concurrent requests, intra-request parallelism (OpenMP in FAISS and the tree models)
    only makes threads wait on each other; ``matcher serve`` also sets ``OMP_NUM_THREADS=1``.
    Returns the thread limits, to restore when the app stops.
    """
    import anyio.to_thread
    import faiss
    from threadpoolctl import threadpool_limits

    limits = threadpool_limits(limits=1)
    faiss.omp_set_num_threads(1)
    anyio.to_thread.current_default_thread_limiter().total_tokens = ranking_threads
    return limits
