"""POST /api/chat."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AssistantDep
from assistant.api.schemas import ChatRequest, ChatResponse, ErrorOut
from assistant.errors import InputError

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=ChatResponse, responses={422: {"model": ErrorOut}})
async def chat(body: ChatRequest, assistant: AssistantDep) -> dict:
    try:
        result = await run_in_threadpool(assistant.ask, body.message, body.history, body.lang, body.plain)
    except InputError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return result.as_dict()
