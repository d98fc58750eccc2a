"""Family side of the hand-over: POST /api/handoff, GET /api/handoff/chat-status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Header
from pydantic import BaseModel, Field
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import HandoffDep, ProviderDep
from assistant.api.provider import QueueUnavailable
from assistant.api.schemas import QueueDownOut, Text, error_responses
from assistant.handoff.queue import MAX_MESSAGE, MAX_TRANSCRIPT_TURNS, MAX_TURN, NewRequest

router = APIRouter(prefix="/api/handoff", tags=["handoff"])


class HandoffRequest(BaseModel):
    message: Text = Field(min_length=1, max_length=MAX_MESSAGE)
    contact_method: Literal["phone", "email", "callback"]
    phone: Text | None = Field(None, max_length=32)
    email: Text | None = Field(None, max_length=254)
    callback_time: Text | None = Field(None, max_length=120)
    consent_transcript: bool = False
    transcript: list[Annotated[Text, Field(max_length=MAX_TURN)]] = Field(
        default_factory=list, max_length=MAX_TRANSCRIPT_TURNS
    )
    lang: Literal["fi", "sv", "en", "other"] = "fi"
    idempotency_key: Text | None = Field(None, min_length=8, max_length=80)


class HandoffCreated(BaseModel):
    reference: str
    due_date: date
    created: bool


class ChatStatus(BaseModel):
    url: str
    hours_known: bool
    open_now: bool | None
    next_opening: datetime | None


@router.post(
    "",
    response_model=HandoffCreated,
    status_code=201,
    responses={**error_responses(400, 409, 413, 422, 503), 503: {**error_responses(503)[503], "model": QueueDownOut}},
)
async def submit(
    body: HandoffRequest,
    provider: ProviderDep,
    idempotency_key: Annotated[str | None, Header(min_length=8, max_length=80)] = None,
) -> HandoffCreated:
    """A Pyydä apua request. The same idempotency key (body or header) never creates a second request; the
    same key with other content is 409. While the database is down: 503 in the family's language, with the
    Apua huoliin chat and a phone line instead."""
    request = NewRequest(**{**body.model_dump(), "idempotency_key": body.idempotency_key or idempotency_key})
    try:
        handoff = await run_in_threadpool(provider.get)
        submitted = await run_in_threadpool(handoff.queue.submit, request)
    except (QueueUnavailable, OperationalError, InterfaceError) as exc:
        raise QueueUnavailable(body.lang) from exc
    return HandoffCreated(reference=submitted.reference, due_date=submitted.due_date, created=submitted.created)


@router.get("/chat-status", response_model=ChatStatus, responses=error_responses(503))
def chat_status(handoff: HandoffDep) -> ChatStatus:
    """Is the Apua huoliin chat open now, and when does it open next (from configured hours)?"""
    open_now, opening = handoff.chat_hours.status(handoff.timezone)
    return ChatStatus(
        url=handoff.chat_url, hours_known=handoff.chat_hours.known, open_now=open_now, next_opening=opening
    )
