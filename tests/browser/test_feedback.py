"""Feedback in the family chat: "Ei" with a reason and a comment is stored (scrubbed); a crisis reply has
no feedback form; staff see the question grouped with a paraphrase in the insight view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assistant.feedback import FeedbackStore
from assistant.feedback.models import Feedback
from assistant.handoff.db import session_factory
from assistant.i18n import t
from tests.browser.conftest import DESKTOP, PHONE, new_page
from tests.browser.test_family_chat import CRISIS, QUESTION, ask
from tests.browser.test_staff_console import login
from tests.feedback.test_store import response

pytestmark = pytest.mark.browser


PARAPHRASE = "Löytyykö Rovaniemeltä perhekahviloita?"


def test_no_with_a_reason_is_stored_and_staff_see_it_grouped(browser, live) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser, PHONE)
    page.goto(live.url + "/", wait_until="domcontentloaded")
    ask(page, CRISIS)
    crisis = page.locator(".pk-turn").last
    expect(crisis.locator(".pk-crisis")).to_be_visible()
    expect(crisis.locator(".pk-feedback")).to_have_count(0)

    ask(page, QUESTION)
    turn = page.locator(".pk-turn").last
    expect(turn.get_by_text(t("ui_fb_question", "fi"))).to_be_visible()
    turn.get_by_role("button", name=t("ui_fb_no", "fi"), exact=True).click()
    turn.get_by_role("button", name=t("ui_fb_send", "fi")).click()
    expect(turn.get_by_text(t("ui_fb_pick", "fi"))).to_be_visible()  # a reason is needed
    turn.get_by_label(t("ui_fb_reason_not_answered", "fi")).check()
    turn.get_by_label(t("ui_fb_comment", "fi")).fill("Halusin tietää aukioloajat, soittakaa 040 765 4321")
    turn.get_by_role("button", name=t("ui_fb_send", "fi")).click()
    expect(turn.get_by_role("status")).to_have_text(t("ui_fb_thanks", "fi"))
    page.close()

    with live.handoff.engine.connect() as connection:
        rows = connection.execute(select(Feedback.helpful, Feedback.reason, Feedback.comment)).all()
    assert [tuple(r) for r in rows] == [(False, "not_answered", "Halusin tietää aukioloajat, soittakaa [puhelin]")]

    # A paraphrase rated "no" by another family: one row in the staff view, counted twice.
    store = FeedbackStore(session_factory(live.handoff.engine))
    store.log_turn(response("feedbeef01"), PARAPHRASE, 1.0)
    store.add_feedback("feedbeef01", False, "wrong_info")
    staff = new_page(browser, DESKTOP)
    staff.goto(live.url + "/staff/", wait_until="domcontentloaded")
    login(staff)
    staff.get_by_role("button", name=t("staff_insight_show", "fi")).click()
    row = staff.locator("#pk-staff-insight-out tr", has_text=QUESTION)
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("2")
    expect(row).to_contain_text(PARAPHRASE)
    staff.close()
