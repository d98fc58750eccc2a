"""The contact queue and a database that goes away: PostgreSQL behind a loopback proxy that is stopped
(every connection cut) and started again. No restart of the app in between."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import URL, create_engine, text

from assistant.api.app import create_app
from assistant.api.provider import HandoffProvider, QueueUnavailable
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import make_assistant, make_handoff
from tests.utils.tcp_proxy import TcpProxy

pytestmark = pytest.mark.integration

FORM = {"message": "Lapsi ei nuku", "contact_method": "phone", "phone": "040 123 4567"}


@pytest.fixture(scope="module")
def catalogue_assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The real assistant without an index, with the real catalogue (its phone lines are what is shown)."""
    return make_assistant(Settings(index_dir=tmp_path_factory.mktemp("no-index")))


@pytest.fixture
def proxied_url(postgres_url: URL) -> Iterator[tuple[TcpProxy, str]]:
    schema = f"pk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    proxy = TcpProxy((postgres_url.host or "127.0.0.1", postgres_url.port or 5432))
    url = postgres_url.set(host="127.0.0.1", port=proxy.port).update_query_dict(
        {"options": f"-csearch_path={schema}", "connect_timeout": "2"}
    )
    try:
        yield proxy, url.render_as_string(hide_password=False)
    finally:
        proxy.stop()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def submit(client: TestClient, lang: str = "fi", **extra: Any) -> Any:
    return client.post("/api/handoff", json={**FORM, "lang": lang, **extra})


def test_queue_down_at_start_then_lost_while_running_recovers_without_restart(
    proxied_url: tuple[TcpProxy, str], catalogue_assistant: Assistant, tmp_path: Any
) -> None:
    proxy, url = proxied_url
    settings = Settings(index_dir=tmp_path / "none", data_dir=tmp_path / "data", db_retry_seconds=0)
    app = create_app(
        settings, assistant_factory=lambda _: catalogue_assistant, handoff_factory=lambda s: make_handoff(s, url)
    )
    with TestClient(app) as client:
        # Down from the start: 503 in the family's language, with the chat and a phone line instead.
        down = submit(client, "sv")
        assert down.status_code == 503 and int(down.headers["Retry-After"]) > 0
        detail = down.json()["detail"]
        assert "Försök igen" in detail and "https://lapha.fi/apua-huoliin" in detail
        social = catalogue_assistant.corpus.service("sosiaalipaivystys")  # type: ignore[union-attr]
        phone = next(c.value for c in social.channels if c.type == "phone" and c.verified and c.value != "112")
        assert phone in detail and detail.endswith("ring 112.")
        assert [card["id"] for card in down.json()["alternatives"]] == ["apua-huoliin-chat", "sosiaalipaivystys"]
        assert client.get("/readyz").json()["database"] == "unavailable"
        assert client.post("/api/chat", json={"message": "Mieheni lyö minua"}).json()["route"] == "crisis"

        proxy.start()  # the database answers: the next request connects and migrates
        first = submit(client)
        assert first.status_code == 201, first.text

        proxy.stop()  # lost while running: pooled connections are dead
        lost = submit(client, "en")
        assert lost.status_code == 503, lost.text
        assert lost.json()["detail"].startswith("Your request cannot be sent right now")
        login = client.post("/api/staff/login", json={"name": "x", "password": "y"}, headers={"Accept-Language": "sv"})
        assert login.status_code == 503 and "Försök igen" in login.json()["detail"]

        proxy.start()  # back: stale connections are replaced (pool_pre_ping), no restart
        again = submit(client)
        assert again.status_code == 201, again.text
        assert again.json()["reference"] != first.json()["reference"]


def test_the_provider_waits_before_trying_again(settings: Settings) -> None:
    calls: list[float] = []
    now = [100.0]

    def failing(_: Settings) -> Any:
        calls.append(now[0])
        raise OSError("connection refused")

    provider = HandoffProvider(failing, settings, retry_seconds=5, clock=lambda: now[0])
    for moment in (100.0, 104.9, 105.0):
        now[0] = moment
        with pytest.raises(QueueUnavailable):
            provider.get()
    assert calls == [100.0, 105.0]
