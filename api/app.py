"""The HTTP API (FastAPI) under ``/api/v1``: health, bearer tokens, a student's recommendations.

The engine and the store are opened once at start-up (lifespan) and kept on ``app.state``.
Routes that rank are plain ``def`` functions, which FastAPI runs in its thread pool, so CPU-bound
work never blocks the event loop. Access rules: a student sees only her own recommendations, an
advisor those of the students of her cohorts, an admin everyone's; every view of a student's
data by someone other than the student is written to the audit log (``matcher.audit``). No
token gives 401, the wrong person 403, an unknown record 404.
"""

import datetime as dt
import json
import logging
import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import anyio.to_thread
import jwt
from fastapi import Depends, FastAPI, HTTPException, Query, Request, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from api.balance import LoadBoard, Rebalance
from matcher.config import get_settings
from matcher.rules import EVENT_ACTORS, may_record
from matcher.schemas import Actor, DismissReason, Event, Interaction, Role, User
from matcher.store.accounts import authenticate, find_user

logger = logging.getLogger(__name__)
audit = logging.getLogger("matcher.audit")

PREFIX = "/api/v1"
ALGORITHM = "HS256"

oauth2 = OAuth2PasswordBearer(tokenUrl=f"{PREFIX}/auth/token", auto_error=False)


