"""The widget on another site: a page on another origin pastes the snippet and opens the same chat."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from assistant.i18n import t
from tests.browser.conftest import PHONE, VIEWPORTS, new_page, serve, shot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def city_site(live, host_port: int) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The city's page, on another origin (localhost vs 127.0.0.1, another port), with the snippet."""
    site = FastAPI()
    html = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Rovaniemi</title></head>'
        "<body><h1>Rovaniemi stad</h1><p>Familjer och barn.</p>"
        f'<script src="{live.url}/widget.js" data-lang="sv" defer></script></body></html>'
    )

    @site.get("/", response_class=HTMLResponse)
    def home() -> str:
        return html

    server = serve(site, host_port)
    yield f"http://localhost:{host_port}"
    server.should_exit = True


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_widget_opens_the_chat_in_a_panel(browser, city_site: str, viewport) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser, viewport)
    page.goto(city_site + "/", wait_until="domcontentloaded")
    launcher = page.get_by_role("button", name=t("ui_widget_open", "sv"))
    launcher.click()
    frame_element = page.locator("#pk-widget-frame")
    frame_element.wait_for(state="visible")
    assert frame_element.get_attribute("title") == t("ui_title", "sv")
    frame = page.frame_locator("#pk-widget-frame")
    frame.locator("#pk-message").wait_for()
    chat = page.frame(url=lambda url: "/?embed=1" in url)
    assert chat is not None and chat.evaluate("document.documentElement.lang") == "sv"
    frame.locator("#pk-message").fill("Vad är familjecentret?")
    frame.locator("#pk-message").press("Enter")
    frame.locator(".pk-turn .pk-answer").wait_for()
    box = frame_element.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1
    shot(page, f"widget-{'phone' if viewport == PHONE else 'desktop'}.png")
    page.get_by_role("button", name=t("ui_widget_close", "sv")).click()
    assert frame_element.is_hidden()
    assert page.evaluate("document.activeElement.id") == "pk-widget-button"
    page.close()
