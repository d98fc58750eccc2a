"""GET /api/staff/insight: what families asked and which answers did not help (staff and admin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from assistant.api.deps import AssistantDep, FeedbackDep, LanesDep, StaffDep
from assistant.api.schemas import InsightOut, error_responses
from assistant.feedback.insight import build_insight

router = APIRouter(prefix="/api/staff", tags=["staff"])


@router.get("/insight", response_model=InsightOut, responses=error_responses(401, 403, 422, 503))
async def insight(
    store: FeedbackDep,
    staff: StaffDep,
    assistant: AssistantDep,
    lanes: LanesDep,
    days: Annotated[int, Query(ge=1, le=366, description="How many days back")] = 30,
) -> dict[str, Any]:
    """Questions per day and route, the shares of "no" ratings and out-of-scope answers, and the questions
    rated "no" grouped by meaning (the assistant's embedder), largest group first."""
    embedder = assistant.embedder
    embed = embedder.embed_query if embedder is not None else None
    return await lanes.run("answer", build_insight, store, embed, days)
