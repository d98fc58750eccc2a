"""The family chat on a phone (390×844) and a desktop (1280×900): what a parent sees and can do."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assistant.corpus import load_corpus
from assistant.handoff.models import HelpRequest
from assistant.i18n import t
from tests.browser.conftest import PHONE, VIEWPORTS, new_page, shot
from tests.conftest import CORPUS

pytestmark = pytest.mark.browser

CRISIS = "Mieheni lyö minua ja lapset ovat kotona"
QUESTION = "Onko Rovaniemellä perhekahviloita?"
# A phone number as the chat writes them (at least three digits: hours like 9–15 or 24/7 are not numbers).
NUMBER = re.compile(r"(?<![\d/])\+?\d[\d ]{1,16}\d(?![\d/])")


@pytest.fixture
def viewport(request):  # type: ignore[no-untyped-def]
    return request.param


@pytest.fixture
def page(browser, live, viewport):  # type: ignore[no-untyped-def]
    page = new_page(browser, viewport)
    page.goto(live.url + "/", wait_until="domcontentloaded")
    page.wait_for_selector("#pk-message")
    yield page
    page.close()


def ask(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type a question and send it with Enter; wait until its answer is shown."""
    before = page.locator(".pk-answer").count()
    page.fill("#pk-message", text)
    page.press("#pk-message", "Enter")
    page.locator(".pk-answer").nth(before).wait_for()


def box(page, selector: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The element's rectangle relative to the viewport."""
    return page.evaluate(
        "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }",
        selector,
    )


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_crisis_block_starts_at_the_top_and_every_number_calls(page, viewport) -> None:  # type: ignore[no-untyped-def]
    ask(page, CRISIS)
    crisis = box(page, ".pk-turn:last-child .pk-crisis")
    # The emergency block, not the end of the reply, is what the parent sees first.
    assert -1 <= crisis["top"] <= 12, crisis
    text = page.inner_text(".pk-crisis")
    assert NUMBER.findall(text)[0] == "112"
    assert page.locator(".pk-crisis a[href='tel:112']").count() >= 1
    # Every number in the block is a tap-to-call link, the one the family sees.
    unlinked = page.evaluate(
        """() => {
          const walker = document.createTreeWalker(document.querySelector('.pk-crisis'), NodeFilter.SHOW_TEXT);
          const out = [];
          while (walker.nextNode()) {
            if (!walker.currentNode.parentElement.closest('a')) out.push(walker.currentNode.data);
          }
          return out.join('\\n');
        }"""
    )
    assert not NUMBER.findall(unlinked), unlinked
    for link in page.locator(".pk-crisis a[href^='tel:']").all():
        assert link.get_attribute("href") == "tel:" + link.inner_text().replace(" ", "")
    nollalinja = load_corpus(CORPUS).service("nollalinja")
    assert nollalinja is not None
    phone = next(c for c in nollalinja.channels if c.type == "phone")
    assert page.locator(f".pk-crisis a[href='tel:{phone.value.replace(' ', '')}']").count() == 1
    assert "((" not in text and "))" not in text, text
    shot(page, f"crisis-{'phone' if viewport == PHONE else 'desktop'}.png")


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_each_answer_is_shown_once_below_its_question(page, viewport) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("#pk-clear")).to_be_hidden()  # nothing to clear before the first question
    ask(page, QUESTION)
    expect(page.locator("#pk-clear")).to_be_visible()
    page.wait_for_selector(".pk-turn:last-child .pk-card")
    first_line = page.inner_text(".pk-turn:last-child .pk-reply p >> nth=1")
    assert page.inner_text("body").count(first_line) == 1, "the answer is shown more than once"
    question, answer = box(page, ".pk-turn:last-child .pk-q"), box(page, ".pk-turn:last-child .pk-a")
    height = viewport["height"]
    assert 0 <= question["top"] and question["bottom"] <= height, question  # the question is in view
    assert question["bottom"] <= answer["top"] < height, (question, answer)  # its answer starts right below
    assert QUESTION in page.inner_text(".pk-turn:last-child .pk-q")
    shot(page, f"chat-{'phone' if viewport == PHONE else 'desktop'}.png")
    # A second question: its start, not the end of the page or the first answer, is what is in view.
    ask(page, "Mikä on Vakkanen?")
    newest = box(page, ".pk-turn:last-child .pk-q")
    assert 0 <= newest["top"] <= 12 and "Vakkanen" in page.inner_text(".pk-turn:last-child .pk-q"), newest
    assert page.inner_text("body").count(first_line) == 1
    # Sources open on demand.
    page.locator(".pk-turn:last-child .pk-sources summary").first.click()
    assert page.locator(".pk-turn:last-child .pk-sources details[open] p").first.inner_text()


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_talk_to_a_person_opens_the_form_in_view_with_focus(page, viewport) -> None:  # type: ignore[no-untyped-def]
    page.click("#pk-talk")
    dialog = page.get_by_role("dialog", name=t("ui_form_title", "fi"))
    dialog.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "pk-form-message"
    field = box(page, "#pk-form-message")
    assert 0 <= field["top"] and field["bottom"] <= viewport["height"], field
    expect(page.locator("#pk-chat-status")).to_contain_text("auki")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    if viewport == PHONE:
        page.click("#pk-talk")
        dialog.wait_for(state="visible")
        shot(page, "form-phone.png")


