"""Family side of the hand-over: POST /api/handoff, GET /api/handoff/chat-status."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import HandoffDep, ProviderDep
from assistant.api.provider import QueueUnavailable
from assistant.api.schemas import QueueDownOut, Text, error_responses
from assistant.handoff.queue import MAX_MESSAGE, MAX_TRANSCRIPT_TURNS, MAX_TURN, NewRequest

router = APIRouter(prefix="/api/handoff", tags=["handoff"])


# The queue's own checks (assistant/handoff/queue.py), written as JSON Schema so that clients and fuzzers
# know them; the queue still decides, with a message naming the field.
_PHONE = r"^$|^\s*\+?[0-9][0-9 \-]{5,18}[0-9]\s*$"
_EMAIL = r"^$|^\s*[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}\s*$"
_FILLED = {"type": "string", "pattern": r"\S"}


def _when(method: str, *needed: str) -> dict[str, Any]:
    return {
        "if": {"properties": {"contact_method": {"const": method}}},
        "then": {"required": list(needed), "properties": {name: _FILLED for name in needed}},
    }


def _document_rules(schema: dict[str, Any]) -> None:
    properties = schema["properties"]
    properties["message"]["pattern"] = r"^[^\u0000]*\S[^\u0000]*$"
    properties["phone"]["anyOf"][0]["allOf"] = [{"pattern": _PHONE}]
    properties["email"]["anyOf"][0]["allOf"] = [{"pattern": _EMAIL}]
    schema["allOf"] = [
        _when("phone", "phone"),
        _when("email", "email"),
        _when("callback", "phone", "callback_time"),
        {
            "if": {"required": ["transcript"], "properties": {"transcript": {"minItems": 1}}},
            "then": {"required": ["consent_transcript"], "properties": {"consent_transcript": {"const": True}}},
        },
    ]


class HandoffRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra=_document_rules)

    message: Text = Field(min_length=1, max_length=MAX_MESSAGE)
    contact_method: Literal["phone", "email", "callback"]
    phone: Text | None = Field(None, max_length=32)
    email: Text | None = Field(None, max_length=254)
    callback_time: Text | None = Field(None, max_length=120)
    consent_transcript: StrictBool = False
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
    idempotency_key: Annotated[
        str,
        Header(
            max_length=80,
            pattern=r"^([!-~]{8,80})?$",
            description="Visible ASCII, 8–80 characters; the same as idempotency_key in the body; empty = none",
        ),
    ] = "",
) -> HandoffCreated:
    """A Pyydä apua request. The same idempotency key (body or header) never creates a second request; the
    same key with other content is 409. While the database is down: 503 in the family's language, with the
    Apua huoliin chat and a phone line instead."""
    key = body.idempotency_key or idempotency_key or None
    request = NewRequest(**{**body.model_dump(), "idempotency_key": key})
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
