"""Liveness and readiness."""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.api.index_watch import index_problem, serving_build_id
from assistant.api.provider import QueueUnavailable
from assistant.handoff.db import describe_error

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}


class Readiness(BaseModel):
    status: Literal["ready", "unavailable"]
    index: str | None = Field(description="The build serving, or why it cannot answer")
    database: Literal["ok", "unavailable"]


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "Not ready: the body says which part (index, database)"}},
)
def readyz(request: Request) -> JSONResponse:
    """Ready when the build serving answers (its directory is there and its vectors can be searched) and
    the queue's database does; the body says which part is not. The index watcher loads a new build, or
    the same one again, when this fails, so readiness comes back by itself."""
    assistant = getattr(request.app.state, "assistant", None)
    problem = index_problem(assistant) if assistant is not None else None
    if assistant is None:
        index: str | None = getattr(request.app.state, "startup_error", "starting")
        ready = False
    elif problem is not None:
        index, ready = problem, False
    else:
        index, ready = serving_build_id(assistant), True
    database = "ok"
    provider = getattr(request.app.state, "handoff_provider", None)
    try:
        if provider is None:
            raise QueueUnavailable()
        handoff = provider.get()  # a queue that was down at start-up is connected here once it answers
        with handoff.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception as exc:  # the driver's text (hosts, ports) goes to the log, not to the client
        logger.warning("readiness: database unreachable: %s", describe_error(exc))
        database, ready = "unavailable", False
    body = {"status": "ready" if ready else "unavailable", "index": index, "database": database}
    return JSONResponse(body, status_code=200 if ready else 503)
