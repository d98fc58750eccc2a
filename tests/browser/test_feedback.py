"""Feedback in the family chat, closed in the staff console (issue 16, "Done when"): two families answer
"Ei" with a reason (one on a phone, one on a desktop) to two wordings of one question; a crisis reply has no
feedback form; staff (at 390×844 and 1280×900) see both wordings on one row of the insight view with the
chart, the most common needs by title and pages, draft a curated answer for the row, and export the
question as a test-set case."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect
from sqlalchemy import select

from assistant.feedback import FeedbackStore
from assistant.feedback.models import Feedback, TurnLog
from assistant.feedback.need_titles import need_titles
from assistant.handoff.db import session_factory
from assistant.i18n import t
from tests.browser.conftest import DESKTOP, PHONE, new_page, shot
from tests.browser.test_accessibility import serious
from tests.browser.test_family_chat import CRISIS, QUESTION, ask
from tests.browser.test_staff_console import login
from tests.conftest import CORPUS
from tests.feedback.test_store import response
from tests.handoff.conftest import Clock

pytestmark = pytest.mark.browser

PARAPHRASE = "Löytyykö Rovaniemeltä perhekahviloita?"
COMMENT = "Halusin tietää aukioloajat, soittakaa 040 765 4321"
WEATHER = "Millainen sää on huomenna Rovaniemellä?"


def chart_alt(lang: str) -> re.Pattern[str]:
    """The chart's alt text for 30 days and any number of questions."""
    return re.compile(
        re.escape(t("staff_insight_chart_alt", lang).format(days=30, questions="#")).replace("\\#", r"\d+")
    )


def earlier_days(live) -> None:  # type: ignore[no-untyped-def]
    """Questions on twelve earlier days (another "no" topic asked unanswered three times among them), so
    the chart has days to draw and the table of days has a second page."""
    now = datetime.now(UTC)
    for back in range(1, 13):
        store = FeedbackStore(session_factory(live.handoff.engine), clock=Clock(now - timedelta(days=back)))
        for number in range(back % 4 + 1):
            store.log_turn(response(f"eda{back:03d}{number:02d}"), "Mikä on Motti?", 1.0)
        if back % 4 == 0:
            store.log_turn(response(f"edb{back:03d}00", route="handoff"), "Haluan puhua ihmisen kanssa", 1.0)
        if back in (2, 5, 9):
            store.log_turn(response(f"edc{back:03d}00", route="out_of_scope"), WEATHER, 1.0)


