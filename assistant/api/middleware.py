"""Middleware of the whole app (pure ASGI, so it wraps the mounted pages and static files too, and an
exception raised while reading the body reaches FastAPI unwrapped):

- :class:`BodyLimit`: a cap on request bodies, counted as the bytes arrive, so a chunked body (no
  Content-Length) is cut off at the cap too;
- :class:`AddHeaders`: headers on every response (the version, the security headers of
  :mod:`assistant.api.security`).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` past the cap. An HTTPException, so FastAPI's body reading passes it on as
    413 instead of turning it into 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"request body larger than {limit} bytes")


class BodyLimit:
    """413 for a body over ``limit`` bytes: at once when Content-Length says so, else when the bytes read
    pass it (the rest is never read)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            # An app without an HTTPException handler (a mounted one) lets it through to here.
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": f"request body larger than {self.limit} bytes"}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        # The unread rest of the body makes the connection unusable for another request.
        headers.append((b"connection", b"close"))
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class AddHeaders:
    """Adds headers to every HTTP response that does not set them itself: ``headers`` always, and what
    ``for_path(path)`` gives for the request's path (e.g. a Content-Security-Policy per page)."""

    def __init__(
        self, app: ASGIApp, headers: dict[str, str], for_path: Callable[[str], dict[str, str]] | None = None
    ) -> None:
        self.app = app
        self.headers = _encode(headers)
        self.for_path = for_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers + (_encode(self.for_path(scope["path"])) if self.for_path else [])

        async def adding_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = {
                    **message,
                    "headers": [*message.get("headers", []), *(h for h in extra if h[0] not in present)],
                }
            await send(message)

        await self.app(scope, receive, adding_send)


def _encode(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
