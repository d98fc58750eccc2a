"""Input hygiene at the HTTP edge, on SQLite and PostgreSQL: NUL characters and lone surrogates are refused
with 422 naming the field before any database call; ids beyond the database's integer range are 422, never
500; driver errors reach neither the client nor the log with their parameters; documented error answers."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import Handoff, make_handoff
from assistant.handoff.db import make_engine

pytestmark = pytest.mark.integration

FORM = {"message": "Lapsi ei nuku", "contact_method": "phone", "phone": "040 123 4567"}
NUL, SURROGATE = "\x00", "\ud800"


@pytest.fixture
def app_client(handoff: Handoff, bare_assistant: Assistant, settings: Settings) -> Iterator[TestClient]:
    handoff.auth.add_user("maija", "maijan-salasana-1", "staff")
    app = create_app(settings, assistant_factory=lambda _: bare_assistant, handoff_factory=lambda _: handoff)
    with TestClient(app) as client:
        yield client


def post_json(client: TestClient, path: str, payload: dict[str, Any], **kwargs: Any) -> Any:
    # json.dumps writes a lone surrogate as the escape "\ud800", as a browser or a fuzzer would send it.
    return client.post(path, content=json.dumps(payload), headers={"content-type": "application/json"}, **kwargs)


def statements(handoff: Handoff) -> list[str]:
    """Every statement the queue's engine runs from now on."""
    seen: list[str] = []
    event.listen(handoff.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/handoff", {**FORM, "message": f"apua{NUL}"}, "message"),
        ("/api/handoff", {**FORM, "message": f"apua{SURROGATE}"}, "message"),
        ("/api/handoff", {**FORM, "phone": f"040{NUL}1234567"}, "phone"),
        ("/api/handoff", {**FORM, "contact_method": "email", "email": f"a{NUL}@example.fi"}, "email"),
        ("/api/handoff", {**FORM, "contact_method": "callback", "callback_time": f"ma {NUL}"}, "callback_time"),
        ("/api/handoff", {**FORM, "consent_transcript": True, "transcript": ["hei", SURROGATE]}, "transcript.1"),
        ("/api/handoff", {**FORM, "idempotency_key": f"avain-{NUL}-12"}, "idempotency_key"),
        ("/api/staff/login", {"name": f"maija{NUL}", "password": "maijan-salasana-1"}, "name"),
        ("/api/staff/login", {"name": "maija", "password": f"x{SURROGATE}yyyyyyyyyyyy"}, "password"),
        ("/api/chat", {"message": f"hei{NUL}"}, "message"),
        ("/api/chat", {"message": "entä se?", "history": ["Mikä on neuvola?", SURROGATE]}, "history.1"),
    ],
)
def test_unstorable_characters_are_422_naming_the_field_before_the_database(
    app_client: TestClient, handoff: Handoff, path: str, payload: dict[str, Any], field: str
) -> None:
    seen = statements(handoff)
    response = post_json(app_client, path, payload)
    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(f"{field}: ")
    assert seen == []  # refused before any database call


def test_the_queue_itself_refuses_them_for_callers_outside_the_api(handoff: Handoff) -> None:
    from assistant.errors import InputError
    from assistant.handoff.queue import NewRequest

    with pytest.raises(InputError, match="^transcript.0: "):
        handoff.queue.submit(NewRequest(**{**FORM, "consent_transcript": True, "transcript": [f"a{NUL}"]}))
    with pytest.raises(InputError, match="^name: "):
        handoff.auth.login(f"maija{NUL}", "whatever-password")


@pytest.mark.parametrize("request_id", [0, -1, 2**31, 2**63, 10**30])
def test_ids_beyond_the_integer_range_are_422_not_500(app_client: TestClient, request_id: int) -> None:
    login = app_client.post("/api/staff/login", json={"name": "maija", "password": "maijan-salasana-1"})
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    for method, suffix in [("get", ""), ("post", "/take"), ("post", "/draft")]:
        response = getattr(app_client, method)(f"/api/staff/requests/{request_id}{suffix}", headers=headers)
        assert response.status_code == 422, (method, suffix, response.text)
        assert response.json()["detail"].startswith("path.request_id: ")


def test_the_queue_answers_not_found_beyond_the_range(handoff: Handoff) -> None:
    from assistant.handoff.queue import NotFound

    for request_id in (2**31, 2**63, -5):
        with pytest.raises(NotFound):
            handoff.queue.get(request_id)


def test_driver_errors_hide_the_statement_parameters(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    urls = [f"sqlite:///{tmp_path / 'q.db'}"]
    try:
        urls.append(request.getfixturevalue("postgres_url").render_as_string(hide_password=False))
    except pytest.skip.Exception:
        pass
    for url in urls:
        engine = make_engine(url)
        try:
            with pytest.raises(DBAPIError) as caught, engine.connect() as connection:
                connection.execute(text("INSERT INTO no_such_table VALUES (:phone)"), {"phone": "040 SALAINEN"})
            assert "SALAINEN" not in str(caught.value)
        finally:
            engine.dispose()


def test_an_unreachable_database_is_not_described_to_the_client(
    bare_assistant: Assistant, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # Nothing listens on port 9 (discard); the driver's error names the host and the port.
    url = "postgresql+psycopg://perhekeskus:salasana@127.0.0.1:9/queue?connect_timeout=2"
    app = create_app(
        settings, assistant_factory=lambda _: bare_assistant, handoff_factory=lambda s: make_handoff(s, url)
    )
    with caplog.at_level(logging.INFO), TestClient(app) as client:
        submitted = client.post("/api/handoff", json=FORM)
        ready = client.get("/readyz")
    for response in (submitted, ready):
        assert response.status_code == 503
        for driver_text in ("127.0.0.1", "port 9", "refused", "psycopg", "perhekeskus:"):
            assert driver_text not in response.text
    assert "salasana" not in caplog.text


def test_documented_error_answers_use_the_error_shape(app_client: TestClient) -> None:
    spec = app_client.get("/openapi.json").json()
    documented: set[str] = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for code, answer in operation["responses"].items():
                if code.startswith(("4", "5")) and path != "/readyz":  # readiness has its own body
                    documented.add(code)
                    schema = answer["content"]["application/json"]["schema"]
                    shapes = [{"$ref": "#/components/schemas/ErrorOut"}, {"$ref": "#/components/schemas/QueueDownOut"}]
                    assert schema in shapes, (method, path, code)
    assert {"400", "401", "404", "409", "413", "422", "429", "503"} <= documented
    login = spec["paths"]["/api/staff/login"]["post"]["responses"]
    assert {"401", "429"} <= set(login)
