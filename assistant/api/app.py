"""The FastAPI application; the engine is built in the lifespan, never at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant import __version__
from assistant.api.routers import chat, health
from assistant.config import Settings, get_settings
from assistant.engine import Assistant
from assistant.errors import AssistantError

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None, assistant_factory: Callable[[Settings], Assistant] | None = None
) -> FastAPI:
    """The app. ``assistant_factory`` defaults to opening the configured index."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        factory = assistant_factory
        if factory is None:
            from assistant.factory import make_assistant

            factory = make_assistant
        try:
            app.state.assistant = factory(settings)
        except AssistantError as exc:
            # Keep serving /healthz and a clear 503 rather than dying: the operator sees why.
            logger.error("assistant unavailable: %s", exc)
            app.state.assistant = None
            app.state.startup_error = str(exc)
        yield
        app.state.assistant = None

    app = FastAPI(title="Perhekeskus guidance assistant", version=__version__, lifespan=lifespan)

    @app.middleware("http")
    async def version_header(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        response.headers["X-App-Version"] = __version__
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        field = ".".join(str(p) for p in first["loc"] if p != "body")
        return JSONResponse({"detail": f"{field}: {first['msg']}" if field else first["msg"]}, status_code=422)

    app.include_router(health.router)
    app.include_router(chat.router)
    return app
