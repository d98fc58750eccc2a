"""The same Idempotency-Key with other content over HTTP: 409 with a message, nothing stored twice."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import Handoff

pytestmark = pytest.mark.integration

FORM = {"message": "Lapsi ei nuku", "contact_method": "phone", "phone": "040 123 4567"}


def test_a_changed_retry_is_409(handoff: Handoff, bare_assistant: Assistant, settings: Settings) -> None:
    app = create_app(settings, assistant_factory=lambda _: bare_assistant, handoff_factory=lambda _: handoff)
    key = {"Idempotency-Key": "lomake-8b1f2c3d"}
    with TestClient(app) as client:
        assert client.post("/api/handoff", json=FORM, headers=key).status_code == 201
        assert client.post("/api/handoff", json=FORM, headers=key).json()["created"] is False
        changed = client.post("/api/handoff", json={**FORM, "phone": "040 765 4321"}, headers=key)
    assert changed.status_code == 409
    assert changed.json()["detail"].startswith("idempotency_key: used already for a request with other content")
    assert len(handoff.queue.requests()) == 1
