"""Family side of the hand-over: POST /api/handoff, GET /api/handoff/chat-status."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Header
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import HandoffDep
from assistant.handoff.queue import MAX_MESSAGE, NewRequest

router = APIRouter(prefix="/api/handoff", tags=["handoff"])


class HandoffRequest(BaseModel):
    message: str = Field(min_length=1, max_length=MAX_MESSAGE)
    contact_method: Literal["phone", "email", "callback"]
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    callback_time: str | None = Field(None, max_length=120)
    consent_transcript: bool = False
    transcript: list[str] = Field(default_factory=list, max_length=40)
    lang: Literal["fi", "sv", "en", "other"] = "fi"
    idempotency_key: str | None = Field(None, min_length=8, max_length=80)


class HandoffCreated(BaseModel):
    reference: str
    due_date: date
    created: bool


class ChatStatus(BaseModel):
    url: str
    hours_known: bool
    open_now: bool | None
    next_opening: datetime | None


@router.post("", response_model=HandoffCreated, status_code=201)
async def submit(
    body: HandoffRequest, handoff: HandoffDep, idempotency_key: str | None = Header(None)
) -> HandoffCreated:
    """A Pyydä apua request. The same idempotency key (body or header) never creates a second request."""
    request = NewRequest(**{**body.model_dump(), "idempotency_key": body.idempotency_key or idempotency_key})
    submitted = await run_in_threadpool(handoff.queue.submit, request)
    return HandoffCreated(reference=submitted.reference, due_date=submitted.due_date, created=submitted.created)


@router.get("/chat-status", response_model=ChatStatus)
def chat_status(handoff: HandoffDep) -> ChatStatus:
    """Is the Apua huoliin chat open now, and when does it open next (from configured hours)?"""
    now = datetime.now(UTC).astimezone(ZoneInfo(handoff.timezone))
    hours = handoff.chat_hours
    if not hours.known:
        return ChatStatus(url=handoff.chat_url, hours_known=False, open_now=None, next_opening=None)
    return ChatStatus(
        url=handoff.chat_url, hours_known=True, open_now=hours.is_open(now), next_opening=hours.next_opening(now)
    )
