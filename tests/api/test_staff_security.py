"""Staff security over HTTP and on the command line: 429 with Retry-After, logout with the bearer token,
the bearer scheme in the OpenAPI document, and `perhekeskus staff list / disable / enable / reset`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.api.app import create_app
from assistant.cli import app as cli
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import make_handoff

pytestmark = pytest.mark.integration
PASSWORD = "maijan-salasana-1"


@pytest.fixture
def client(bare_assistant: Assistant, settings: Settings) -> Iterator[TestClient]:
    handoff = make_handoff(settings)
    handoff.auth.add_user("maija", PASSWORD, "staff")
    app = create_app(settings, assistant_factory=lambda _: bare_assistant, handoff_factory=lambda _: handoff)
    with TestClient(app) as test_client:
        yield test_client


def test_repeated_wrong_passwords_get_429_with_retry_after(client: TestClient) -> None:
    for _ in range(5):
        wrong = client.post("/api/staff/login", json={"name": "maija", "password": "väärin-väärin"})
        assert wrong.status_code == 401
    held = client.post("/api/staff/login", json={"name": "maija", "password": PASSWORD})
    assert held.status_code == 429
    assert 0 < int(held.headers["Retry-After"]) <= 15 * 60
    assert "too many failed logins" in held.json()["detail"]


def test_logout_ends_the_session(client: TestClient) -> None:
    token = client.post("/api/staff/login", json={"name": "maija", "password": PASSWORD}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/staff/requests", headers=headers).status_code == 200
    assert client.post("/api/staff/logout", headers=headers).status_code == 204
    after = client.get("/api/staff/requests", headers=headers)
    assert after.status_code == 401 and after.headers["WWW-Authenticate"] == "Bearer"
    assert client.post("/api/staff/logout").status_code == 401


def test_the_staff_routes_declare_the_bearer_scheme(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert spec["paths"]["/api/staff/requests"]["get"]["security"] == [{"HTTPBearer": []}]
    assert "security" not in spec["paths"]["/api/staff/login"]["post"]


def test_staff_command_lists_disables_enables_and_resets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    monkeypatch.setenv("PK_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PK_LOG_LEVEL", "WARNING")
    runner = CliRunner()
    assert runner.invoke(cli, ["staff", "add", "liisa"], input="liisan-salasana-1\n").exit_code == 0
    auth = make_handoff(settings).auth
    token, _ = auth.login("liisa", "liisan-salasana-1")

    listed = runner.invoke(cli, ["staff", "list"])
    assert listed.exit_code == 0, listed.output
    assert [line.split()[:4] for line in listed.stdout.splitlines()[1:]] == [["liisa", "staff", "active", "1"]]

    assert runner.invoke(cli, ["staff", "disable", "liisa"]).exit_code == 0
    assert "disabled" in runner.invoke(cli, ["staff", "list"]).stdout
    with pytest.raises(Exception, match="disabled|expired"):
        auth.identify(token)
    assert runner.invoke(cli, ["staff", "enable", "liisa"]).exit_code == 0

    reset = runner.invoke(cli, ["staff", "reset", "liisa"], input="liisan-uusi-salasana\n")
    assert reset.exit_code == 0, reset.output
    assert auth.login("liisa", "liisan-uusi-salasana")
    missing = runner.invoke(cli, ["staff", "disable", "eiole"])
    assert missing.exit_code != 0 and "no staff member called 'eiole'" in missing.output
