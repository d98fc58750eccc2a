"""Dependencies for the routers, in one place."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.lanes import ChatLanes
from assistant.api.provider import HandoffProvider, QueueUnavailable
from assistant.engine import Assistant
from assistant.factory import Handoff
from assistant.feedback import FeedbackStore
from assistant.handoff.auth import AuthError, StaffAuth, StaffIdentity
from assistant.handoff.db import session_factory


# The chat's dependencies only read app.state: async, so that FastAPI runs them on the event loop instead of
# handing each to a worker thread and back (two thread round trips per chat request).
async def get_assistant(request: Request) -> Assistant:
    assistant: Assistant | None = getattr(request.app.state, "assistant", None)
    if assistant is None:
        error = getattr(request.app.state, "startup_error", "the assistant is not ready")
        raise HTTPException(status_code=503, detail=f"assistant unavailable: {error}")
    return assistant


def get_provider(request: Request) -> HandoffProvider:
    provider: HandoffProvider | None = getattr(request.app.state, "handoff_provider", None)
    if provider is None:
        raise QueueUnavailable()
    return provider


def get_handoff(provider: Annotated[HandoffProvider, Depends(get_provider)], request: Request) -> Handoff:
    """The queue; built again here when the database was down (QueueUnavailable -> 503, reason logged)."""
    handoff = provider.get()
    request.app.state.handoff = handoff
    return handoff


def feedback_store(request: Request) -> FeedbackStore:
    """The feedback store on the queue's database (built once per queue; QueueUnavailable -> 503)."""
    handoff = get_handoff(get_provider(request), request)
    store: FeedbackStore | None = getattr(request.app.state, "feedback", None)
    if store is None or store.sessions.kw.get("bind") is not handoff.engine:
        store = FeedbackStore(session_factory(handoff.engine))
        request.app.state.feedback = store
    return store


async def get_lanes(request: Request) -> ChatLanes:
    lanes: ChatLanes | None = getattr(request.app.state, "lanes", None)
    if lanes is None:
        raise HTTPException(status_code=503, detail="starting")
    return lanes


# auto_error off: a missing or malformed header is our AuthError (401 with the message), not FastAPI's 403.
bearer = HTTPBearer(auto_error=False, description="The token from POST /api/staff/login")


def session_token(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> str:
    if credentials is None or not credentials.credentials:
        raise AuthError("log in first: send 'Authorization: Bearer <token>'")
    return credentials.credentials


def current_staff(
    handoff: Annotated[Handoff, Depends(get_handoff)], token: Annotated[str, Depends(session_token)]
) -> StaffIdentity:
    return handoff.auth.identify(token)  # AuthError -> 401 in the app's error handler


def current_admin(staff: Annotated[StaffIdentity, Depends(current_staff)]) -> StaffIdentity:
    StaffAuth.require(staff, "admin")  # PermissionDenied -> 403
    return staff


AssistantDep = Annotated[Assistant, Depends(get_assistant)]
HandoffDep = Annotated[Handoff, Depends(get_handoff)]
ProviderDep = Annotated[HandoffProvider, Depends(get_provider)]
FeedbackDep = Annotated[FeedbackStore, Depends(feedback_store)]
LanesDep = Annotated[ChatLanes, Depends(get_lanes)]
StaffDep = Annotated[StaffIdentity, Depends(current_staff)]
TokenDep = Annotated[str, Depends(session_token)]
AdminDep = Annotated[StaffIdentity, Depends(current_admin)]
