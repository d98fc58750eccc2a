"""Purge leaves no readable trace of a purged request in the SQLite files (database, write-ahead log);
a retry with the same idempotency key but other content is refused with 409, not dropped silently."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from assistant.factory import Handoff
from assistant.handoff.queue import Conflict, NewRequest
from tests.handoff.conftest import Clock

pytestmark = pytest.mark.integration

SECRET = "Salainen-huoli-7f3a: naapurin lapsi on yksin"


def sqlite_files(handoff: Handoff) -> list[Path]:
    database = Path(str(handoff.engine.url.database))
    return [p for p in (database, database.with_name(database.name + "-wal")) if p.exists()]


def test_purged_text_is_not_left_in_the_database_files(handoff: Handoff, clock: Clock) -> None:
    if handoff.engine.dialect.name != "sqlite":
        pytest.skip("the files are the server's on PostgreSQL (there purge runs VACUUM, tested below)")
    staff = handoff.auth.add_user("maija", "maijan-salasana-1", "staff")
    request_id = handoff.queue.submit(NewRequest(SECRET, "email", email="salainen.vanhempi@example.fi")).id
    handoff.queue.set_status(request_id, staff, "closed")
    assert any(SECRET.encode() in p.read_bytes() for p in sqlite_files(handoff))  # the check can see it
    clock.now += timedelta(days=91)

    assert handoff.queue.purge(timedelta(days=90)) == 1
    for path in sqlite_files(handoff):
        content = path.read_bytes()
        assert SECRET.encode() not in content and b"salainen.vanhempi" not in content, path.name


def test_purge_runs_on_postgresql_too(handoff: Handoff, clock: Clock) -> None:
    staff = handoff.auth.add_user("maija", "maijan-salasana-1", "staff")
    request_id = handoff.queue.submit(NewRequest(SECRET, "phone", phone="040 123 4567")).id
    handoff.queue.set_status(request_id, staff, "closed")
    clock.now += timedelta(days=91)
    assert handoff.queue.purge(timedelta(days=90)) == 1
    assert handoff.queue.requests() == []


@pytest.mark.parametrize(
    "change",
    [{"phone": "040 765 4321"}, {"message": "Toinen asia"}, {"contact_method": "callback", "callback_time": "ma 12"}],
)
def test_a_retry_with_other_content_is_409(handoff: Handoff, clock: Clock, change: dict) -> None:
    first = NewRequest("Lapsi ei nuku", "phone", phone="040 123 4567", idempotency_key="avain-12345678")
    assert handoff.queue.submit(first).created
    same = NewRequest("Lapsi ei nuku ", "phone", phone=" 040 123 4567", idempotency_key="avain-12345678")
    assert handoff.queue.submit(same).created is False  # the same request again (spaces aside)
    other = NewRequest(**{**first.__dict__, **change})
    with pytest.raises(Conflict, match="used already for a request with other content"):
        handoff.queue.submit(other)
    assert len(handoff.queue.requests()) == 1
