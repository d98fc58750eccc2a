"""Family and staff routes over HTTP (TestClient), on SQLite, with the real assistant for drafts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import make_handoff

pytestmark = pytest.mark.integration

STAFF_ROUTES = [
    ("get", "/api/staff/requests", None),
    ("get", "/api/staff/requests/1", None),
    ("post", "/api/staff/requests/1/take", None),
    ("post", "/api/staff/requests/1/draft", None),
    ("put", "/api/staff/requests/1/reply", {"text": "Hei"}),
    ("post", "/api/staff/requests/1/status", {"status": "answered"}),
    ("get", "/api/staff/audit", None),
]
FORM = {"message": "Lapsi ei nuku, tarvitsen neuvoa", "contact_method": "email", "email": "aiti@example.fi"}


@pytest.fixture
def client(tmp_path: Path, built_index: Settings, assistant: Assistant) -> Iterator[TestClient]:
    settings = built_index.model_copy(update={"data_dir": tmp_path / "data", "chat_hours": "mon-fri 00:00-23:59"})
    handoff = make_handoff(settings)
    handoff.auth.add_user("maija", "maijan-salasana-1", "staff")
    handoff.auth.add_user("pomo", "pomon-salasana-12", "admin")
    app = create_app(settings, assistant_factory=lambda _: assistant, handoff_factory=lambda _: handoff)
    with TestClient(app) as test_client:
        yield test_client


def login(client: TestClient, name: str, password: str) -> dict[str, str]:
    response = client.post("/api/staff/login", json={"name": name, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_family_submits_and_staff_works_the_request(client: TestClient) -> None:
    created = client.post("/api/handoff", json={**FORM, "consent_transcript": True, "transcript": ["Mikä on neuvola?"]})
    assert created.status_code == 201
    reference = created.json()["reference"]
    assert reference.startswith("PA-") and created.json()["due_date"]

    headers = login(client, "maija", "maijan-salasana-1")
    queue = client.get("/api/staff/requests", headers=headers).json()
    item = next(r for r in queue if r["reference"] == reference)
    assert item["status"] == "new" and item["overdue"] is False
    detail = client.get(f"/api/staff/requests/{item['id']}", headers=headers).json()
    assert detail["transcript"] == ["Mikä on neuvola?"] and detail["email"] == "aiti@example.fi"
    assert detail["suggested"]["route"] == "answer" and detail["suggested"]["sources"]
    assert client.post(f"/api/staff/requests/{item['id']}/take", headers=headers).json()["status"] == "in_progress"
    draft = client.post(f"/api/staff/requests/{item['id']}/draft", headers=headers).json()
    assert draft["text"].startswith("Hei, ja kiitos yhteydenotostasi.") and "Rovaniemen perhekeskus" in draft["text"]
    assert draft["sources"] and "Lähteet:" in draft["text"]
    saved = client.put(f"/api/staff/requests/{item['id']}/reply", headers=headers, json={"text": draft["text"]})
    assert saved.json()["draft_reply"] == draft["text"]
    done = client.post(f"/api/staff/requests/{item['id']}/status", headers=headers, json={"status": "answered"})
    assert done.json()["status"] == "answered"
    bad_move = client.post(f"/api/staff/requests/{item['id']}/status", headers=headers, json={"status": "new"})
    assert bad_move.status_code == 409


def test_idempotency_key_header_makes_retries_safe(client: TestClient) -> None:
    first = client.post("/api/handoff", json=FORM, headers={"Idempotency-Key": "retry-abcdefgh"})
    second = client.post("/api/handoff", json=FORM, headers={"Idempotency-Key": "retry-abcdefgh"})
    assert first.json()["reference"] == second.json()["reference"]
    assert first.json()["created"] is True and second.json()["created"] is False


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({**FORM, "email": None}, "email"),
        ({**FORM, "email": "not-an-address"}, "email"),
        ({**FORM, "contact_method": "phone"}, "phone"),
        ({**FORM, "message": "x" * 4001}, "message"),
        ({**FORM, "transcript": ["hei"]}, "transcript"),
        ({**FORM, "contact_method": "fax"}, "contact_method"),
    ],
)
def test_invalid_requests_are_422_with_the_field(client: TestClient, payload: dict, fragment: str) -> None:
    response = client.post("/api/handoff", json=payload)
    assert response.status_code == 422
    assert fragment in response.json()["detail"]
    headers = login(client, "maija", "maijan-salasana-1")
    assert client.get("/api/staff/requests", headers=headers).json() == []  # nothing stored


def test_oversize_body_is_413(client: TestClient) -> None:
    response = client.post("/api/handoff", content=b"x" * 300_000, headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize(("method", "path", "body"), STAFF_ROUTES)
def test_staff_routes_refuse_anonymous_access(client: TestClient, method: str, path: str, body: dict | None) -> None:
    response = getattr(client, method)(path, **({"json": body} if body else {}))
    assert response.status_code == 401
    wrong = getattr(client, method)(
        path, headers={"Authorization": "Bearer nonsense"}, **({"json": body} if body else {})
    )
    assert wrong.status_code == 401


def test_admin_routes_refuse_the_staff_role(client: TestClient) -> None:
    staff = login(client, "maija", "maijan-salasana-1")
    assert client.get("/api/staff/audit", headers=staff).status_code == 403
    admin = login(client, "pomo", "pomon-salasana-12")
    entries = client.get("/api/staff/audit", headers=admin).json()
    assert any(e["action"] == "login" and e["actor"] == "maija" for e in entries)


def test_wrong_password_is_401(client: TestClient) -> None:
    response = client.post("/api/staff/login", json={"name": "maija", "password": "väärin-väärin"})
    assert response.status_code == 401 and response.json()["detail"] == "wrong name or password"


def test_chat_status_reports_opening(client: TestClient) -> None:
    status = client.get("/api/handoff/chat-status").json()
    assert status["hours_known"] is True and status["url"].startswith("https://")
    assert isinstance(status["open_now"], bool)
