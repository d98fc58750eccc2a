"""Security headers and CORS: a CSP without inline script on every answer, nosniff, no referrer; who may
frame what (PK_EMBED_ORIGINS for the family chat, nobody for the staff console); CORS only for configured
origins; Swagger UI off unless asked for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.engine import Assistant
from ui.mount import mount_ui

pytestmark = pytest.mark.integration
SITE = "https://www.rovaniemi.fi"


def client_for(settings: Settings, assistant: Assistant) -> TestClient:
    return TestClient(mount_ui(create_app(settings, assistant_factory=lambda _: assistant)))


@pytest.fixture
def default(bare_assistant: Assistant, settings: Settings) -> Iterator[TestClient]:
    with client_for(settings, bare_assistant) as client:
        yield client


@pytest.fixture
def embedding(bare_assistant: Assistant, settings: Settings) -> Iterator[TestClient]:
    with client_for(settings.model_copy(update={"embed_origins": SITE}), bare_assistant) as client:
        yield client


def directives(response: object) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]  # type: ignore[attr-defined]
    return {part.split()[0]: part.partition(" ")[2] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/", "/staff/", "/api/services", "/healthz", "/ui-static/pk.css", "/no-such-page"])
def test_every_answer_has_the_security_headers(default: TestClient, path: str) -> None:
    response = default.get(path)
    policy = directives(response)
    assert policy["script-src"] == "'self'" and "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_413_has_them_too(default: TestClient) -> None:
    response = default.post("/api/chat", content=b"x" * 300_000, headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.headers["X-Content-Type-Options"] == "nosniff"


def test_configured_sites_may_frame_the_chat_but_never_the_staff_console(embedding: TestClient) -> None:
    chat = embedding.get("/")
    assert directives(chat)["frame-ancestors"] == SITE and "X-Frame-Options" not in chat.headers
    for path in ("/staff/", "/api/staff/requests"):
        response = embedding.get(path)
        assert directives(response)["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"


def test_cors_only_for_configured_origins(default: TestClient, embedding: TestClient) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    for client in (default, embedding):
        stranger = client.options("/api/chat", headers={"Origin": "https://evil.example", **preflight})
        assert "access-control-allow-origin" not in stranger.headers
        simple = client.get("/api/services", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in simple.headers
    allowed = embedding.options("/api/chat", headers={"Origin": SITE, **preflight})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == SITE
    assert "access-control-allow-credentials" not in allowed.headers
    staff = embedding.options(
        "/api/staff/requests", headers={"Origin": SITE, **preflight, "Access-Control-Request-Headers": "authorization"}
    )
    assert staff.status_code == 400  # a bearer token is never sent cross-origin


def test_swagger_ui_is_off_unless_asked_for(default: TestClient, bare_assistant: Assistant, settings: Settings) -> None:
    assert default.get("/docs").status_code == 404
    assert default.get("/openapi.json").status_code == 200
    with client_for(settings.model_copy(update={"api_docs": True}), bare_assistant) as client:
        docs = client.get("/docs")
        assert docs.status_code == 200 and "swagger-ui" in docs.text
        assert "'unsafe-inline'" in directives(docs)["script-src"]  # only there
        assert "'unsafe-inline'" not in client.get("/").headers["Content-Security-Policy"]
