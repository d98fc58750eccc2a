"""The web UI in a real browser (Debian's Chromium driven by Playwright) against a live local server.

Screenshots go to eval/screenshots/ and are shown in the README.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.corpus import load_corpus
from assistant.engine import Assistant
from assistant.factory import make_handoff
from tests.conftest import CORPUS, ROOT
from ui.mount import mount_ui

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "eval" / "screenshots"
PHONE_NUMBER = re.compile(r"\+?\d{2,}(?: \d{2,})*")  # 112, 080 005 005, +358 80 005 005
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, built_index: Settings, assistant: Assistant) -> Iterator[str]:
    settings = built_index.model_copy(
        update={"data_dir": tmp_path_factory.mktemp("data"), "chat_hours": "mon-sun 00:00-23:59"}
    )
    handoff = make_handoff(settings)
    handoff.auth.add_user("maija", "maijan-salasana-1", "staff")
    app = mount_ui(create_app(settings, assistant_factory=lambda _: assistant, handoff_factory=lambda _: handoff))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not server.started and time.time() < deadline:
        time.sleep(0.2)
    assert server.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1000, "height": 1200})
    page.goto(server + "/", wait_until="domcontentloaded")
    page.wait_for_selector("#pk-message input", timeout=30000)
    yield page
    page.close()


def ask(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#pk-message input", text)
    page.keyboard.press("Tab")
    page.click("#pk-send")


def test_finnish_question_shows_sources_and_a_service_card(page) -> None:  # type: ignore[no-untyped-def]
    assert "tekoälyavustaja, ei ihminen" in page.inner_text("#pk-notice")
    ask(page, "Onko Rovaniemellä perhekahviloita?")
    page.wait_for_selector(".pk-card", timeout=30000)
    assert page.locator(".pk-sources details").count() >= 1
    page.locator(".pk-sources summary").first.click()
    assert page.locator(".pk-sources details[open] p").first.inner_text()
    assert page.get_attribute("#pk-answer", "aria-live") == "polite"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "chat.png"), full_page=True)


def test_crisis_message_shows_the_emergency_block_with_112_first(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "Mieheni lyö minua ja lapset ovat kotona")
    block = page.wait_for_selector(".pk-crisis", timeout=30000)
    text = block.inner_text()
    numbers = PHONE_NUMBER.findall(text)  # in the order the block shows them
    assert numbers and numbers[0] == "112", text
    # The matched 24/7 line, as the catalogue gives it, is the next number shown after 112.
    nollalinja = load_corpus(CORPUS).service("nollalinja")
    assert nollalinja is not None
    phone = next(c for c in nollalinja.channels if c.type == "phone")
    assert phone.hours and phone.hours.startswith("24/7")
    after_112 = [n for n in numbers if n != "112"]
    assert after_112 and after_112[0] == phone.value, text
    assert f"- {nollalinja.name.fi}: {phone.value} (24/7" in text
    assert page.locator(".pk-card h3").first.inner_text().startswith("Hätänumero 112")
    page.screenshot(path=str(SHOTS / "crisis.png"), full_page=False)


def test_script_in_a_message_is_shown_as_text(page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("window.__pwned = false")
    ask(page, "<script>window.__pwned = true</script><b>lihava</b> Mikä on Vakkanen?")
    page.wait_for_selector(".pk-reply", timeout=30000)
    page.wait_for_function("document.querySelector('#pk-chat').innerText.includes('<script>')", timeout=10000)
    assert page.evaluate("window.__pwned") is False
    assert page.locator("#pk-chat b").count() == 0


def test_request_is_sent_and_seen_in_the_staff_console(page, server, browser) -> None:  # type: ignore[no-untyped-def]
    page.click("#pk-talk")
    page.wait_for_selector("#pk-form-message textarea", timeout=10000)
    assert "auki" in page.inner_text("#pk-chat-status")
    page.fill("#pk-form-message textarea", "Haluaisin jutella lapsen unesta")
    page.fill("#pk-form-phone input, #pk-form-phone textarea", "040 123 4567")
    page.click("#pk-form-send")
    result = page.wait_for_selector("#pk-form-result p", timeout=20000).inner_text()
    assert "PA-" in result
    reference = result.split("Viitenumero ")[1].split(".")[0]

    staff = browser.new_page(viewport={"width": 1100, "height": 1200})
    staff.goto(server + "/staff/", wait_until="domcontentloaded")
    staff.wait_for_selector("#pk-staff-name input, #pk-staff-name textarea", timeout=30000)
    staff.fill("#pk-staff-name input, #pk-staff-name textarea", "maija")
    staff.fill("#pk-staff-password input", "maijan-salasana-1")
    staff.click("#pk-staff-login")
    staff.wait_for_selector("#pk-staff-refresh", timeout=20000)
    staff.click("#pk-staff-refresh")
    staff.wait_for_function(
        f"document.querySelector('#pk-staff-queue').innerText.includes('{reference}')", timeout=20000
    )
    staff.screenshot(path=str(SHOTS / "staff-queue.png"), full_page=False)
    staff.close()


def test_keyboard_only_use(page) -> None:  # type: ignore[no-untyped-def]
    # Reach the question box with Tab alone, type, and send with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.closest('#pk-message') !== null"):
            break
    else:
        pytest.fail("the question box cannot be reached with the keyboard")
    page.keyboard.type("Mikä on Vakkanen?")
    page.keyboard.press("Enter")
    page.wait_for_selector(".pk-reply", timeout=30000)
    assert "Vakkanen" in page.inner_text("#pk-answer")


def test_works_at_320_px(browser, server) -> None:  # type: ignore[no-untyped-def]
    narrow = browser.new_page(viewport={"width": 320, "height": 900})
    narrow.goto(server + "/", wait_until="domcontentloaded")
    narrow.wait_for_selector("#pk-message input", timeout=30000)
    narrow.fill("#pk-message input", "Onko Rovaniemellä perhekahviloita?")
    narrow.click("#pk-send")
    narrow.wait_for_selector(".pk-card", timeout=30000)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 330
    assert narrow.locator("#pk-talk").is_visible()
    narrow.close()


CONTRAST_JS = """
(selector) => {
  const el = document.querySelector(selector);
  const parse = (c) => c.match(/[0-9.]+/g).slice(0, 3).map(Number);
  const lum = (rgb) => {
    const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    const [r, g, b] = rgb.map(lin);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let node = el, bg = null;
  while (node && !bg) {
    const c = getComputedStyle(node).backgroundColor;
    if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') bg = c;
    node = node.parentElement;
  }
  const fg = lum(parse(getComputedStyle(el).color)), back = lum(parse(bg || 'rgb(255,255,255)'));
  return (Math.max(fg, back) + 0.05) / (Math.min(fg, back) + 0.05);
}
"""


def test_text_contrast_is_at_least_4_5(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "mun mies lyö mua")
    page.wait_for_selector(".pk-crisis", timeout=30000)
    for selector in ["#pk-send", "#pk-talk", ".pk-notice", ".pk-crisis p", ".pk-card p", ".pk-badge"]:
        ratio = page.evaluate(CONTRAST_JS, selector)
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f}"
