"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

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
        error = getattr(request.app.state, "handoff_error", "starting")
        return JSONResponse({"status": "unavailable", "index": build_id, "database": error}, status_code=503)
    try:
        with handoff.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception as exc:
        return JSONResponse({"status": "unavailable", "index": build_id, "database": str(exc)}, status_code=503)
    return JSONResponse({"status": "ready", "index": build_id, "database": "ok"})
