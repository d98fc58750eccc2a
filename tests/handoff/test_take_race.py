"""Two staff members take the same request at the same moment: exactly one gets it, on SQLite as on
PostgreSQL. A barrier holds each thread just before its write, so both have read the request as new."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import event

from assistant.factory import Handoff
from assistant.handoff.queue import Conflict, NewRequest
from tests.handoff.conftest import Clock

pytestmark = pytest.mark.integration


def test_two_staff_members_cannot_both_take_a_request(handoff: Handoff, clock: Clock) -> None:
    first = handoff.auth.add_user("maija", "maijan-salasana-1", "staff")
    second = handoff.auth.add_user("pekka", "pekan-salasana-12", "staff")
    request_id = handoff.queue.submit(NewRequest("Apua arkeen", "phone", phone="040 123 4567")).id
    both_ready = threading.Barrier(2, timeout=10)

    def hold_before_writing(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE HELP_REQUESTS"):
            both_ready.wait()

    event.listen(handoff.engine, "before_cursor_execute", hold_before_writing)

    def take(staff: Any) -> str:
        try:
            return str(handoff.queue.take(request_id, staff)["assigned_to"])
        except Conflict as exc:
            return f"conflict: {exc}"

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(take, [first, second]))
    event.remove(handoff.engine, "before_cursor_execute", hold_before_writing)

    winners = [o for o in outcomes if not o.startswith("conflict")]
    losers = [o for o in outcomes if o.startswith("conflict")]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "taken by someone else" in losers[0]
    assert str(handoff.queue.get(request_id)["assigned_to"]) == winners[0]
    taken = [e for e in handoff.queue.audit() if e["action"] == "taken"]
    assert len(taken) == 1


def test_taking_again_and_taking_a_closed_request(handoff: Handoff, clock: Clock) -> None:
    staff = handoff.auth.add_user("maija", "maijan-salasana-1", "staff")
    request_id = handoff.queue.submit(NewRequest("Apua arkeen", "phone", phone="040 123 4567")).id
    assert handoff.queue.take(request_id, staff)["status"] == "in_progress"
    assert handoff.queue.take(request_id, staff)["assigned_to"] == staff.id  # one's own again: fine
    handoff.queue.set_status(request_id, staff, "closed")
    with pytest.raises(Conflict, match="closed already"):
        handoff.queue.take(request_id, staff)