class Token(BaseModel):
    """A bearer token for the ``Authorization`` header."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires")


class Health(BaseModel):
    """Whether the service is up and which model it serves."""

    status: str
    engine_version: str | None
    scorer: str = Field(description="'learned' with a trained ranker, else 'prior'")


class RecommendationOut(BaseModel):
    """One recommended position with its reasons."""

    position_id: str
    enterprise_id: str
    title: str
    score: float
    probability: float | None
    matched_skills: list[str]
    missing_skills: list[str]
    reasons: list[str]
    scorer: str


#: Largest request body accepted; larger ones get 413.
MAX_BODY_BYTES = 1024 * 1024

class BodyLimit:
    """ASGI middleware answering 413 to a body over ``limit`` bytes (declared or streamed)."""

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        body = json.dumps({"detail": f"request body over {self.limit} bytes"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class InteractionIn(BaseModel):
    """An event between a student and a position, recorded now."""

    student_id: str = Field(min_length=1, max_length=64)
    position_id: str = Field(min_length=1, max_length=64)
    event: Event
    reason: DismissReason | None = Field(default=None, description="Only for dismiss")
    note: str | None = Field(default=None, max_length=500)


class InteractionOut(BaseModel):
    """The stored interaction."""

    id: str
    student_id: str
    position_id: str
    event: Event
    timestamp: dt.datetime
    reason: DismissReason | None = None


class CandidateOut(RecommendationOut):
    """One recommended candidate (a student who consented to be seen) for a position."""

    student_id: str


#: The language of explanations, when not the record's own.
LangQuery = Annotated[str | None, Query(pattern="^(zh|en)$", description="zh or en")]


def _errors(record: str) -> dict[int | str, dict[str, Any]]:
    """The error answers a route that needs a login and a known ``record`` documents."""
    return {
        401: {"description": "no login"},
        403: {"description": "not allowed"},
        404: {"description": f"unknown {record}"},
    }


async def current_user(request: Request, token: Annotated[str | None, Depends(oauth2)]) -> User:
    """The account of the request's bearer token (401 without a valid one).

    The lookup runs on a thread of its own (``app.state.auth_limiter``), not the one that ranks:
    as a plain sync dependency it took the ranking thread's token, so a request that had passed
    its login check queued again behind the login checks of the requests after it, which
    stretched the latency tail under load.
    """
    unauthorised = HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "log in first: POST /api/v1/auth/token, then send 'Authorization: Bearer <token>'",
        headers={"WWW-Authenticate": "Bearer"},
    )
    user = None
    if token:
        user = await anyio.to_thread.run_sync(
            user_of_token, request.app.state, token, limiter=request.app.state.auth_limiter
        )
    if user is None:
        raise unauthorised
    return user


def user_of_token(state: Any, token: str) -> User | None:
    """The account a valid, unexpired token was issued to, else ``None``."""
    try:
        claims = jwt.decode(token, state.secret, algorithms=[ALGORITHM])
    except jwt.PyJWTError:
        return None
    return find_user(state.store, str(claims.get("sub", "")))


def issue_token(state: Any, user: User) -> Token:
    """A signed bearer token for ``user``, valid for the configured minutes."""
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=state.token_minutes)
    claims = {"sub": user.username, "role": user.role.value, "exp": expires}
    encoded = jwt.encode(claims, state.secret, algorithm=ALGORITHM)
    return Token(access_token=encoded, expires_in=state.token_minutes * 60)


def create_app(
    *,
    models_dir: Path | None = None,
    database_url: str | None = None,
    poll_seconds: float = 1.0,
    embedder_factory: Any = None,
) -> FastAPI:
    """The API application; the engine is loaded from ``models_dir`` when it starts.

    A background thread keeps the engine current (see :mod:`matcher.serving`): it rebuilds
    after records change and follows versions other processes publish, every ``poll_seconds``.
    ``embedder_factory`` makes the embedder for rebuilds (the configured model by default).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from matcher.ranking.measures import validation_evaluator
        from matcher.serving import ServedEngine
        from matcher.store.database import open_store

        settings = get_settings()
        limits = _one_thread_per_request(settings.ranking_threads)
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
        # Login checks, one at a time beside the ranking threads (see current_user).
        app.state.auth_limiter = anyio.CapacityLimiter(1)
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
    )
    app.add_middleware(BodyLimit)
    board = LoadBoard.from_env()
    if board is not None:  # several worker processes (matcher serve --workers N)
        app.add_middleware(Rebalance, board=board)
    app.state.board = board
    from api.admin import router as admin
    from api.pages import router as pages
    from api.placements import router as placements
    from api.records import router as records
    from api.research import router as research

    for router in (pages, records, placements, admin, research):
        app.include_router(router)

    @app.get(f"{PREFIX}/health", response_model=Health, tags=["service"])
    def health(request: Request) -> Health:
        """Liveness and the served model (no login needed)."""
        engine = engine_of(request.app.state)
        return Health(
            status="ok",
            engine_version=engine.directory.name if engine.directory else None,
            scorer="learned" if engine.ranker is not None else "prior",
        )

    @app.post(f"{PREFIX}/auth/token", response_model=Token, tags=["accounts"])
    def token(request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
        """Exchange a username and password (OAuth2 password form) for a bearer token."""
        user = authenticate(request.app.state.store, form.username, form.password)
        if user is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "wrong username or password",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return issue_token(request.app.state, user)

    @app.get(
        f"{PREFIX}/students/{{student_id}}/recommendations",
        response_model=list[RecommendationOut],
        tags=["students"],
        responses=_errors("student"),
    )
    def recommendations(
        request: Request,
        student_id: str,
        user: Annotated[User, Depends(current_user)],
        k: Annotated[int, Query(ge=1, le=100, description="How many positions")] = 10,
        lang: LangQuery = None,
    ) -> list[dict[str, Any]]:
        """Ranked positions for a student, with matched and missing skills and reasons."""
        from matcher.recommend import recommend_positions

        engine = engine_of(request.app.state)
        _authorise_student_view(user, student_id, engine)
        audit_view(request.app.state, user, "view_recommendations", student_id)
        recs = recommend_positions(
            engine, student_id, k=k, lang=lang, exclude=exclusions(request.app.state, student_id)
        )
        return [r.as_dict() for r in recs]

    @app.get(
        f"{PREFIX}/students/{{student_id}}/enterprises",
        tags=["students"],
        responses=_errors("student"),
    )
    def recommended_enterprises(
        request: Request,
        student_id: str,
        user: Annotated[User, Depends(current_user)],
        k: Annotated[int, Query(ge=1, le=50, description="How many enterprises")] = 5,
    ) -> list[dict[str, Any]]:
        """Enterprises ranked by their best position for the student, with those positions."""
        from matcher.recommend import recommend_enterprises

        engine = engine_of(request.app.state)
        _authorise_student_view(user, student_id, engine)
        audit_view(request.app.state, user, "view_recommendations", student_id)
        return recommend_enterprises(
            engine, student_id, k=k, exclude=exclusions(request.app.state, student_id)
        )

    @app.get(
        f"{PREFIX}/positions/{{position_id}}/candidates",
        response_model=list[CandidateOut],
        tags=["positions"],
        responses=_errors("position"),
    )
    def candidates(
        request: Request,
        position_id: str,
        user: Annotated[User, Depends(current_user)],
        k: Annotated[int, Query(ge=1, le=100, description="How many students")] = 10,
        lang: LangQuery = None,
    ) -> list[dict[str, Any]]:
        """Students who consented to be seen, ranked for a position (its enterprise or admin)."""
        from matcher.recommend import recommend_candidates

        engine = engine_of(request.app.state)
        p = engine.positions.index.get(position_id)
        if user.role not in (Role.enterprise, Role.admin):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "only enterprises see candidates")
        if p is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown position {position_id!r}")
        owner = engine.enterprises.ids[engine.positions.enterprise[p]]
        if user.role == Role.enterprise and owner != user.enterprise_id:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "enterprises see their own positions")
        recs = recommend_candidates(engine, position_id, k=k, lang=lang)
        shown = [str(r.student_id) for r in recs]
        audit_views(request.app.state, user, "view_candidate", shown, position_id)
        return [r.as_dict() for r in recs]

    @app.post(
        f"{PREFIX}/interactions",
        response_model=InteractionOut,
        status_code=status.HTTP_201_CREATED,
        tags=["interactions"],
        responses=_errors("student or position"),
    )
    def record_interaction(
        request: Request, body: InteractionIn, user: Annotated[User, Depends(current_user)]
    ) -> Interaction:
        """Record a view, save, dismissal (with a reason), application, shortlist or outcome.

        It goes to the store (and so into the next training) at once, and a dismissal or an
        application removes the position from the student's recommendations right away; a
        dismissal because the position expired is not counted as a dislike.
        """
        return record_event(request.app.state, user, body)

    return app


