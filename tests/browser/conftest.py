"""One live server (API + web pages) and one Chromium for all browser tests.

Debian's Chromium driven by Playwright; viewports of a phone (390×844) and a desktop (1280×900).
Screenshots go to eval/screenshots/ and are shown in the README.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import Handoff, make_handoff
from tests.conftest import ROOT
from ui.mount import mount_ui

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "eval" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
STAFF_NAME, STAFF_PASSWORD = "maija", "maijan-salasana-1"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str
    handoff: Handoff
    port: int


def serve(app: object, port: int) -> uvicorn.Server:
    """Run ``app`` on 127.0.0.1:``port`` in a thread until it has started."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)  # server start-up, not a test condition
    assert server.started, "the server did not start"
    return server


@pytest.fixture(scope="session")
def host_port() -> int:
    """The port of the 'city website' that embeds the widget (another origin than the chat)."""
    return free_port()


@pytest.fixture(scope="session")
def live(
    tmp_path_factory: pytest.TempPathFactory, built_index: Settings, assistant: Assistant, host_port: int
) -> Iterator[Live]:
    settings = built_index.model_copy(
        update={
            "data_dir": tmp_path_factory.mktemp("data"),
            "chat_hours": "mon-sun 00:00-23:59",
            "embed_origins": f"http://localhost:{host_port}",
        }
    )
    handoff = make_handoff(settings)
    handoff.auth.add_user(STAFF_NAME, STAFF_PASSWORD, "staff")
    handoff.auth.add_user("pekka", "pekan-salasana-12", "staff")
    app = mount_ui(create_app(settings, assistant_factory=lambda _: assistant, handoff_factory=lambda _: handoff))
    port = free_port()
    server = serve(app, port)
    warm_up(f"http://127.0.0.1:{port}")
    yield Live(f"http://127.0.0.1:{port}", handoff, port)
    server.should_exit = True


def warm_up(url: str) -> None:
    """One question through the server before any page waits for an answer: on a cold fresh machine, with the other
    test worker busy, the first answer's one-time costs (files read from a cold disk, lazy loads) took longer than a
    page's 30-second wait (the widget test failed so twice, 2026-12-03). Not logged (``keep`` false)."""
    body = json.dumps({"message": "Mikä on perhekeskus?", "keep": False}).encode()
    request = urllib.request.Request(f"{url}/api/chat", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        assert response.status == 200, "the live server did not answer its warm-up question"


def new_page(browser, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport=viewport, locale="fi-FI")
    page.set_default_timeout(30_000)
    return page


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=False)
