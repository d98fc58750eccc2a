"""Tables of the feedback loop (on the queue's ``Base``, in the queue's database; migrations 0003 and 0004)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.handoff.models import Base


class TurnLog(Base):
    """One answered chat turn. ``question`` is scrubbed of personal data, and empty for any turn with a
    risk signal (route crisis or a safety notice)."""

    __tablename__ = "chat_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(String(64), unique=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    route: Mapped[str] = mapped_column(String(20))
    safety: Mapped[str] = mapped_column(String(10))
    lang: Mapped[str] = mapped_column(String(5))
    services: Mapped[str] = mapped_column(String(400))  # catalogue ids, space-separated, in rank order
    needs: Mapped[str] = mapped_column(String(200), default="")  # family need ids (answer route), migration 0004
    sources: Mapped[str] = mapped_column(Text)  # source ids, space-separated, in rank order
    scores: Mapped[str] = mapped_column(Text)  # their scores, space-separated
    latency_ms: Mapped[float] = mapped_column(Float)
    question: Mapped[str | None] = mapped_column(Text)


class Feedback(Base):
    """A family's rating of one response: helpful or not, a fixed reason, an optional scrubbed comment."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
