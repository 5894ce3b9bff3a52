"""The HTTP API (FastAPI) under ``/api/v1``: health, bearer tokens, a student's recommendations.

The engine and the store are opened once at start-up (lifespan) and kept on ``app.state``.
Routes that rank are plain ``def`` functions, which FastAPI runs in its thread pool, so CPU-bound
work never blocks the event loop. Access rules: a student sees only her own recommendations, an
advisor those of the students of her cohorts, an admin everyone's; every view of a student's
data by someone other than the student is written to the audit log (``matcher.audit``). No
token gives 401, the wrong person 403, an unknown record 404.
"""

import datetime as dt
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import jwt
from fastapi import Depends, FastAPI, HTTPException, Query, Request, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from matcher.accounts import authenticate, find_user
from matcher.config import get_settings
from matcher.schemas import Role, User

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


def current_user(request: Request, token: Annotated[str | None, Depends(oauth2)]) -> User:
    """The account of the request's bearer token (401 without a valid one)."""
    unauthorised = HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "log in first: POST /api/v1/auth/token, then send 'Authorization: Bearer <token>'",
        headers={"WWW-Authenticate": "Bearer"},
    )
    if not token:
        raise unauthorised
    try:
        claims = jwt.decode(token, request.app.state.secret, algorithms=[ALGORITHM])
    except jwt.PyJWTError:
        raise unauthorised from None
    user = find_user(request.app.state.store, str(claims.get("sub", "")))
    if user is None:
        raise unauthorised
    return user


def create_app(*, models_dir: Path | None = None, database_url: str | None = None) -> FastAPI:
    """The API application; the engine is loaded from ``models_dir`` when it starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from matcher.engine import load_engine
        from matcher.store import open_store

        settings = get_settings()
        app.state.store = open_store(database_url)
        app.state.engine = load_engine(models_dir or settings.models_dir)
        key = settings.secret_key.get_secret_value() if settings.secret_key else None
        app.state.secret = key or secrets.token_urlsafe(32)
        app.state.token_minutes = settings.token_minutes
        try:
            yield
        finally:
            app.state.store.dispose()

    app = FastAPI(
        title="matcher",
        version="1",
        summary="Student–enterprise matching for optics, mechatronics and intelligent vehicles",
        lifespan=lifespan,
    )

    @app.get(f"{PREFIX}/health", response_model=Health, tags=["service"])
    def health(request: Request) -> Health:
        """Liveness and the served model (no login needed)."""
        engine = request.app.state.engine
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
        minutes = request.app.state.token_minutes
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes)
        claims = {"sub": user.username, "role": user.role.value, "exp": expires}
        encoded = jwt.encode(claims, request.app.state.secret, algorithm=ALGORITHM)
        return Token(access_token=encoded, expires_in=minutes * 60)

    @app.get(
        f"{PREFIX}/students/{{student_id}}/recommendations",
        response_model=list[RecommendationOut],
        tags=["students"],
        responses={
            401: {"description": "no login"},
            403: {"description": "not allowed"},
            404: {"description": "unknown student"},
        },
    )
    def recommendations(
        request: Request,
        student_id: str,
        user: Annotated[User, Depends(current_user)],
        k: Annotated[int, Query(ge=1, le=100, description="How many positions")] = 10,
        lang: Annotated[str | None, Query(pattern="^(zh|en)$")] = None,
    ) -> list[dict[str, Any]]:
        """Ranked positions for a student, with matched and missing skills and reasons."""
        from matcher.recommend import recommend_positions

        engine = request.app.state.engine
        _authorise_student_view(user, student_id, engine)
        recs = recommend_positions(engine, student_id, k=k, lang=lang)
        return [r.as_dict() for r in recs]

    return app


def _authorise_student_view(user: User, student_id: str, engine: Any) -> None:
    """403 unless ``user`` may see ``student_id``'s data; 404 for an unknown student."""
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
    audit.info("user %s (%s) viewed student %s", user.id, user.role.value, student_id)
