"""Reads and writes of the feedback loop: the log of answered turns, the ratings, retention.

Nothing here stores text that has not gone through :func:`assistant.feedback.scrub.scrub`, and a turn
with a risk signal (route ``crisis`` or ``safety`` other than ``none``) is kept without any text.
Safe to share between threads (one session per call)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import InputError
from assistant.feedback.models import Feedback, TurnLog
from assistant.feedback.names import NameCheck
from assistant.feedback.scrub import scrub
from assistant.handoff.calendar import utc_now

logger = logging.getLogger(__name__)

# wrong information, did not answer my question, hard to understand, wrong language, I needed a person
REASONS = ("wrong_info", "not_answered", "hard_to_understand", "wrong_language", "needed_person")
MAX_COMMENT = 1000
_RESPONSE_ID = re.compile(r"^[0-9a-f]{8,64}$")
_INSERT_TURN = insert(cast(Table, TurnLog.__table__))


def _has_risk(route: str, safety: str) -> bool:
    return route == "crisis" or safety != "none"


@dataclass(frozen=True)
class Unhelpful:
    """A "no" rating with the scrubbed question it was about (for export and staff insight)."""

    response_id: str
    at: datetime
    lang: str
    route: str
    question: str
    reason: str | None
    comment: str | None
    needs: tuple[str, ...] = ()


class FeedbackStore:
    """The turn log and the ratings in the queue's database."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime] = utc_now,
        names: NameCheck | None = None,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.names = names  # whether a word after "olen" is a name; None: Voikko (scrub's default)

    def log_turn(self, response: dict[str, Any], question: str, latency_ms: float) -> None:
        """Keep one answered turn (``response`` is a chat response as in DESIGN.md, with ``needs``: the
        matched family need ids). Logging the same response twice keeps the first."""
        route, safety = str(response["route"]), str(response.get("safety", "none"))
        sources = response.get("sources") or []
        row = {
            "response_id": str(response["id"]),
            "at": self.clock(),
            "route": route,
            "safety": safety,
            "lang": str(response.get("lang", ""))[:5],
            "services": " ".join(str(s["id"]) for s in response.get("services") or [])[:400],
            "needs": " ".join(str(n) for n in response.get("needs") or [])[:200],
            "sources": " ".join(str(s["id"]) for s in sources),
            "scores": " ".join(f"{float(s.get('score', 0.0)):.4f}" for s in sources),
            "latency_ms": round(float(latency_ms), 1),
            "question": None if _has_risk(route, safety) else scrub(question.strip(), self.names)[:4000],
        }
        # One Core INSERT on the sessions' engine: the same row as through an ORM session, at a third of the
        # CPU (every chat turn is logged, so this runs once per chat request).
        try:
            with self._engine().begin() as connection:
                connection.execute(_INSERT_TURN, row)
        except IntegrityError:
            logger.info("turn %s already logged", row["response_id"])

    def _engine(self) -> Any:
        bind = self.sessions.kw.get("bind")
        if bind is None:  # a session factory without an engine of its own: ask a session for it
            with self.sessions() as db:
                return db.get_bind(TurnLog)
        return bind

    def add_feedback(
        self, response_id: str, helpful: bool, reason: str | None = None, comment: str | None = None
    ) -> None:
        """Store a rating; a new rating of the same response replaces the earlier one. A reason is only
        kept with "no"; the comment is scrubbed, and dropped for a response with a risk signal."""
        if not _RESPONSE_ID.match(response_id):
            raise InputError("id: the id of a chat response")
        if reason is not None and reason not in REASONS:
            raise InputError(f"reason: one of {', '.join(REASONS)}")
        text = (comment or "").strip()
        if len(text) > MAX_COMMENT:
            raise InputError(f"comment: at most {MAX_COMMENT} characters")
        with self.sessions.begin() as db:
            turn = db.scalar(select(TurnLog).where(TurnLog.response_id == response_id))
            if turn is not None and _has_risk(turn.route, turn.safety):
                text = ""
            db.execute(delete(Feedback).where(Feedback.response_id == response_id))
            db.add(
                Feedback(
                    response_id=response_id,
                    at=self.clock(),
                    helpful=helpful,
                    reason=None if helpful else reason,
                    comment=scrub(text, self.names) if text and not helpful else None,
                )
            )

    def unhelpful(self, since: timedelta) -> list[Unhelpful]:
        """ "No" ratings of the last ``since`` whose turn has a (scrubbed) question, oldest first."""
        start = self.clock() - since
        query = (
            select(Feedback, TurnLog)
            .join(TurnLog, TurnLog.response_id == Feedback.response_id)
            .where(Feedback.helpful.is_(False), Feedback.at >= start, TurnLog.question.is_not(None))
            .order_by(Feedback.at, Feedback.id)
        )
        with self.sessions() as db:
            return [
                Unhelpful(
                    f.response_id, f.at, t.lang, t.route, t.question or "", f.reason, f.comment, tuple(t.needs.split())
                )
                for f, t in db.execute(query).all()
            ]

    def attention(self, since: timedelta) -> list[Unhelpful]:
        """What staff should look at, oldest first: the "no" ratings of :meth:`unhelpful` and the questions
        the assistant could not answer (route ``out_of_scope``) that nobody rated "yes"; an unanswered turn
        has ``reason`` None and its time is the turn's."""
        start = self.clock() - since
        query = (
            select(TurnLog, Feedback)
            .outerjoin(Feedback, Feedback.response_id == TurnLog.response_id)
            .where(TurnLog.at >= start, TurnLog.route == "out_of_scope", TurnLog.question.is_not(None))
            .where(Feedback.id.is_(None))
        )
        with self.sessions() as db:
            unanswered = [
                Unhelpful(t.response_id, t.at, t.lang, t.route, t.question or "", None, None, tuple(t.needs.split()))
                for t, _ in db.execute(query).all()
            ]
        rows = self.unhelpful(since) + unanswered
        return sorted(rows, key=lambda row: (row.at, row.response_id))

    def turns(self, since: timedelta) -> list[dict[str, Any]]:
        """Logged turns of the last ``since`` with their rating (``helpful`` None when unrated)."""
        start = self.clock() - since
        query = (
            select(TurnLog, Feedback.helpful)
            .outerjoin(Feedback, Feedback.response_id == TurnLog.response_id)
            .where(TurnLog.at >= start)
            .order_by(TurnLog.at)
        )
        with self.sessions() as db:
            return [
                {
                    "at": t.at,
                    "route": t.route,
                    "lang": t.lang,
                    "question": t.question,
                    "needs": t.needs.split(),
                    "helpful": helpful,
                }
                for t, helpful in db.execute(query).all()
            ]

    def purge(self, older_than: timedelta) -> int:
        """Delete turns and ratings older than ``older_than``; returns how many rows went."""
        cutoff = self.clock() - older_than
        with self.sessions.begin() as db:
            turns = cast(CursorResult[Any], db.execute(delete(TurnLog).where(TurnLog.at < cutoff))).rowcount
            ratings = cast(CursorResult[Any], db.execute(delete(Feedback).where(Feedback.at < cutoff))).rowcount
        logger.info("purged %d turns and %d ratings", turns, ratings)
        return int(turns) + int(ratings)
