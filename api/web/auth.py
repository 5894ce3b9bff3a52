"""Logging in and out, and the landing page.

Logging in sets an HttpOnly, SameSite=Lax cookie holding the same signed token the API issues
(so a form on another site cannot post with it).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import StoreDep
from api.logins import LoginLocked, verify
from api.security import issue_token
from api.web.common import COOKIE, PageUser, language_of, page
from matcher.messages import message
from matcher.store.accounts import end_sessions

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(request: Request, user: PageUser) -> Response:
    """The landing page with the login form (or on to ``/me`` when logged in)."""
    if user is not None:
        return RedirectResponse("/me", status_code=303)
    return page(request, "index.html", None)


@router.get("/login")
def login_form(request: Request) -> Response:
    """The login form lives on the landing page; a bookmarked or typed ``/login`` goes there."""
    query = request.url.query
    return RedirectResponse("/?" + query if query else "/", status_code=303)


@router.post("/login")
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
) -> Response:
    """Check the password (throttled, off the ranking thread: :mod:`api.logins`); set the
    session cookie and go to ``/me``."""
    try:
        user = await verify(request, username, password)
    except LoginLocked as exc:
        lang = language_of(request)
        error = message("login_locked", lang, seconds=exc.retry_after)
        response = page(request, "index.html", None, error=error, status_code=429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if user is None:
        error = message("bad_login", language_of(request))
        return page(request, "index.html", None, error=error, status_code=401)
    token = issue_token(request.app.state, user)
    response = RedirectResponse("/me", status_code=303)
    response.set_cookie(
        COOKIE,
        token.access_token,
        max_age=token.expires_in,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",  # behind TLS the cookie never travels in clear
    )
    return response


@router.post("/logout")
def logout(user: PageUser, store: StoreDep) -> Response:
    """End the account's sessions (its token stops working, here and on other devices) and
    forget the cookie."""
    if user is not None:
        end_sessions(store, user.username)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response
