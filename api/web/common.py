"""What every page shares: templates, the logged-in account, the reader's language, errors.

Pages are server-rendered (Jinja2, no front-end build) and work without JavaScript; a small
script of our own (``static/app.js``) swaps in only the part of a page a form or link names
(``data-swap``), as htmx's ``hx-select`` does. Chinese is the default language, English by the
header's switch, remembered in a cookie; the switch keeps the page and its query. An error on
a page is a page in the reader's language, never raw JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import account
from matcher.errors import MatcherError
from matcher.messages import DISMISS_REASONS, LANGS, message, page_words
from matcher.schemas import Role, User

COOKIE = "matcher_session"
LANG_COOKIE = "matcher_lang"
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
templates = Jinja2Templates(directory=str(TEMPLATES))

#: The sections of each role, in the order of its menu: (path, word key). Each role's module
#: sets its own entry; a role with one section shows no menu.
MENUS: dict[Role, tuple[tuple[str, str], ...]] = {}


async def get_page_user(request: Request) -> User | None:
    """The account of the session cookie, or ``None`` (not logged in, or the token expired)."""
    return await account(request, request.cookies.get(COOKIE))


PageUser = Annotated[User | None, Depends(get_page_user)]


def language_of(request: Request) -> str:
    """The reader's language: ``?lang=``, else the remembered choice, else Chinese."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "zh"
    return asked if asked in LANGS else "zh"


def switch_url(request: Request, lang: str) -> str:
    """This page in ``lang``: the same path and query (a page answering a form goes home).

    ``done`` is left out: the notice it names has been shown once already.
    """
    if request.method != "GET":
        return f"/?{urlencode({'lang': lang})}"
    query = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "done")]
    return f"{request.url.path}?{urlencode([*query, ('lang', lang)])}"


def page(
    request: Request, name: str, user: User | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render template ``name`` for ``user`` in the reader's language."""
    lang = language_of(request)
    other = "en" if lang == "zh" else "zh"
    menu = MENUS.get(user.role, ()) if user is not None else ()
    response = templates.TemplateResponse(
        request,
        name,
        {
            "lang": lang,
            "t": page_words(lang),
            "user": user,
            "menu": menu,
            "path": request.url.path,
            "switch_url": switch_url(request, other),
            "reasons": DISMISS_REASONS,
            "notice": notice(request),
            **context,
        },
        status_code=status_code,
    )
    response.set_cookie(LANG_COOKIE, lang, samesite="lax")
    return response


def login_first() -> Response:
    """Send an anonymous reader to the login page."""
    return RedirectResponse("/", status_code=303)


def require(user: User | None, *roles: Role) -> User:
    """``user`` if logged in with one of ``roles``; else a 401 or 403 page."""
    if user is None:
        raise HTTPException(401, "log in first")
    if user.role not in roles:
        raise HTTPException(403, "this page is for another role")
    return user


def done(path: str, key: str, **query: str) -> Response:
    """After a form: go to ``path`` (Post/Redirect/Get) with the notice ``key`` to show."""
    return RedirectResponse(f"{path}?{urlencode({'done': key, **query})}", status_code=303)


def notice(request: Request) -> str | None:
    """The notice a redirect asked for (``?done=key``), in the reader's language, with the
    fields its message names filled from the query (such as a count ``n``)."""
    key = request.query_params.get("done")
    if not key:
        return None
    fields: dict[str, object] = {
        k: int(v) if v.isdigit() else v
        for k, v in request.query_params.items()
        if k not in ("done", "lang")
    }
    try:
        return message(f"done_{key}", language_of(request), **fields)
    except (KeyError, IndexError, ValueError):
        return None


#: Titles of error pages by status (word keys).
ERROR_TITLES: dict[int, str] = {
    401: "error_401",
    403: "error_403",
    404: "error_404",
    405: "error_404",
    409: "error_409",
    413: "error_422",
    422: "error_422",
    503: "error_503",
}


def error_page(request: Request, status: int, detail: str | None) -> HTMLResponse:
    """An error as a page in the reader's language."""
    return page(
        request,
        "error.html",
        None,
        status_code=status,
        title_key=ERROR_TITLES.get(status, "error_other"),
        detail=detail,
    )


def is_page(request: Request) -> bool:
    """Whether a request is for a page (the API, its docs and static files answer JSON)."""
    path = request.url.path
    return not path.startswith(("/api/", "/docs", "/openapi", "/redoc", "/static/"))


def page_error_detail(request: Request, exc: Exception) -> str | None:
    """What went wrong, in the reader's language where the error knows its message key."""
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    if isinstance(cause, MatcherError) and cause.key is not None:
        return cause.localized(language_of(request))
    if isinstance(exc, RequestValidationError):
        fields = sorted({str(e.get("loc", ["", "?"])[-1]) for e in exc.errors()})
        return message("check_fields", language_of(request), fields=", ".join(fields))
    return None