def _authorise_student_view(user: User, student_id: str, engine: Any) -> None:
    """403 unless ``user`` may see ``student_id``'s data; 404 for an unknown student.

    The caller audits the view (:func:`audit_view`) once it is allowed.
    """
    if user.role == Role.student:
        if user.student_id != student_id:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "students see only their own data")
        if student_id not in engine.students.index:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "your profile is not indexed yet")
        return
    if user.role not in (Role.advisor, Role.admin):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, f"a {user.role.value} account cannot see student data"
        )
    s = engine.students.index.get(student_id)
    if s is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown student {student_id!r}")
    if user.role == Role.advisor and engine.students.cohort[s] not in set(user.cohorts):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "advisors see only their cohorts")


def record_event(state: Any, user: User, body: InteractionIn) -> Interaction:
    """Store an interaction ``user`` may record, and stop showing an applied or disliked one."""
    store = state.store
    if body.reason is not None and body.event != Event.dismiss:
        raise HTTPException(422, "reason: only a dismiss event has a reason")
    if store.get("students", body.student_id) is None:
        raise HTTPException(404, f"unknown student {body.student_id!r}")
    position = store.get("positions", body.position_id)
    if position is None:
        raise HTTPException(404, f"unknown position {body.position_id!r}")
    if not may_record(user.role, body.event):
        who = ", ".join(r.value for r in EVENT_ACTORS.get(body.event, ())) or "the system"
        raise HTTPException(403, f"a {body.event.value} event is recorded by {who}")
    if user.role == Role.student and user.student_id != body.student_id:
        raise HTTPException(403, "students record only their own events")
    if user.role == Role.enterprise and position.enterprise_id != user.enterprise_id:
        raise HTTPException(403, "enterprises record events on their own positions")
    if user.role == Role.advisor:
        student = store.get("students", body.student_id)
        if student.cohort not in set(user.cohorts):
            raise HTTPException(403, "advisors record events for their cohorts")
    actor = {Role.enterprise: Actor.enterprise, Role.advisor: Actor.advisor}.get(
        user.role, Actor.student
    )
    record = Interaction(
        id=f"api{uuid.uuid4().hex[:16]}",
        student_id=body.student_id,
        position_id=body.position_id,
        event=body.event,
        timestamp=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        actor=actor,
        reason=body.reason,
        note=body.note,
    )
    with store.session() as session:
        store.upsert(session, "interactions", [record])
    return record


def audit_view(state: Any, user: User, action: str, student_id: str, detail: str = "") -> None:
    """Write a view of ``student_id``'s data by someone else to the audit table and log.

    A student looking at her own data is not audited. Writing the row raises on failure, so
    an unaudited view is never served.
    """
    audit_views(state, user, action, [student_id], detail)


def audit_views(
    state: Any, user: User, action: str, student_ids: list[str], detail: str = ""
) -> None:
    """:func:`audit_view` for many students in one transaction."""
    others = [s for s in student_ids if not (user.role == Role.student and user.student_id == s)]
    if not others:
        return
    state.store.record_audits(user.id, user.role.value, action, others, detail)
    for sid in others:
        audit.info("user %s (%s) %s student %s", user.id, user.role.value, action, sid)


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


def engine_of(state: Any) -> Any:
    """The engine to answer one request from; read it once and use that object throughout."""
    return state.served.engine


def exclusions(state: Any, student_id: str) -> set[str]:
    """Positions the store's events hide from a student now (:func:`matcher.rules.hides`).

    Read per request, so a dismissal recorded by any server process takes effect at once.
    """
    return state.store.hidden_positions([student_id]).get(student_id, set())