def form_language(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    if lang != "fi":
        page.check(f"input[name=pk-lang][value={lang}]")
        expect(page.locator("html")).to_have_attribute("lang", lang)


def error_of(page, field: str) -> str:  # type: ignore[no-untyped-def]
    """The error shown for ``field``: visible, named by the field's aria-describedby, placed at the field."""
    error = page.locator(f"#pk-form-{field}-error")
    error.wait_for(state="visible")
    described = page.get_attribute(f"#pk-form-{field}", "aria-describedby") or ""
    assert f"pk-form-{field}-error" in described.split()
    assert page.get_attribute(f"#pk-form-{field}", "aria-invalid") == "true"
    below, at = box(page, f"#pk-form-{field}"), box(page, f"#pk-form-{field}-error")
    assert 0 <= at["top"] - below["bottom"] <= 80, "the error is not next to its field"
    return error.inner_text()


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_form_errors_are_in_words_at_their_field(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    form_language(page, lang)
    page.click("#pk-talk")
    page.click("#pk-form-send")
    assert error_of(page, "message") == t("ui_err_message_missing", lang)
    assert error_of(page, "phone") == t("ui_err_phone_missing", lang)
    page.fill("#pk-form-message", "Tarvitsen apua")
    page.fill("#pk-form-phone", "soita minulle")
    page.click("#pk-form-send")
    shown = error_of(page, "phone")  # the server's check, in words
    assert shown == t("ui_err_phone_invalid", lang)
    assert not shown.startswith("phone:") and "(digits" not in shown  # not the API's raw wording
    assert page.locator("#pk-form-message-error").is_hidden()
    assert page.evaluate("document.activeElement.id") == "pk-form-phone"


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_only_the_field_for_the_chosen_contact_method_shows(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#pk-talk")
    shown = {
        "phone": {"phone"},
        "email": {"email"},
        "callback": {"phone", "callback_time"},
    }
    for method, fields in shown.items():
        page.check(f"input[name=contact_method][value={method}]")
        visible = {f for f in ("phone", "email", "callback_time") if page.locator(f"#pk-form-{f}").is_visible()}
        assert visible == fields, method


def sent_reference(page, count: int) -> str:  # type: ignore[no-untyped-def]
    page.locator("#pk-form-result p").nth(count - 1).wait_for()
    text = page.locator("#pk-form-result p").last.inner_text()
    found = re.search(r"PA-\d{4}-\d{6}", text)
    assert found, text
    return found.group(0)


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_an_edited_request_is_a_new_request(page, live, viewport) -> None:  # type: ignore[no-untyped-def]
    marker = f"unesta {viewport['width']}"
    page.click("#pk-talk")
    page.fill("#pk-form-message", f"Haluaisin jutella lapsen {marker}")
    page.fill("#pk-form-phone", "040 123 4567")
    page.click("#pk-form-send")
    first = sent_reference(page, 1)
    page.fill("#pk-form-message", f"Haluaisin jutella lapsen {marker}. Lisäys: myös päiväunista.")
    page.click("#pk-form-send")
    second = sent_reference(page, 1)
    assert second != first
    assert page.locator("#pk-form-error").is_hidden()
    with live.handoff.queue.sessions() as db:
        stored = db.scalars(select(HelpRequest.message).where(HelpRequest.message.contains(marker))).all()
    assert len(stored) == 2 and any("Lisäys" in m for m in stored)


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_counter_and_a_hint_on_an_empty_send(page) -> None:  # type: ignore[no-untyped-def]
    counter = page.locator("#pk-counter")
    assert counter.is_visible() and counter.inner_text() == t("ui_counter", "fi").format(count=0, max=2000)
    page.click("#pk-send")
    hint = page.locator("#pk-message-hint")
    hint.wait_for(state="visible")
    assert hint.inner_text() == t("ui_empty", "fi")
    assert "pk-message-hint" in (page.get_attribute("#pk-message", "aria-describedby") or "")
    assert page.locator(".pk-turn").count() == 0
    page.locator("#pk-message").press_sequentially("Hei")
    assert counter.inner_text() == t("ui_counter", "fi").format(count=3, max=2000)
    assert hint.is_hidden()
    page.fill("#pk-message", "a" * 2100)  # pasted: the box keeps 2,000 and says so
    assert page.evaluate("document.getElementById('pk-message').value.length") == 2000
    assert counter.inner_text() == t("ui_counter", "fi").format(count=2000, max=2000)
    assert hint.inner_text() == t("ui_too_long", "fi").format(max=2000)


@pytest.mark.parametrize(
    ("viewport", "question", "lang"),
    [
        pytest.param(PHONE, "Finns det familjecaféer i Rovaniemi?", "sv", id="phone-sv"),
        pytest.param(
            {"width": 1280, "height": 900}, "Where can families with small children meet?", "en", id="desktop-en"
        ),
    ],
    indirect=["viewport"],
)
def test_the_page_follows_the_question_language_unless_chosen(page, question: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.lang") == "fi"
    ask(page, question)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert page.inner_text("#pk-send") == t("ui_send", lang)
    assert page.inner_text("#pk-talk") == t("ui_talk", lang)
    assert page.is_checked(f"input[name=pk-lang][value={lang}]")
    examples = page.locator(".pk-example").all_inner_texts()
    assert examples == [t(f"ui_example_{n}", lang) for n in (1, 2, 3)]
    assert page.get_attribute(".pk-turn:last-child .pk-a", "lang") == lang
    # The family chooses Finnish: a question in another language no longer switches the page.
    page.check("input[name=pk-lang][value=fi]")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    assert page.locator(".pk-example").all_inner_texts() == [t(f"ui_example_{n}", "fi") for n in (1, 2, 3)]
    ask(page, question)
    assert page.evaluate("document.documentElement.lang") == "fi"
    assert page.inner_text("#pk-send") == t("ui_send", "fi")


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_language_choice_is_one_radio_group(page) -> None:  # type: ignore[no-untyped-def]
    radios = page.locator("#pk-lang input[type=radio]")
    assert radios.count() == 3
    assert len(set(radios.evaluate_all("rs => rs.map(r => r.name)"))) == 1
    assert page.get_attribute("#pk-lang", "role") in (None, "radiogroup")
    assert page.locator("#pk-lang legend").inner_text() == t("ui_language", "fi")
    page.focus("#pk-lang input[value=fi]")
    page.keyboard.press("ArrowRight")  # arrows move within the group and choose
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.keyboard.press("Tab")  # one Tab leaves the group
    assert page.evaluate("document.activeElement.closest('#pk-lang') === null")


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_script_in_a_message_is_shown_as_text(page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("window.__pwned = false")
    ask(page, "<script>window.__pwned = true</script><b>lihava</b> Mikä on Vakkanen?")
    assert "<script>" in page.inner_text(".pk-turn:last-child .pk-q")
    assert page.evaluate("window.__pwned") is False
    assert page.locator("#pk-chat b").count() == 0


@pytest.mark.parametrize("viewport", VIEWPORTS, indirect=True)
def test_keyboard_only_use(page) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id === 'pk-message'"):
            break
    else:
        pytest.fail("the question box cannot be reached with the keyboard")
    page.keyboard.type("Mikä on Vakkanen?")
    page.keyboard.press("Enter")
    page.wait_for_selector(".pk-turn .pk-reply")
    assert "Vakkanen" in page.inner_text(".pk-turn .pk-a")


def test_nothing_is_wider_than_a_320_px_phone(browser, live) -> None:  # type: ignore[no-untyped-def]
    page = new_page(browser, {"width": 320, "height": 800})
    page.goto(live.url + "/", wait_until="domcontentloaded")
    ask(page, QUESTION)
    page.wait_for_selector(".pk-card")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator("#pk-talk").is_visible()
    page.close()


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


@pytest.mark.parametrize("viewport", [VIEWPORTS[0]], indirect=True)
def test_text_contrast_is_at_least_4_5(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "mun mies lyö mua")
    page.wait_for_selector(".pk-crisis")
    for selector in ["#pk-send", "#pk-talk", ".pk-notice", ".pk-crisis p", ".pk-card p", ".pk-badge", "#pk-counter"]:
        ratio = page.evaluate(CONTRAST_JS, selector)
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f}"
