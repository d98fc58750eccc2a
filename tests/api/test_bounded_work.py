"""Bounded work: field limits, a body cap that counts bytes whatever the framing, and chat lanes in which a
message about danger never waits behind other questions."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.api.middleware import BodyLimit
from assistant.config import Settings
from assistant.embeddings import Embedder
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


class BusyModel:
    """The real embedder behind a gate: every call waits until the gate opens, as every caller waits while
    the one native model embeds a maximal message (seconds). Counts the texts it was asked to embed."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.id, self.dim = embedder.id, embedder.dim
        self.gate = threading.Event()
        self.entered = threading.Semaphore(0)
        self.texts: list[str] = []

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        self.entered.release()
        self.gate.wait(60)
        return self.embedder.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        self.texts.append(text)
        self.entered.release()
        self.gate.wait(60)
        return self.embedder.embed_query(text)


def test_a_crisis_is_answered_while_the_embedding_model_and_the_answer_lane_are_busy(
    bare_assistant: Assistant, settings: Settings
) -> None:
    """The answer lane full of questions, the one running stuck in the embedding model: a crisis message is
    answered from the router's first reading (112 first) without waiting for the model or a lane."""
    assert bare_assistant.embedder is not None
    model = BusyModel(bare_assistant.embedder)
    busy = Assistant(
        corpus=bare_assistant.corpus,
        analyzer=bare_assistant.analyzer,
        router=bare_assistant.router,
        embedder=model,
        chat_hours=bare_assistant.chat_hours,
        thesaurus=bare_assistant.thesaurus,
    )
    small = settings.model_copy(update={"chat_workers": 1, "chat_queue": 1})
    with TestClient(create_app(small, assistant_factory=lambda _: busy)) as client, ThreadPoolExecutor(3) as pool:
        lanes = client.app.state.lanes  # type: ignore[attr-defined]
        questions = [pool.submit(client.post, "/api/chat", json={"message": f"Mikä on neuvola {i}?"}) for i in (1, 2)]
        model.entered.acquire(timeout=60)  # the first question is in the model, the second waits for a thread
        while lanes.admitted < 2:
            assert not any(q.done() for q in questions)
        crisis = pool.submit(client.post, "/api/chat", json={"message": CRISIS, "history": ["Mikä on neuvola?"]})
        try:
            answered = crisis.result(timeout=60)  # before the fix it waited for the model (here: for ever)
        finally:
            model.gate.set()
        assert answered.status_code == 200 and answered.json()["route"] == "crisis"
        assert answered.json()["reply"].splitlines()[0].endswith("112.")
        assert answered.json()["services"][0]["id"] == "hatanumero-112"
        assert CRISIS not in " ".join(model.texts)  # the crisis never reached the model
        assert [q.result(timeout=60).status_code for q in questions] == [200, 200]