def top(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Scroll so that ``selector`` starts at the top of the window (for the screenshots)."""
    page.locator(selector).evaluate("el => el.scrollIntoView({block: 'start', behavior: 'instant'})")


def rate_no(page, question: str, reason: str, comment: str | None = None) -> None:  # type: ignore[no-untyped-def]
    ask(page, question)
    turn = page.locator(".pk-turn").last
    expect(turn.get_by_text(t("ui_fb_question", "fi"))).to_be_visible()
    turn.get_by_role("button", name=t("ui_fb_no", "fi"), exact=True).click()
    turn.get_by_role("button", name=t("ui_fb_send", "fi")).click()
    expect(turn.get_by_text(t("ui_fb_pick", "fi"))).to_be_visible()  # a reason is needed
    turn.get_by_label(t(f"ui_fb_reason_{reason}", "fi")).check()
    if comment:
        turn.get_by_label(t("ui_fb_comment", "fi")).fill(comment)
    turn.get_by_role("button", name=t("ui_fb_send", "fi")).click()
    expect(turn.get_by_role("status")).to_have_text(t("ui_fb_thanks", "fi"))


def test_no_with_a_reason_reaches_staff_grouped_drafted_and_exported(browser, live, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser, PHONE)
    page.goto(live.url + "/", wait_until="domcontentloaded")
    ask(page, CRISIS)
    crisis = page.locator(".pk-turn").last
    expect(crisis.locator(".pk-crisis")).to_be_visible()
    expect(crisis.locator(".pk-feedback")).to_have_count(0)
    # A new chat: in the same one, danger told a turn ago keeps the next reply on the crisis route (no feedback).
    page.goto(live.url + "/", wait_until="domcontentloaded")
    rate_no(page, QUESTION, "not_answered", COMMENT)
    page.close()
    other = new_page(browser, DESKTOP)  # another family, another wording
    other.goto(live.url + "/", wait_until="domcontentloaded")
    rate_no(other, PARAPHRASE, "wrong_info")
    other.close()

    with live.handoff.engine.connect() as connection:
        rows = connection.execute(select(Feedback.helpful, Feedback.reason, Feedback.comment)).all()
        needs = connection.execute(select(TurnLog.needs).where(TurnLog.question == QUESTION)).scalars().all()
    assert sorted(tuple(r) for r in rows) == [
        (False, "not_answered", "Halusin tietää aukioloajat, soittakaa [puhelin]"),
        (False, "wrong_info", None),
    ]
    assert needs and needs[0], "the answer matched a family need and the turn kept it"
    title = need_titles(CORPUS / "needs.yaml")[needs[0].split()[0]]
    earlier_days(live)

    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        staff = new_page(browser, viewport)
        staff.goto(live.url + "/staff/", wait_until="domcontentloaded")
        login(staff)
        staff.get_by_role("button", name=t("staff_insight_show", "fi")).click()
        row = staff.locator("#pk-insight-groups tbody tr", has_text=QUESTION)
        expect(row).to_have_count(1)
        expect(row.locator("td").nth(1)).to_have_text("2")
        expect(row).to_contain_text(PARAPHRASE)
        expect(row).to_contain_text(t("ui_fb_reason_wrong_info", "fi"))
        chart = staff.locator("#pk-insight-chart")
        expect(chart).to_have_attribute("src", re.compile(r"^data:image/svg\+xml;base64,"))
        expect(chart).to_have_attribute("alt", chart_alt("fi"))
        assert staff.evaluate("document.getElementById('pk-insight-chart').naturalWidth") > 0
        expect(staff.locator("#pk-insight-needs tbody")).to_contain_text(title)
        weather = staff.locator("#pk-insight-groups tbody tr", has_text=WEATHER)
        expect(weather.locator("td").nth(2)).to_have_text("3")  # unanswered three times

        days = staff.locator("#pk-insight-days")
        position = t("staff_page_position", "fi")
        expect(days.locator("tbody tr")).to_have_count(10)
        expect(days.locator(".pk-pager")).to_contain_text(position.format(first=1, last=10, total=13))
        days.get_by_role("button", name=t("staff_page_next", "fi")).click()
        expect(days.locator(".pk-pager")).to_contain_text(position.format(first=11, last=13, total=13))
        expect(days.locator("tbody tr")).to_have_count(3)
        expect(days.get_by_role("button", name=t("staff_page_prev", "fi"))).to_be_focused()
        days.get_by_role("button", name=t("staff_page_prev", "fi")).click()
        expect(days.locator("tbody tr").first).to_contain_text(datetime.now(UTC).strftime("%-d.%-m.%Y"))
        top(staff, "#pk-staff-insight-out")
        shot(staff, f"staff-insight-{name}.png")
        top(staff, "#pk-insight-needs")
        shot(staff, f"staff-insight-tables-{name}.png")

        row.get_by_role("button", name=t("staff_draft_make", "fi")).click()
        draft = staff.locator("#pk-insight-draft-text")
        expect(draft).to_be_visible()
        text = draft.input_value()
        assert "!KESKEN" in text and QUESTION in text and PARAPHRASE in text and "cites:" in text
        expect(staff.locator("#pk-insight-draft-title")).to_be_focused()
        assert serious(staff) == []  # axe-core: chart, tables, pagers and the draft
        shot(staff, f"staff-draft-{name}.png")

        with staff.expect_download() as download:
            staff.get_by_role("button", name=t("staff_insight_export_testset", "fi")).click()
        saved = tmp_path / f"cases-{name}.yaml"
        download.value.save_as(saved)
        cases = yaml.safe_load(saved.read_text(encoding="utf-8"))
        [case] = [c for c in cases if c["question"] == QUESTION]
        assert case["route"] == "TODO" and case["lang"] == "fi" and case["evidence"] == []
        assert case["comment"] == "not_answered / Halusin tietää aukioloajat, soittakaa [puhelin]"
        expect(staff.locator("#pk-insight-msg")).to_contain_text(download.value.suggested_filename)
        staff.select_option("#pk-staff-lang", "sv")  # the view in another language, without a reload
        expect(staff.locator("#pk-insight-groups caption")).to_have_text(t("staff_insight_groups", "sv"))
        expect(staff.locator("#pk-insight-chart")).to_have_attribute("alt", chart_alt("sv"))
        expect(staff.locator("#pk-insight-groups tbody tr", has_text=QUESTION)).to_contain_text(
            t("ui_fb_reason_wrong_info", "sv")
        )
        staff.select_option("#pk-staff-lang", "fi")
        staff.close()
