"""Errors on pages are pages: in the reader's language, with what to do next; the API's stay JSON.

A page that needs a login sends an anonymous reader to the login form; any other error is
``error.html`` with a title for its status and, where the error knows its message key, what
went wrong in the reader's language.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.web.common import error_page, is_page, language_of, login_first, page_error_detail
from matcher.messages import message

logger = logging.getLogger(__name__)
#: Seconds a client is asked to wait when the store is busy or unreachable.
RETRY_AFTER_SECONDS = 5


def without_secrets(errors: Sequence[Any]) -> list[Any]:
    """Validation errors without what they would echo of a password or a whole form: a
    missing field's error carried the whole form as its input, password included."""
    out = []
    for error in errors:
        error = dict(error)
        loc = [str(x).lower() for x in error.get("loc", ())]
        if isinstance(error.get("input"), dict) or any("password" in x for x in loc):
            error.pop("input", None)
            error.pop("ctx", None)
        out.append(error)
    return out


def install_error_pages(app: FastAPI) -> None:
    """Answer errors on page routes with pages; leave the API's JSON answers as they are."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not is_page(request):
            return await http_exception_handler(request, exc)
        if exc.status_code == 401:
            return login_first()
        return error_page(request, exc.status_code, page_error_detail(request, exc))

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def store_unavailable(request: Request, exc: Exception) -> Response:
        """The store is locked by a long write (an import) or unreachable: 503, try again."""
        logger.warning("store unavailable: %s", type(exc).__name__)
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if is_page(request):
            response = error_page(request, 503, message("store_busy", language_of(request)))
            response.headers.update(headers)
            return response
        detail = message("store_busy", "en") + " / " + message("store_busy", "zh")
        return JSONResponse({"detail": detail}, status_code=503, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if not is_page(request):
            return JSONResponse(
                {"detail": jsonable_encoder(without_secrets(exc.errors()))}, status_code=422
            )
        return error_page(request, 422, page_error_detail(request, exc))
