"""Staff routes: login, the queue, a request, the assistant's draft, saving a reply, status, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AdminDep, AssistantDep, HandoffDep, LanesDep, StaffDep, TokenDep
from assistant.api.schemas import RequestId, Text, error_responses
from assistant.handoff.draft import build_draft

router = APIRouter(prefix="/api/staff", tags=["staff"])
# What every route behind the login can answer besides its own errors.
SIGNED_IN = error_responses(401, 503)
Status = Literal["new", "in_progress", "answered", "closed"]


class Login(BaseModel):
    name: Text = Field(min_length=1, max_length=80)
    password: Text = Field(min_length=1, max_length=200)


class Token(BaseModel):
    token: str
    expires_at: datetime


class Reply(BaseModel):
    text: Text = Field(max_length=10_000)


class StatusChange(BaseModel):
    status: Status


@router.post("/login", response_model=Token, responses=error_responses(400, 401, 413, 422, 429, 503))
async def login(body: Login, handoff: HandoffDep, request: Request) -> Token:
    """A session token. Failed logins are audited and limited per name and per client address (429 with
    Retry-After); an unknown name takes as long to refuse as a wrong password."""
    address = request.client.host if request.client else "unknown"
    token, expires = await run_in_threadpool(handoff.auth.login, body.name, body.password, address)
    return Token(token=token, expires_at=expires)


@router.post("/logout", status_code=204, responses=SIGNED_IN)
def logout(handoff: HandoffDep, staff: StaffDep, token: TokenDep) -> Response:
    """End this session on the server; the token stops working at once."""
    handoff.auth.logout(token)
    return Response(status_code=204)


@router.get("/requests", responses={**SIGNED_IN, **error_responses(422)})
def queue(handoff: HandoffDep, staff: StaffDep, status: Status | None = None) -> list[dict[str, Any]]:
    return handoff.queue.requests(status)


@router.get("/requests/{request_id}", responses={**SIGNED_IN, **error_responses(404, 422, 503)})
async def request(
    request_id: RequestId, handoff: HandoffDep, staff: StaffDep, assistant: AssistantDep, lanes: LanesDep
) -> dict[str, Any]:
    """The request (transcript only when consented) with the assistant's suggested sources and services."""
    item = await run_in_threadpool(handoff.queue.get, request_id)
    suggested = await lanes.run("answer", assistant.ask, item["message"][:2000], None, item["lang"])
    item["suggested"] = {
        "route": suggested.route,
        "sources": [s.as_dict() for s in suggested.sources[:3]],
        "services": suggested.services,
    }
    return item


@router.post("/requests/{request_id}/take", responses={**SIGNED_IN, **error_responses(404, 409, 422)})
def take(request_id: RequestId, handoff: HandoffDep, staff: StaffDep) -> dict[str, Any]:
    return handoff.queue.take(request_id, staff)


@router.post("/requests/{request_id}/draft", responses={**SIGNED_IN, **error_responses(404, 422, 503)})
async def draft(
    request_id: RequestId, handoff: HandoffDep, staff: StaffDep, assistant: AssistantDep, lanes: LanesDep
) -> dict[str, Any]:
    """A reply drafted by the assistant from the family's message, with services and sources, to edit."""
    item = await run_in_threadpool(handoff.queue.get, request_id)
    return await lanes.run("answer", build_draft, assistant, item["message"], item["lang"])


@router.put("/requests/{request_id}/reply", responses={**SIGNED_IN, **error_responses(400, 404, 409, 413, 422)})
def save_reply(request_id: RequestId, body: Reply, handoff: HandoffDep, staff: StaffDep) -> dict[str, Any]:
    return handoff.queue.save_draft(request_id, staff, body.text)


@router.post("/requests/{request_id}/status", responses={**SIGNED_IN, **error_responses(400, 404, 409, 413, 422)})
def change_status(request_id: RequestId, body: StatusChange, handoff: HandoffDep, staff: StaffDep) -> dict[str, Any]:
    return handoff.queue.set_status(request_id, staff, body.status)


@router.get("/audit", responses={**SIGNED_IN, **error_responses(403, 422)})
def audit(
    handoff: HandoffDep, admin: AdminDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[dict[str, Any]]:
    return handoff.queue.audit(limit)
