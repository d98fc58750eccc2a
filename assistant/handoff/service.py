"""The human side as one object: the Pyydä apua queue, staff accounts and the Apua huoliin hours."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from assistant.handoff.auth import StaffAuth
from assistant.handoff.calendar import ChatHours
from assistant.handoff.queue import HandoffQueue


@dataclass
class Handoff:
    """The human side: the Pyydä apua queue, staff accounts and the Apua huoliin hours."""

    engine: Engine
    queue: HandoffQueue
    auth: StaffAuth
    chat_hours: ChatHours
    chat_url: str
    timezone: str
