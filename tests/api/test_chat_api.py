"""The HTTP API with TestClient, on the real engine and index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.evaluation.replies import language_checks
from assistant.factory import make_assistant

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def client(built_index: Settings, assistant: Assistant) -> Iterator[TestClient]:
    app = create_app(built_index, assistant_factory=lambda _: assistant)
    with TestClient(app) as test_client:
        yield test_client


def test_health_and_version_header(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response.headers["X-App-Version"]
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_chat_answers_with_the_contract_shape(client: TestClient) -> None:
    response = client.post("/api/chat", json={"message": "Mikä on Vakkanen?"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", "route", "safety", "lang", "reply", "sources", "services", "handoff", "needs"}
    assert len(body["id"]) == 32 and body["safety"] == "none"
    assert isinstance(body["needs"], list) and len(body["needs"]) <= 1
    assert body["route"] == "answer" and body["lang"] == "fi"
    assert set(body["sources"][0]) == {"id", "doc", "title", "section", "url", "text", "score", "cited"}
    assert "Vakkanen" in body["sources"][0]["text"]
    assert "[1]" in body["reply"] and body["sources"][0]["cited"] is True  # quoted, so the reply draws on it
    assert {o["id"] for o in body["handoff"]["options"]} == {"pyyda-apua", "apua-huoliin-chat"}


def test_chat_in_english_uses_english_templates(client: TestClient) -> None:
    body = client.post("/api/chat", json={"message": "What is Vakkanen?", "lang": "en"}).json()
    assert body["lang"] == "en"
    assert "Vakkanen" in body["reply"] and all(language_checks(body["reply"], "en")), body["reply"]
    assert body["handoff"]["options"][0]["description"].startswith("Pyydä apua (Ask for help)")


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({}, "message"),
        ({"message": ""}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({"message": "hei", "lang": "de"}, "lang"),
        ({"message": "hei", "history": ["a"] * 11}, "history"),
    ],
)
def test_chat_rejects_bad_input_with_a_message(client: TestClient, payload: dict, fragment: str) -> None:
    response = client.post("/api/chat", json=payload)
    assert response.status_code == 422
    assert fragment in response.json()["detail"]


def test_without_index_the_chat_still_hands_over_and_sends_danger_to_112(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(index_dir=tmp_path / "no-index")
    with TestClient(create_app(settings, assistant_factory=make_assistant)) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "perhekeskus index build" in ready.json()["index"]
        body = client.post("/api/chat", json={"message": "Mikä on Vakkanen?"}).json()
        assert body["route"] == "handoff" and body["sources"] == []
        assert "ei ole juuri nyt käytössä" in body["reply"]
        crisis = client.post("/api/chat", json={"message": "Mieheni lyö minua, olen peloissani"}).json()
        assert crisis["route"] == "crisis"
        assert crisis["reply"].splitlines()[0].endswith("112.")
        assert crisis["services"][0]["id"] == "hatanumero-112"


def test_services_list_filters_and_single_entry(client: TestClient) -> None:
    everything = client.get("/api/services").json()
    assert len(everything) == 68
    crisis = client.get("/api/services", params={"level": "kriisi"}).json()
    assert crisis and all(s["level"] == "kriisi" for s in crisis)
    violence = client.get("/api/services", params={"theme": "lahisuhdevakivalta"}).json()
    assert "nollalinja" in {s["id"] for s in violence}
    found = client.get("/api/services", params={"q": "perhekahvila"}).json()
    assert "mll-perhekahvilat" in {s["id"] for s in found}
    swedish = client.get("/api/services/neuvola", params={"lang": "sv"}).json()
    assert swedish["id"] == "neuvola" and swedish["name"] != "Äitiys- ja lastenneuvola"
    assert client.get("/api/services/no-such").status_code == 404
    assert client.get("/api/services", params={"lang": "de"}).status_code == 422
