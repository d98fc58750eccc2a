"""POST /api/feedback, and the turn log written after a chat reply has been sent."""

from __future__ import annotations

import logging
import time
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request

from assistant.api.deps import FeedbackDep, feedback_store
from assistant.api.schemas import FeedbackIn, FeedbackOut, error_responses
from assistant.handoff.db import describe_error

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["feedback"])


@router.post("/feedback", response_model=FeedbackOut, status_code=201, responses=error_responses(400, 413, 422, 503))
def feedback(body: FeedbackIn, store: FeedbackDep) -> dict[str, Any]:
    """A family's rating of one chat response (its ``id``): helpful or not; with "no" one fixed reason and
    an optional comment, which is scrubbed of personal data before it is stored. Rating again replaces."""
    store.add_feedback(body.id, body.helpful, body.reason, body.comment)
    return {"stored": True}


def log_after_reply(
    background: BackgroundTasks, request: Request, response: dict[str, Any], question: str, started: float
) -> None:
    """Log the turn once the reply has gone out (a background task), so it never delays an answer."""
    latency_ms = (time.perf_counter() - started) * 1000
    background.add_task(_log_turn, request, response, question, latency_ms)


def _log_turn(request: Request, response: dict[str, Any], question: str, latency_ms: float) -> None:
    # A logging failure (database down, anything) is logged by its kind and never reaches the family.
    try:
        feedback_store(request).log_turn(response, question, latency_ms)
    except Exception as exc:
        logger.warning("turn not logged: %s", describe_error(exc))
