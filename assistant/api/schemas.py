"""Request and response shapes at the HTTP edge (kept apart from the core types)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import AfterValidator, BaseModel, Field, StrictBool

from assistant.engine import MAX_HISTORY_TURNS, MAX_MESSAGE_CHARS
from assistant.handoff.hygiene import MAX_ID, unfit_character


def _storable(value: str) -> str:
    problem = unfit_character(value)
    if problem is not None:
        raise ValueError(problem)
    return value


# Text from a person: NUL characters and lone surrogates are refused with 422 before any work is done.
# The pattern documents the NUL rule in the OpenAPI document (the validator above enforces both, with its
# message); a lone surrogate cannot be named in a JSON Schema pattern that tools can use.
STORABLE_PATTERN = "^[^\\u0000]*$"
Text = Annotated[str, AfterValidator(_storable), Field(json_schema_extra={"pattern": STORABLE_PATTERN})]
RequestId = Annotated[
    int,
    Path(ge=1, le=MAX_ID, description="The request's id (from the queue)", openapi_examples={"first": {"value": 1}}),
]


class ChatRequest(BaseModel):
    message: Text = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    history: list[Annotated[Text, Field(max_length=MAX_MESSAGE_CHARS)]] = Field(
        default_factory=list, max_length=MAX_HISTORY_TURNS, description="Earlier user turns, oldest first"
    )
    lang: Literal["fi", "sv", "en"] | None = None
    plain: StrictBool = False
    keep: StrictBool = Field(True, description="false: the family opted out; nothing of this turn is logged")


class SourceOut(BaseModel):
    id: str
    doc: str
    title: str
    section: str
    url: str | None
    text: str
    score: float
    cited: bool = Field(True, description="the reply is drawn from this source (its citations, its quotes)")


class ChatResponse(BaseModel):
    id: str = Field(description="Names this response (for feedback)")
    route: Literal["answer", "handoff", "crisis", "out_of_scope"]
    safety: Literal["none", "notice", "crisis"] = Field(
        description="crisis: emergency reply; notice: an answer with 112 and a 24/7 line on top; none"
    )
    lang: str
    reply: str
    sources: list[SourceOut]
    services: list[dict]
    handoff: dict
    needs: list[str] = Field(default_factory=list, description="The closest family need's id (answer route only)")


class FeedbackIn(BaseModel):
    id: str = Field(pattern="^[0-9a-f]{8,64}$", description="The chat response's id")
    helpful: StrictBool = Field(description="Oliko vastauksesta apua? true = yes")
    reason: Literal["wrong_info", "not_answered", "hard_to_understand", "wrong_language", "needed_person"] | None = (
        Field(None, description="With helpful=false: why not")
    )
    comment: Text | None = Field(None, max_length=1000, description="Optional; personal data is removed before storing")


class FeedbackOut(BaseModel):
    stored: bool


class ErrorOut(BaseModel):
    detail: str


class QueueDownOut(ErrorOut):
    """The contact queue is down: the message says what to do instead; ``alternatives`` are service cards."""

    alternatives: list[dict[str, Any]] = Field(default_factory=list)


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}}
_ERRORS: dict[int, dict[str, Any]] = {
    400: {"description": "The body could not be read (e.g. not UTF-8)"},
    401: {"description": "Log in first, or the session has expired or was ended"},
    403: {"description": "The staff member's role does not allow this"},
    404: {"description": "No such item"},
    409: {"description": "Conflicts with the item's current state or an earlier request with the same key"},
    413: {"description": "The request body is larger than allowed"},
    422: {"description": "A field is invalid; the detail names the field"},
    429: {"description": "Too many attempts; try again after Retry-After seconds", "headers": _RETRY_AFTER},
    503: {"description": "Temporarily unavailable; try again later", "headers": _RETRY_AFTER},
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers a route can give, each with the ``{"detail": ...}`` body."""
    return {code: {"model": ErrorOut, **_ERRORS[code]} for code in codes}
