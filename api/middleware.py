"""ASGI middleware of the service: a cap on request bodies (413 above it), control characters
refused at the door (422), security headers on every response, and cross-site requests that
carry the session cookie refused (403).

Spreading connections over worker processes is :class:`api.balance.Rebalance`.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any
from urllib.parse import parse_qsl, unquote

from matcher.text.normal import control_character

#: Largest request body accepted; larger ones get 413.
MAX_BODY_BYTES = 1024 * 1024


class BodyLimit:
    """ASGI middleware answering 413 to a body over ``limit`` bytes (declared or streamed).

    Paths matching ``uploads`` (the routes that take a document) have the larger cap
    ``upload_limit``, an outer bound: those routes refuse an upload over the upload setting
    themselves, with a message in the reader's language.
    """

    def __init__(
        self,
        app: Any,
        limit: int = MAX_BODY_BYTES,
        uploads: re.Pattern[str] | None = None,
        upload_limit: int = MAX_BODY_BYTES,
    ) -> None:
        self.app = app
        self.limit = limit
        self.uploads = uploads
        self.upload_limit = upload_limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit
        if self.uploads is not None and self.uploads.match(scope.get("path", "")):
            limit = max(limit, self.upload_limit)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, limit)
            return
        # The body is read here, whole, before the app sees it: a streamed (chunked) body over
        # the limit raised inside the app's parser, which answered 400 instead of 413.
        read = await read_body(receive, limit)
        if read is None:
            await self._refuse(send, limit)
            return
        await self.app(scope, replaying(read[0], receive), send)

    async def _refuse(self, send: Any, limit: int) -> None:
        await _refuse(send, 413, f"request body over {limit} bytes / 请求体超过 {limit} 字节")


async def read_body(receive: Any, limit: int | None = None) -> tuple[list[Any], bytes] | None:
    """Every message of a request's body and the body itself; ``None`` once it passes
    ``limit`` bytes."""
    messages: list[Any] = []
    body = b""
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, body
        body += message.get("body", b"")
        if limit is not None and len(body) > limit:
            return None
        if not message.get("more_body"):
            return messages, body


def replaying(messages: list[Any], receive: Any) -> Any:
    """A ``receive`` that hands out ``messages`` again, then reads on."""

    async def replay() -> Any:
        return messages.pop(0) if messages else await receive()

    return replay


#: A JSON string escape of a control character (tab, newline and carriage return are text).
_JSON_CONTROL = re.compile(rb"\\u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])")


def _form_control(body: bytes) -> str | None:
    text = body.decode("utf-8", errors="replace")
    for key, value in parse_qsl(text, keep_blank_values=True):
        found = control_character(key) or control_character(value)
        if found:
            return found
    return None


#: Deepest nesting of arrays and objects a JSON body may have (no record needs more than a few).
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes) -> int:
    """How deeply a JSON text nests arrays and objects (strings skipped; not validated)."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub(b'""', body)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def _body_control(content_type: bytes, body: bytes) -> str | None:
    """The first control character a form or JSON body holds, as ``U+XXXX``."""
    kind = content_type.split(b";")[0].strip().lower()
    if kind == b"application/x-www-form-urlencoded":
        return _form_control(body)
    if kind.endswith(b"json"):
        found = _JSON_CONTROL.search(body)
        if found:
            return "U+" + found.group()[2:].decode().upper()
    return None


