"""Bounded work: field limits, a body cap that counts bytes whatever the framing, and chat lanes in which a
message about danger never waits behind other questions."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.middleware import BodyLimit
from assistant.config import Settings
from assistant.engine import Assistant

pytestmark = pytest.mark.integration

CRISIS = "Mieheni lyö minua, olen peloissani"


@pytest.fixture
def small_app(bare_assistant: Assistant, settings: Settings) -> Iterator[TestClient]:
    """One answer thread and one waiting place; a 4 KiB body cap."""
    small = settings.model_copy(update={"chat_workers": 1, "chat_queue": 1, "max_body_bytes": 4096})
    with TestClient(create_app(small, assistant_factory=lambda _: bare_assistant)) as client:
        yield client


def test_history_turns_are_limited_in_number_and_length(small_app: TestClient) -> None:
    long_turn = small_app.post("/api/chat", json={"message": "entä se?", "history": ["a" * 2001]})
    assert long_turn.status_code == 422 and long_turn.json()["detail"].startswith("history.0: ")
    many = small_app.post("/api/chat", json={"message": "entä se?", "history": ["a"] * 11})
    assert many.status_code == 422 and many.json()["detail"].startswith("history: ")
    schema = small_app.get("/openapi.json").json()["components"]["schemas"]["ChatRequest"]["properties"]["history"]
    assert schema["maxItems"] == 10 and schema["items"]["maxLength"] == 2000


def test_a_chunked_body_over_the_cap_is_413(small_app: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"message": "'
        for _ in range(100):
            yield b"a" * 1000
        yield b'"}'

    for path in ("/api/chat", "/api/handoff", "/api/staff/login"):
        response = small_app.post(path, content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413, (path, response.text)
        assert "larger than 4096 bytes" in response.json()["detail"]
    # No upload endpoint takes files from anyone (the Gradio one is gone): refused, never stored.
    upload = small_app.post("/gradio_api/upload", content=chunks(), headers={"content-type": "multipart/form-data"})
    assert upload.status_code in (404, 405, 413)


def test_the_cap_stops_reading_at_the_limit() -> None:
    """A 200 MB upload in 64 KiB chunks: the app sees at most the cap, and reading stops there."""
    read: list[int] = []
    sent: list[dict] = []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        while True:
            message = await receive()
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"stored"})

    async def receive() -> dict:
        read.append(65536)
        return {"type": "http.request", "body": b"\0" * 65536, "more_body": len(read) < 3200}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/gradio_api/upload", "headers": [], "query_string": b""}
    asyncio.run(BodyLimit(app, limit=1_000_000)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert sum(read) <= 1_000_000 + 65536


def test_a_declared_length_over_the_cap_is_refused_unread(small_app: TestClient) -> None:
    response = small_app.post("/api/handoff", content=b"{}" * 3000, headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_danger_is_answered_while_every_answer_thread_is_busy(small_app: TestClient) -> None:
    lanes = small_app.app.state.lanes  # type: ignore[attr-defined]
    release = threading.Event()
    # The answer lane is full: one question running, one waiting (as under a flood of maximal questions).
    held = [lanes.submit("answer", release.wait, 30) for _ in range(2)]
    try:
        crisis = small_app.post("/api/chat", json={"message": CRISIS})
        assert crisis.status_code == 200 and crisis.json()["route"] == "crisis"
        assert crisis.json()["reply"].splitlines()[0].endswith("112.")

        busy = small_app.post("/api/chat", json={"message": "Mikä on neuvola?", "lang": "sv"})
        assert busy.status_code == 503 and int(busy.headers["Retry-After"]) >= 1
        assert "112" in busy.json()["detail"] and "Försök igen" in busy.json()["detail"]
    finally:
        release.set()
    for future in held:
        future.result(timeout=30)
    assert lanes.admitted == 0
    answered = small_app.post("/api/chat", json={"message": "Mikä on neuvola?"})
    assert answered.status_code == 200
