"""POST /api/chat."""

from __future__ import annotations

import time

from fastapi import APIRouter, BackgroundTasks, Request

from assistant.api.deps import AssistantDep, LanesDep
from assistant.api.routers.feedback import log_after_reply
from assistant.api.schemas import ChatRequest, ChatResponse, error_responses

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=ChatResponse, responses=error_responses(400, 413, 422, 503))
async def chat(
    body: ChatRequest, assistant: AssistantDep, lanes: LanesDep, request: Request, background: BackgroundTasks
) -> dict:
    """The reply. A message with a risk signal is answered in its own lane, never behind other questions;
    when too many others wait, 503 with Retry-After (the message says to call 112 in danger). The turn is
    logged (scrubbed; no text at all with a risk signal) after the reply has been sent."""
    started = time.perf_counter()
    result = await lanes.ask(assistant, body.message, body.history, body.lang, body.plain)
    response = result.as_dict()
    if body.keep:
        log_after_reply(background, request, response, body.message, started)
    return response