class ControlCharacters:
    """ASGI middleware answering 422 to a request whose path, query or form or JSON body holds a
    control character (:func:`matcher.text.normal.control_character`): PostgreSQL cannot store
    NUL (it answered 500), SQLite stored it as given, and no field means one. A JSON body nested
    deeper than :data:`MAX_JSON_DEPTH` is refused too (the parser's recursion gave 400)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw_path = scope.get("raw_path") or scope.get("path", "").encode()
        query = scope.get("query_string", b"")
        found = control_character(unquote(raw_path.decode("latin-1"))) or control_character(
            unquote(query.decode("latin-1"))
        )
        if found:
            await _refuse_control(send, found)
            return
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        kind = content_type.split(b";")[0].strip().lower()
        checked = kind == b"application/x-www-form-urlencoded" or kind.endswith(b"json")
        # Other bodies (a multipart upload) hold no field of text to check here: not buffered.
        if scope.get("method") not in ("POST", "PUT", "PATCH") or not checked:
            await self.app(scope, receive, send)
            return
        messages, body = await read_body(receive)  # type: ignore[misc]  (no limit: never None)
        found = _body_control(content_type, body)
        if found:
            await _refuse_control(send, found)
            return
        if kind.endswith(b"json") and json_depth(body) > MAX_JSON_DEPTH:
            detail = (
                f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels / "
                f"JSON 请求体嵌套超过 {MAX_JSON_DEPTH} 层"
            )
            await _refuse(send, 422, detail)
            return
        await self.app(scope, replaying(messages, receive), send)


async def _refuse_control(send: Any, found: str) -> None:
    detail = f"the request holds a control character ({found}) / 请求中含有控制字符（{found}）"
    await _refuse(send, 422, detail)


async def _refuse(send: Any, status: int, detail: str) -> None:
    """Answer ``status`` with a JSON ``detail`` before the app sees the request."""
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": body})


#: What pages may load: their own scripts, styles and images only; no frames, no plugins.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Paths of FastAPI's interactive docs, whose pages load their scripts from a CDN.
DOCS_PATHS = ("/docs", "/redoc", "/openapi.json")
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _headers_added(message: Any, headers: list[tuple[bytes, bytes]]) -> Any:
    """An ASGI ``http.response.start`` message with ``headers`` after its own."""
    return {**message, "headers": [*message.get("headers", []), *headers]}


class SecurityHeaders:
    """ASGI middleware that adds the security headers to every response: a content security
    policy (none on the API's docs pages), no sniffing, no framing, the referrer kept to this
    site, and ``Cache-Control: no-store`` on everything but ``/static`` (pages show personal
    data; a shared computer's back button must not)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        extra = list(SECURITY_HEADERS)
        if not path.startswith(DOCS_PATHS):
            extra.append((b"content-security-policy", CSP.encode()))
        if not path.startswith("/static/"):
            extra.append((b"cache-control", b"no-store"))

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = _headers_added(message, [(k, v) for k, v in extra if k not in names])
            await send(message)

        await self.app(scope, receive, with_headers)


class ServerTiming:
    """ASGI middleware that says in a ``Server-Timing`` header how long the service took, from
    the request's arrival to its response's start (``app;dur=`` milliseconds): browsers'
    developer tools show it, and a client can tell its own time from the server's."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed(message: Any) -> None:
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - started) * 1000.0
                message = _headers_added(
                    message, [(b"server-timing", f"app;dur={ms:.1f}".encode())]
                )
            await send(message)

        await self.app(scope, receive, timed)


def _host_of(url: bytes) -> bytes:
    """``example.org:8000`` of ``https://example.org:8000/path``."""
    rest = url.split(b"://", 1)[-1]
    return rest.split(b"/", 1)[0].lower()


class SameOrigin:
    """ASGI middleware refusing (403) a state-changing request that carries the session cookie
    but comes from another site: its ``Origin`` (or, without one, its ``Referer``) names another
    host than the request's. Browsers send ``Origin`` with every cross-site POST; a client with
    neither header is not a browser on another site."""

    def __init__(self, app: Any, cookie: str) -> None:
        self.app = app
        self.cookie = cookie.encode()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        cookies = headers.get(b"cookie", b"")
        source = headers.get(b"origin") or headers.get(b"referer")
        host = headers.get(b"host", b"").lower()
        if (
            self.cookie + b"=" in cookies
            and source is not None
            and source != b"null"
            and _host_of(source) != host
        ):
            await _refuse(send, 403, "cross-site request refused / 已拒绝来自其他网站的请求")
            return
        await self.app(scope, receive, send)
