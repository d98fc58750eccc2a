"""Liveness and readiness."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from assistant.handoff.db import describe_error

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    assistant = getattr(request.app.state, "assistant", None)
    if assistant is None or assistant.index_error:
        error = (
            assistant.index_error if assistant is not None else getattr(request.app.state, "startup_error", "starting")
        )
        return JSONResponse({"status": "unavailable", "index": error}, status_code=503)
    store = getattr(assistant.retriever, "store", None)
    build_id = store.manifest.build_id if store is not None else None
    handoff = getattr(request.app.state, "handoff", None)
    if handoff is None:
        return JSONResponse({"status": "unavailable", "index": build_id, "database": "unavailable"}, status_code=503)
    try:
        with handoff.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception as exc:  # the driver's text (hosts, ports) goes to the log, not to the client
        logger.warning("readiness: database unreachable: %s", describe_error(exc))
        return JSONResponse({"status": "unavailable", "index": build_id, "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ready", "index": build_id, "database": "ok"})
