"""The staff console at 390×844 and 1280×900: login with Enter, a queue that loads and refreshes itself,
words instead of codes, a row click opens the request, new requests in the title, logout, friendly errors."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from assistant.handoff.auth import StaffIdentity
from assistant.handoff.models import HelpRequest
from assistant.handoff.queue import NewRequest
from assistant.i18n import t
from tests.browser.conftest import DESKTOP, STAFF_NAME, STAFF_PASSWORD, VIEWPORTS, new_page, shot

pytestmark = pytest.mark.browser

RAW_CODES = re.compile(r"\b(new|in_progress|answered|closed|phone|email|callback|True|False|due_date)\b")


def submit(live, text: str, method: str = "phone", overdue: bool = False) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    contact = {"phone": {"phone": "040 123 4567"}, "email": {"email": "vanhempi@example.fi"}}.get(
        method, {"phone": "040 765 4321", "callback_time": "arkisin 12–16"}
    )
    done = live.handoff.queue.submit(NewRequest(message=text, contact_method=method, **contact))
    if overdue:  # a request from before the due date passed
        with live.handoff.queue.sessions.begin() as db:
            db.execute(
                update(HelpRequest).where(HelpRequest.id == done.id).values(due_date=done.due_date - timedelta(days=9))
            )
    return done.id, done.reference


@pytest.fixture
def viewport(request):  # type: ignore[no-untyped-def]
    return request.param


@pytest.fixture
def staff(browser, live, viewport):  # type: ignore[no-untyped-def]
    page = new_page(browser, viewport)
    page.clock.install()  # the queue's own refresh timer is driven by the test, not by waiting
    page.goto(live.url + "/staff/", wait_until="domcontentloaded")
    page.wait_for_selector("#pk-staff-name")
    yield page
    page.close()


def login(page, password: str = STAFF_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.fill("#pk-staff-name", STAFF_NAME)
    page.fill("#pk-staff-password", password)
    page.press("#pk-staff-password", "Enter")


def row_of(page, reference: str):  # type: ignore[no-untyped-def]
    return page.locator("#pk-staff-queue tbody tr", has_text=reference)


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_enter_logs_in_and_the_queue_shows_words(staff, live, viewport) -> None:  # type: ignore[no-untyped-def]
    _, reference = submit(live, "Miten saan lapselle neuvola-ajan?", "email")
    _, late = submit(live, "Tarvitsen apua kotiin", "callback", overdue=True)
    login(staff)
    row = row_of(staff, reference)
    row.wait_for()  # the queue loads on login: no refresh button pressed
    table = staff.inner_text("#pk-staff-queue")
    assert not RAW_CODES.search(table), table
    cells = row.locator("td").all_inner_texts()
    assert t("staff_status_new", "fi") in cells and t("staff_contact_email", "fi") in cells
    assert re.search(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", row.inner_text())
    late_row = row_of(staff, late)
    assert t("staff_overdue", "fi") in late_row.inner_text()
    assert "pk-overdue" in (late_row.get_attribute("class") or "")
    assert t("staff_contact_callback", "fi") in late_row.inner_text()
    fresh = len([r for r in live.handoff.queue.requests() if r["status"] == "new"])
    assert staff.title().startswith(f"({fresh}) ")
    assert t("staff_new_count", "fi").format(count=fresh) in staff.inner_text("#pk-staff-count")
    shot(staff, "staff-queue.png" if viewport == DESKTOP else "staff-queue-phone.png")


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_wrong_password_is_said_in_finnish(staff) -> None:  # type: ignore[no-untyped-def]
    login(staff, "väärä-salasana-123")
    message = staff.locator("#pk-staff-login-msg")
    expect(message).to_have_text(t("staff_err_login", "fi"))
    assert staff.locator("#pk-console").is_hidden()


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_the_queue_refreshes_itself(staff, live) -> None:  # type: ignore[no-untyped-def]
    # A request of its own first: run alone (or first on its worker), the queue was empty and no row ever came.
    _, first = submit(live, "Pyyntö ennen kirjautumista")
    login(staff)
    row_of(staff, first).wait_for()
    before = staff.title()
    _, reference = submit(live, "Uusi pyyntö jonoon ilman päivitystä")
    staff.clock.run_for(31_000)  # the refresh interval passes
    row_of(staff, reference).wait_for()
    expect(staff).not_to_have_title(before)


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_a_row_click_opens_the_request(staff, live) -> None:  # type: ignore[no-untyped-def]
    _, reference = submit(live, "Lapsi ei nuku öisin, mitä voisimme tehdä?")
    login(staff)
    row = row_of(staff, reference)
    row.locator("td").nth(1).click()  # anywhere on the row, not only the reference
    detail = staff.locator("#pk-staff-detail")
    detail.wait_for(state="visible")
    expect(staff.locator("#pk-detail-title")).to_contain_text(reference)
    assert "Lapsi ei nuku öisin" in detail.inner_text()
    assert not RAW_CODES.search(staff.inner_text("#pk-staff-details"))
    staff.click("#pk-staff-take")
    expect(staff.locator("#pk-staff-action")).to_have_text(t("staff_taken", "fi"))
    assert t("staff_status_in_progress", "fi") in staff.inner_text("#pk-staff-details")


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_a_conflict_is_explained_in_words(staff, live) -> None:  # type: ignore[no-untyped-def]
    request_id, reference = submit(live, "Pyyntö, jonka toinen työntekijä ottaa")
    login(staff)
    row_of(staff, reference).click()
    expect(staff.locator("#pk-detail-title")).to_contain_text(reference)
    pekka = live.handoff.auth.identify(live.handoff.auth.login("pekka", "pekan-salasana-12")[0])
    live.handoff.queue.take(request_id, StaffIdentity(pekka.id, pekka.name, pekka.role))
    staff.click("#pk-staff-take")
    expect(staff.locator("#pk-staff-action")).to_have_text(t("staff_err_conflict", "fi"))


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_logout_ends_the_session_on_the_server(staff, live) -> None:  # type: ignore[no-untyped-def]
    login(staff)
    staff.wait_for_selector("#pk-staff-logout")
    token = staff.evaluate("sessionStorage.getItem('pk-staff-token')")
    assert token
    assert staff.request.get(live.url + "/api/staff/requests", headers={"authorization": f"Bearer {token}"}).ok
    staff.click("#pk-staff-logout")
    staff.locator("#pk-login").wait_for(state="visible")
    assert staff.inner_text("#pk-staff-login-msg") == t("staff_logged_out", "fi")
    after = staff.request.get(live.url + "/api/staff/requests", headers={"authorization": f"Bearer {token}"})
    assert after.status == 401


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_the_console_speaks_swedish_and_english(staff, live) -> None:  # type: ignore[no-untyped-def]
    _, reference = submit(live, "Språkprov", "phone")
    login(staff)
    row_of(staff, reference).wait_for()
    for lang in ("sv", "en"):
        staff.select_option("#pk-staff-lang", lang)
        expect(staff.locator("html")).to_have_attribute("lang", lang)
        assert staff.inner_text("#pk-staff-logout") == t("staff_logout", lang)
        assert t("staff_status_new", lang) in row_of(staff, reference).inner_text()
        assert t("staff_contact_phone", lang) in row_of(staff, reference).inner_text()
