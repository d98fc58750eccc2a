"""The Pyydä apua queue on SQLite and PostgreSQL: due dates, idempotency, consent, workflow, audit, purge."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from assistant.errors import InputError
from assistant.factory import Handoff
from assistant.handoff.models import HelpRequest
from assistant.handoff.queue import Conflict, NewRequest, NotFound
from tests.handoff.conftest import Clock

pytestmark = pytest.mark.integration


def request(**fields: object) -> NewRequest:
    base: dict[str, object] = {
        "message": "Tarvitsen apua lapsen uniongelmiin",
        "contact_method": "phone",
        "phone": "040 123 4567",
    }
    return NewRequest(**{**base, **fields})  # type: ignore[arg-type]


def count(handoff: Handoff) -> int:
    with handoff.queue.sessions() as db:
        return int(db.scalar(select(func.count()).select_from(HelpRequest)) or 0)


def test_submit_gives_reference_and_due_date_after_midsummer(handoff: Handoff, clock: Clock) -> None:
    submitted = handoff.queue.submit(request())
    assert submitted.created and submitted.reference == f"PA-2026-{submitted.id:06d}"
    assert submitted.due_date == date(2026, 6, 23)  # Thu -> (Fri Midsummer Eve, weekend) -> Tue


def test_same_idempotency_key_creates_one_request(handoff: Handoff, clock: Clock) -> None:
    first = handoff.queue.submit(request(idempotency_key="key-12345678"))
    again = handoff.queue.submit(request(idempotency_key="key-12345678"))
    assert again.reference == first.reference and not again.created
    assert count(handoff) == 1
    with pytest.raises(Conflict, match="used already for a request with other content"):
        handoff.queue.submit(request(idempotency_key="key-12345678", message="Jotain aivan muuta"))
    assert count(handoff) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"message": "   "}, "message"),
        ({"message": "x" * 4001}, "message"),
        ({"contact_method": "phone", "phone": None}, "phone"),
        ({"contact_method": "phone", "phone": "soita minulle"}, "phone"),
        ({"contact_method": "email", "phone": None, "email": None}, "email"),
        ({"contact_method": "email", "phone": None, "email": "ei-osoite"}, "email"),
        ({"contact_method": "callback", "callback_time": None}, "callback_time"),
        ({"contact_method": "pigeon"}, "contact_method"),
        ({"transcript": ["Mikä on Vakkanen?"], "consent_transcript": False}, "transcript"),
    ],
)
def test_rejected_requests_name_the_field_and_store_nothing(
    handoff: Handoff, clock: Clock, fields: dict, field: str
) -> None:
    with pytest.raises(InputError, match=f"^{field}:"):
        handoff.queue.submit(request(**fields))
    assert count(handoff) == 0


def test_transcript_is_kept_only_with_consent(handoff: Handoff, clock: Clock) -> None:
    with_consent = handoff.queue.submit(request(consent_transcript=True, transcript=["Mikä on Vakkanen?", "Kiitos"]))
    without = handoff.queue.submit(request(consent_transcript=False))
    assert handoff.queue.get(with_consent.id)["transcript"] == ["Mikä on Vakkanen?", "Kiitos"]
    assert handoff.queue.get(without.id)["transcript"] is None


def test_staff_workflow_with_audit(handoff: Handoff, clock: Clock) -> None:
    staff = handoff.auth.add_user("maija", "pitkä-salasana-1", "staff")
    submitted = handoff.queue.submit(request())
    assert [r["status"] for r in handoff.queue.requests("new")] == ["new"]
    taken = handoff.queue.take(submitted.id, staff)
    assert taken["status"] == "in_progress" and taken["assigned_to"] == staff.id
    handoff.queue.save_draft(submitted.id, staff, "Hei, ...")
    answered = handoff.queue.set_status(submitted.id, staff, "answered")
    assert answered["status"] == "answered" and answered["draft_reply"] == "Hei, ..."
    with pytest.raises(Conflict):
        handoff.queue.set_status(submitted.id, staff, "new")
    actions = [(e["actor"], e["action"]) for e in handoff.queue.audit()]
    assert ("maija", "taken") in actions and ("maija", "draft_saved") in actions
    assert ("maija", "status_answered") in actions and ("family", "submitted") in actions
    assert all("uniongelm" not in str(e) for e in handoff.queue.audit())  # no message text in the audit log
    with pytest.raises(NotFound):
        handoff.queue.get(99999)


def test_overdue_is_marked(handoff: Handoff, clock: Clock) -> None:
    submitted = handoff.queue.submit(request())
    clock.now += timedelta(days=6)  # Wednesday 24 June: due Tuesday 23 June
    item = next(r for r in handoff.queue.requests() if r["id"] == submitted.id)
    assert item["overdue"] is True


def test_purge_deletes_only_old_closed_requests(handoff: Handoff, clock: Clock) -> None:
    staff = handoff.auth.add_user("admin", "pitkä-salasana-2", "admin")
    old = handoff.queue.submit(request(consent_transcript=True, transcript=["x"]))
    handoff.queue.set_status(old.id, staff, "closed")
    still_open = handoff.queue.submit(request())
    clock.now += timedelta(days=91)
    recent = handoff.queue.submit(request())
    handoff.queue.set_status(recent.id, staff, "closed")
    assert handoff.queue.purge(timedelta(days=90)) == 1
    remaining = {r["id"] for r in handoff.queue.requests()}
    assert remaining == {still_open.id, recent.id}


def test_200_concurrent_submissions_are_all_stored_once(handoff: Handoff, clock: Clock) -> None:
    def submit(i: int) -> str:
        return handoff.queue.submit(request(message=f"Pyyntö {i}", idempotency_key=f"concurrent-{i:04d}")).reference

    with ThreadPoolExecutor(max_workers=16) as pool:
        references = list(pool.map(submit, range(200)))
        # A retry storm: every request sent again, concurrently.
        retried = list(pool.map(submit, range(200)))
    assert len(set(references)) == 200
    assert retried == references
    assert count(handoff) == 200
