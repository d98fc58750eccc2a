"""Staff insight (roles staff and admin): what families asked and which answers did not help.

``GET /api/staff/insight`` gives the counts; the tables come in pages (``limit``, ``offset``):
``/days`` (questions per day and route), ``/needs`` (the most common family needs), ``/groups`` (questions
that did not help, grouped by meaning). ``/chart.svg`` draws the days as a chart, ``/groups/{key}/draft``
drafts a curated answer for a group, ``/export`` gives the "no" questions as test-set cases or CSV."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel

from assistant.api.deps import AssistantDep, FeedbackDep, LanesDep, StaffDep
from assistant.api.schemas import error_responses
from assistant.config import Settings, get_settings
from assistant.engine import Assistant
from assistant.feedback.chart import ChartTexts, day_route_svg
from assistant.feedback.curated_draft import best_cites, draft_yaml
from assistant.feedback.export import to_csv, to_testset
from assistant.feedback.insight import ROUTES, Insight, paginate
from assistant.feedback.need_titles import need_titles
from assistant.feedback.store import FeedbackStore
from assistant.handoff.queue import NotFound
from assistant.i18n import t, ui_language

router = APIRouter(prefix="/api/staff/insight", tags=["staff"])
SIGNED_IN = error_responses(401, 422, 503)

Days = Annotated[int, Query(ge=1, le=366, description="How many days back")]
Limit = Annotated[int, Query(ge=1, le=200, description="Rows per page")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Rows to skip")]
Lang = Annotated[Literal["fi", "sv", "en"], Query(description="Language of the texts for staff")]
GroupKey = Annotated[str, Path(pattern="^[0-9a-f]{8,64}$", description="The group's key (from /groups)")]


class SummaryOut(BaseModel):
    days: int
    questions: int
    rated: int
    unhelpful: int
    share_no: float
    share_out_of_scope: float
    days_total: int
    needs_total: int


class DayOut(BaseModel):
    date: str
    routes: dict[str, int]


class NeedOut(BaseModel):
    id: str
    title: str
    count: int
    share: float


class GroupOut(BaseModel):
    key: str
    question: str
    lang: str
    count: int
    unanswered: int
    examples: list[str]
    reasons: dict[str, int]


class PageOut(BaseModel):
    total: int
    limit: int
    offset: int


class DaysPage(PageOut):
    items: list[DayOut]


class NeedsPage(PageOut):
    items: list[NeedOut]


class GroupsPage(PageOut):
    items: list[GroupOut]


class DraftOut(BaseModel):
    key: str
    count: int
    yaml: str


def get_insight(
    store: FeedbackDep, assistant: AssistantDep, settings: Annotated[Settings, Depends(get_settings)]
) -> Insight:
    embedder = assistant.embedder
    embed = embedder.embed_query if embedder is not None else None
    return Insight(store, embed, need_titles(settings.corpus_dir / "needs.yaml"))


InsightDep = Annotated[Insight, Depends(get_insight)]


def _page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    rows, total = paginate(items, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("", response_model=SummaryOut, responses=SIGNED_IN)
def summary(insight: InsightDep, staff: StaffDep, days: Days = 30) -> dict[str, Any]:
    """Questions, ratings, the shares of "no" and out-of-scope answers, and the size of each table."""
    return insight.summary(days)


@router.get("/days", response_model=DaysPage, responses=SIGNED_IN)
def per_day(insight: InsightDep, staff: StaffDep, days: Days = 30, limit: Limit = 31, offset: Offset = 0) -> dict:
    """Questions per day and route, newest day first (the chart's data as a table)."""
    return _page(list(reversed(insight.per_day(days))), limit, offset)


@router.get("/needs", response_model=NeedsPage, responses=SIGNED_IN)
def needs(insight: InsightDep, staff: StaffDep, days: Days = 30, limit: Limit = 10, offset: Offset = 0) -> dict:
    """The family needs the answers matched, most common first, with their Finnish titles."""
    return _page(insight.needs(days), limit, offset)


@router.get("/groups", response_model=GroupsPage, responses=SIGNED_IN)
async def groups(
    insight: InsightDep, staff: StaffDep, lanes: LanesDep, days: Days = 30, limit: Limit = 10, offset: Offset = 0
) -> dict:
    """Questions rated "no" or left unanswered (out of scope), grouped by meaning with the assistant's
    embedder, largest group first; ``key`` names a group for its draft."""
    found = await lanes.run("answer", insight.groups, days)
    return _page([g.as_dict() for g in found], limit, offset)


def _draft(insight: Insight, assistant: Assistant, days: int, key: str, lang: str) -> dict[str, Any]:
    group = insight.group(days, key)
    if group is None:
        raise NotFound(t("staff_draft_gone", lang))
    taken = [answer.id for answer in assistant.corpus.answers] if assistant.corpus else []
    cites = best_cites(assistant, group.question, group.lang)
    return {"key": key, "count": group.count, "yaml": draft_yaml(group, cites, taken, lang)}


@router.get("/groups/{key}/draft", response_model=DraftOut, responses={**SIGNED_IN, **error_responses(404)})
async def draft(
    key: GroupKey,
    insight: InsightDep,
    assistant: AssistantDep,
    staff: StaffDep,
    lanes: LanesDep,
    days: Days = 30,
    lang: Lang = "fi",
) -> dict[str, Any]:
    """A curated answer to complete, in the format of corpus/answers.yaml: the group's wordings as question
    variants, the best sources as ``cites``, the answer texts marked ``!KESKEN`` (which the corpus loader
    refuses, so an unfinished draft cannot be served). Nothing is written to the corpus."""
    return await lanes.run("answer", _draft, insight, assistant, days, key, lang)


def _chart(store: FeedbackStore, insight: Insight, days: int, lang: str, narrow: bool) -> bytes:
    today: date = store.clock().date()
    counts = {row["date"]: row["routes"] for row in insight.per_day(days)}
    period = [today - timedelta(days=back) for back in range(days - 1, -1, -1)]
    texts = ChartTexts(
        t("staff_insight_chart_title", lang),
        t("staff_insight_chart_y", lang),
        {route: t(f"staff_route_{route}", lang) for route in ROUTES},
    )
    return day_route_svg([(day, counts.get(day.isoformat(), {})) for day in period], texts, narrow)


@router.get(
    "/chart.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}, "description": "The chart"}, **SIGNED_IN},
)
async def chart(
    store: FeedbackDep,
    insight: InsightDep,
    staff: StaffDep,
    lanes: LanesDep,
    days: Days = 30,
    lang: Lang = "fi",
    size: Annotated[Literal["wide", "narrow"], Query(description="narrow: for a phone's width")] = "wide",
) -> Response:
    """Questions per day and route as a stacked bar chart (SVG); ``/days`` has the same as a table."""
    svg = await lanes.run("answer", _chart, store, insight, days, ui_language(lang), size == "narrow")
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {"content": {"application/yaml": {}, "text/csv": {}}, "description": "The cases"},
        **SIGNED_IN,
    },
)
def export(
    store: FeedbackDep,
    staff: StaffDep,
    days: Days = 30,
    format: Annotated[Literal["testset", "csv"], Query(description="testset (YAML cases) or csv")] = "testset",
) -> Response:
    """The scrubbed questions rated "no" as test-set cases (route and evidence for a person to fill) or as
    CSV, as ``perhekeskus feedback export`` writes them."""
    rows = store.unhelpful(timedelta(days=days))
    stamp = store.clock().strftime("%Y%m%d")
    if format == "csv":
        body, media, name = to_csv(rows), "text/csv", f"palaute-{stamp}.csv"
    else:
        body, media, name = to_testset(rows), "application/yaml", f"palaute-{stamp}.yaml"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)
