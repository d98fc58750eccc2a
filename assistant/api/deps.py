"""Dependencies for the routers, in one place."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from assistant.engine import Assistant


def get_assistant(request: Request) -> Assistant:
    assistant: Assistant | None = getattr(request.app.state, "assistant", None)
    if assistant is None:
        error = getattr(request.app.state, "startup_error", "the assistant is not ready")
        raise HTTPException(status_code=503, detail=f"index unavailable: {error}")
    return assistant


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
