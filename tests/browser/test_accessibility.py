"""axe-core (the copy bundled in axe-playwright-python) finds no serious or critical violations in the
family chat (with an answer, an emergency answer and the open form) or in the staff console."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import STAFF_NAME, STAFF_PASSWORD, VIEWPORTS, new_page

pytestmark = pytest.mark.browser

axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright", reason="pip install '.[dev]'")


def serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    results = axe_playwright.Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_family_chat_has_no_serious_violations(browser, live, viewport) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser, viewport)
    page.goto(live.url + "/", wait_until="domcontentloaded")
    for question in ("Onko Rovaniemellä perhekahviloita?", "Mieheni lyö minua"):
        before = page.locator(".pk-answer").count()
        page.fill("#pk-message", question)
        page.press("#pk-message", "Enter")
        page.locator(".pk-answer").nth(before).wait_for()
    assert serious(page) == []
    page.click("#pk-talk")
    page.click("#pk-form-send")  # the form with its errors shown
    page.locator("#pk-form-message-error").wait_for(state="visible")
    assert serious(page) == []
    page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_staff_console_has_no_serious_violations(browser, live, viewport) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser, viewport)
    page.goto(live.url + "/staff/", wait_until="domcontentloaded")
    assert serious(page) == []
    page.fill("#pk-staff-name", STAFF_NAME)
    page.fill("#pk-staff-password", STAFF_PASSWORD)
    page.press("#pk-staff-password", "Enter")
    page.locator("#pk-console").wait_for(state="visible")
    expect(page.locator("#pk-staff-updated")).not_to_be_empty()
    if page.locator("#pk-staff-queue tbody tr").count():
        page.locator("#pk-staff-queue tbody tr").first.click()
        page.locator("#pk-staff-detail").wait_for(state="visible")
    assert serious(page) == []
    page.close()
