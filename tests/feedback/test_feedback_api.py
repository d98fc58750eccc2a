"""POST /api/feedback and the turn log behind both chat routes, on SQLite and PostgreSQL: a henkilötunnus
and a phone number never reach the database, a crisis turn keeps no text, and a logging failure never
fails the chat."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, select

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import Handoff
from ui.mount import mount_ui

pytestmark = pytest.mark.integration

HETU, PHONE = "010203A123X", "040 123 4567"
QUESTION = f"Milloin neuvola on auki? Lapsen hetu on {HETU} ja numeroni {PHONE}."


@pytest.fixture
def client(tmp_path: Path, handoff: Handoff, bare_assistant: Assistant) -> Iterator[TestClient]:
    settings = Settings(index_dir=tmp_path / "no-index", data_dir=tmp_path / "data")
    app = create_app(settings, assistant_factory=lambda _: bare_assistant, handoff_factory=lambda _: handoff)
    with TestClient(mount_ui(app)) as test_client:
        yield test_client


def stored_text(handoff: Handoff) -> str:
    """Every value of every table of the database, as one text."""
    metadata = MetaData()
    metadata.reflect(handoff.engine)
    with handoff.engine.connect() as connection:
        return "\n".join(
            repr(tuple(row)) for table in metadata.sorted_tables for row in connection.execute(select(table))
        )


def test_henkilotunnus_and_phone_are_scrubbed_from_everything_stored(client: TestClient, handoff: Handoff) -> None:
    answer = client.post("/api/chat", json={"message": QUESTION})
    assert answer.status_code == 200 and answer.json()["route"] != "crisis"
    page = client.post("/ui/chat", json={"message": QUESTION})
    comment = f"Soittakaa {PHONE}, hetu {HETU}"
    for rid in (answer.json()["id"], page.json()["id"]):
        rated = client.post(
            "/api/feedback", json={"id": rid, "helpful": False, "reason": "needed_person", "comment": comment}
        )
        assert rated.status_code == 201, rated.text
    everything = stored_text(handoff)
    assert "Milloin neuvola on auki? Lapsen hetu on [hetu] ja numeroni [puhelin]." in everything
    assert "Soittakaa [puhelin], hetu [hetu]" in everything
    for secret in (HETU, PHONE, PHONE.replace(" ", ""), "1234567"):
        assert secret not in everything
    if handoff.engine.url.get_backend_name() == "sqlite":  # the files themselves, write-ahead log too
        database = Path(str(handoff.engine.url.database))
        raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
        assert HETU.encode() not in raw and PHONE.encode() not in raw


def test_a_crisis_turn_is_logged_without_any_text(client: TestClient, handoff: Handoff) -> None:
    reply = client.post("/ui/chat", json={"message": "Puoliso lyö minua nyt, olen Koskikatu 3"})
    assert reply.json()["route"] == "crisis"
    everything = stored_text(handoff)
    assert "'crisis'" in everything and "lyö" not in everything and "Koskikatu" not in everything


def test_nothing_is_logged_when_the_family_opted_out(client: TestClient, handoff: Handoff) -> None:
    for path in ("/api/chat", "/ui/chat"):
        assert client.post(path, json={"message": "Mikä on Motti?", "keep": False}).status_code == 200
    assert "Motti" not in stored_text(handoff)
    client.post("/api/chat", json={"message": "Mikä on Motti?"})
    assert "Motti" in stored_text(handoff)


def test_invalid_feedback_is_refused_with_the_field(client: TestClient) -> None:
    bad = client.post("/api/feedback", json={"id": "abcdef12", "helpful": False, "reason": "rude"})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("reason")
    bad = client.post("/api/feedback", json={"id": "<script>", "helpful": True})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("id")


def test_the_chat_answers_when_the_log_cannot_be_written(tmp_path: Path, bare_assistant: Assistant) -> None:
    def broken(_: Settings) -> Handoff:
        raise OSError("database down")

    settings = Settings(index_dir=tmp_path / "no-index", data_dir=tmp_path / "data")
    app: FastAPI = create_app(settings, assistant_factory=lambda _: bare_assistant, handoff_factory=broken)
    with TestClient(app) as client:
        reply = client.post("/api/chat", json={"message": "Mikä on Motti?"})
        assert reply.status_code == 200 and reply.json()["id"]
        rated = client.post("/api/feedback", json={"id": reply.json()["id"], "helpful": True})
        assert rated.status_code == 503
