"""The service catalogue: GET /api/services (filters) and GET /api/services/{id}."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam

from assistant.api.deps import AssistantDep
from assistant.api.schemas import error_responses
from assistant.services import service_card

router = APIRouter(prefix="/api/services", tags=["services"])
Lang = Literal["fi", "sv", "en"]


def _corpus(assistant: Any) -> Any:
    if assistant.corpus is None:
        raise HTTPException(status_code=503, detail="the service catalogue is unavailable")
    return assistant.corpus


@router.get("", responses=error_responses(422, 503))
def list_services(
    assistant: AssistantDep,
    theme: str | None = Query(None, max_length=100),
    level: str | None = Query(None, max_length=100),
    audience: str | None = Query(None, max_length=100, description="words that must occur in the audience"),
    q: str | None = Query(None, max_length=200, description="words to look for in name, summary and keywords"),
    lang: Lang = "fi",
    plain: bool = False,
) -> list[dict[str, Any]]:
    """Catalogue entries, optionally filtered; each as the service card the chat shows."""
    out = []
    corpus = _corpus(assistant)
    for service in corpus.services:
        if theme and theme not in service.themes:
            continue
        if level and service.level != level:
            continue
        if audience and audience.lower() not in service.audience.lower():
            continue
        if q:
            haystack = " ".join(
                [
                    service.name.get(lang),
                    service.summary.get(lang),
                    service.name.fi,
                    service.summary.fi,
                    *service.keywords,
                ]
            ).lower()
            if not all(word in haystack for word in q.lower().split()):
                continue
        out.append({**service_card(service, lang, plain, corpus), "themes": service.themes, "level": service.level})
    return out


@router.get("/{service_id}", responses=error_responses(404, 422, 503))
def get_service(
    service_id: Annotated[str, PathParam(max_length=100, openapi_examples={"neuvola": {"value": "neuvola"}})],
    assistant: AssistantDep,
    lang: Lang = "fi",
    plain: bool = False,
) -> dict[str, Any]:
    service = _corpus(assistant).service(service_id)
    if service is None:
        raise HTTPException(status_code=404, detail=f"no service {service_id!r}")
    return {
        **service_card(service, lang, plain, _corpus(assistant)),
        "themes": service.themes,
        "level": service.level,
        "audience": service.audience,
        "cost": service.cost,
        "anonymity": service.anonymity,
        "source": service.source,
    }
