"""ASGI middleware of the service: a cap on request bodies (413 above it).

Spreading connections over worker processes is :class:`api.balance.Rebalance`.
"""

from __future__ import annotations

import json
from typing import Any

from matcher.errors import RequestTooLarge

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
                    raise RequestTooLarge(f"request body over {self.limit} bytes")
            return message

        try:
            await self.app(scope, limited, send)
        except RequestTooLarge:
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
