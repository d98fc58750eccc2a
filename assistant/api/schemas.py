"""Request and response shapes at the HTTP edge (kept apart from the core types)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.engine import MAX_HISTORY_TURNS, MAX_MESSAGE_CHARS


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    history: list[str] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS)
    lang: Literal["fi", "sv", "en"] | None = None
    plain: bool = False


class SourceOut(BaseModel):
    id: str
    doc: str
    title: str
    section: str
    url: str | None
    text: str
    score: float


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


class ErrorOut(BaseModel):
    detail: str
