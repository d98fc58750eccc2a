"""The Content-Security-Policy in a real Chromium: the family chat, the staff console and the widget's
frame load and work with no CSP violation; the staff console cannot be framed by the embedding site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from tests.browser.conftest import DESKTOP, STAFF_NAME, STAFF_PASSWORD, new_page, serve

pytestmark = pytest.mark.browser

# Every violation, also those the console does not show (e.g. of a blocked style attribute).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


def watched(browser):  # type: ignore[no-untyped-def]
    page = new_page(browser, DESKTOP)
    page.add_init_script(RECORD_VIOLATIONS)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page, errors


def no_violations(page, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("window.__violations") == []
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_the_family_chat_answers_under_the_policy(browser, live) -> None:  # type: ignore[no-untyped-def]
    page, errors = watched(browser)
    response = page.goto(live.url + "/", wait_until="domcontentloaded")
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.fill("#pk-message", "Mikä on neuvola?")
    page.press("#pk-message", "Enter")
    page.wait_for_selector(".pk-answer")
    assert "neuvola" in page.inner_text(".pk-answer").lower()
    page.click("#pk-talk")  # the form dialog
    page.wait_for_selector("#pk-form-message")
    no_violations(page, errors)
    page.close()


def test_the_staff_console_works_under_the_policy(browser, live) -> None:  # type: ignore[no-untyped-def]
    page, errors = watched(browser)
    page.goto(live.url + "/staff/", wait_until="domcontentloaded")
    page.fill("#pk-staff-name", STAFF_NAME)
    page.fill("#pk-staff-password", STAFF_PASSWORD)
    page.press("#pk-staff-password", "Enter")
    page.wait_for_selector("#pk-staff-logout", state="visible")
    no_violations(page, errors)
    page.close()


@pytest.fixture(scope="module")
def framing_site(live, host_port: int) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A page of the embedding site (an allowed origin) that frames the chat and the staff console."""
    site = FastAPI()

    @site.get("/frames", response_class=HTMLResponse)
    def frames() -> str:
        return (
            "<!doctype html><title>frames</title>"
            f'<iframe id="chat" src="{live.url}/?embed=1"></iframe>'
            f'<iframe id="staff" src="{live.url}/staff/"></iframe>'
        )

    server = serve(site, host_port)  # the origin PK_EMBED_ORIGINS names in the live server
    yield f"http://localhost:{host_port}"
    server.should_exit = True


def test_only_the_chat_may_be_framed(browser, live, framing_site: str) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser, DESKTOP)
    page.goto(framing_site + "/frames", wait_until="load")
    chat = page.frame_locator("#chat")
    chat.locator("#pk-message").wait_for()
    staff = page.locator("#staff").element_handle().content_frame()
    # A refused frame holds the browser's error document: the console's login form is not there.
    assert staff is not None and staff.locator("#pk-staff-name").count() == 0
    page.close()
