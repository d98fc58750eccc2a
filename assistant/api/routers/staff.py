"""Staff routes: login, the queue, a request, the assistant's draft, saving a reply, status, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AdminDep, AssistantDep, HandoffDep, StaffDep
from assistant.handoff.draft import build_draft

router = APIRouter(prefix="/api/staff", tags=["staff"])


class Login(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


class Token(BaseModel):
    token: str
    expires_at: datetime


class Reply(BaseModel):
    text: str = Field(max_length=10_000)


class StatusChange(BaseModel):
    status: Literal["new", "in_progress", "answered", "closed"]


@router.post("/login", response_model=Token)
async def login(body: Login, handoff: HandoffDep) -> Token:
    token, expires = await run_in_threadpool(handoff.auth.login, body.name, body.password)
    return Token(token=token, expires_at=expires)


@router.get("/requests")
def queue(handoff: HandoffDep, staff: StaffDep, status: str | None = None) -> list[dict[str, Any]]:
    return handoff.queue.requests(status)


@router.get("/requests/{request_id}")
async def request(request_id: int, handoff: HandoffDep, staff: StaffDep, assistant: AssistantDep) -> dict[str, Any]:
    """The request (transcript only when consented) with the assistant's suggested sources and services."""
    item = handoff.queue.get(request_id)
    suggested = await run_in_threadpool(assistant.ask, item["message"][:2000], None, item["lang"])
    item["suggested"] = {
        "route": suggested.route,
        "sources": [s.as_dict() for s in suggested.sources[:3]],
        "services": suggested.services,
    }
    return item


@router.post("/requests/{request_id}/take")
def take(request_id: int, handoff: HandoffDep, staff: StaffDep) -> dict[str, Any]:
    return handoff.queue.take(request_id, staff)


@router.post("/requests/{request_id}/draft")
async def draft(request_id: int, handoff: HandoffDep, staff: StaffDep, assistant: AssistantDep) -> dict[str, Any]:
    """A reply drafted by the assistant from the family's message, with services and sources, to edit."""
    item = handoff.queue.get(request_id)
    return await run_in_threadpool(build_draft, assistant, item["message"], item["lang"])


@router.put("/requests/{request_id}/reply")
def save_reply(request_id: int, body: Reply, handoff: HandoffDep, staff: StaffDep) -> dict[str, Any]:
    return handoff.queue.save_draft(request_id, staff, body.text)


@router.post("/requests/{request_id}/status")
def change_status(request_id: int, body: StatusChange, handoff: HandoffDep, staff: StaffDep) -> dict[str, Any]:
    return handoff.queue.set_status(request_id, staff, body.status)


@router.get("/audit")
def audit(handoff: HandoffDep, admin: AdminDep, limit: int = 200) -> list[dict[str, Any]]:
    return handoff.queue.audit(min(max(limit, 1), 1000))
