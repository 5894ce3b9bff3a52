"""Errors on pages are pages: in the reader's language, with what to do next; the API's stay JSON.

A page that needs a login sends an anonymous reader to the login form; any other error is
``error.html`` with a title for its status and, where the error knows its message key, what
went wrong in the reader's language.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.web.common import error_page, is_page, login_first, page_error_detail


def install_error_pages(app: FastAPI) -> None:
    """Answer errors on page routes with pages; leave the API's JSON answers as they are."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not is_page(request):
            return await http_exception_handler(request, exc)
        if exc.status_code == 401:
            return login_first()
        return error_page(request, exc.status_code, page_error_detail(request, exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if not is_page(request):
            return await request_validation_exception_handler(request, exc)
        return error_page(request, 422, page_error_detail(request, exc))
