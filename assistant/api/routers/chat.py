"""POST /api/chat."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import AssistantDep, LanesDep
from assistant.api.schemas import ChatRequest, ChatResponse, error_responses

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=ChatResponse, responses=error_responses(400, 413, 422, 503))
async def chat(body: ChatRequest, assistant: AssistantDep, lanes: LanesDep) -> dict:
    """The reply. A message with a risk signal is answered in its own lane, never behind other questions;
    when too many others wait, 503 with Retry-After (the message says to call 112 in danger)."""
    result = await lanes.ask(assistant, body.message, body.history, body.lang, body.plain)
    return result.as_dict()
