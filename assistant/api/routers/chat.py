"""POST /api/chat."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AssistantDep
from assistant.api.schemas import ChatRequest, ChatResponse, error_responses

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=ChatResponse, responses=error_responses(400, 413, 422, 503))
async def chat(body: ChatRequest, assistant: AssistantDep) -> dict:
    result = await run_in_threadpool(assistant.ask, body.message, body.history, body.lang, body.plain)
    return result.as_dict()
