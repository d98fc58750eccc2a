"""The one renderer of chat responses: links that work, numbers that call, brackets that close once."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from assistant.corpus import load_corpus
from assistant.i18n import t
from assistant.services import service_card
from tests.conftest import CORPUS
from ui.render import (
    flatten_brackets,
    linkify,
    reply_paragraphs,
    response_html,
    service_cards,
    sources_block,
    split_url,
)

pytestmark = pytest.mark.unit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v or "" for k, v in attrs if k == "href")


def hrefs(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_catalogue_link_is_a_valid_address(lang: str) -> None:
    corpus = load_corpus(CORPUS)
    cards = [service_card(service, lang, False) for service in corpus.services]
    links = hrefs(service_cards(cards, lang))
    assert links
    for href in links:
        if href.startswith("tel:"):
            assert re.fullmatch(r"tel:\+?\d{3,15}", href), href
            continue
        parts = urlsplit(href)
        assert parts.scheme == "https" or parts.scheme == "http", href
        assert parts.netloc and " " not in href and "(" not in href and ")" not in href, href


def test_words_after_a_url_are_a_label_not_part_of_the_address() -> None:
    value = "https://www.rovaniemi.fi/Kohderyhmat/Lapsiperheet---Rovaniemen-perhekeskus (vertaisryhmät)"
    assert split_url(value) == (
        "https://www.rovaniemi.fi/Kohderyhmat/Lapsiperheet---Rovaniemen-perhekeskus",
        "vertaisryhmät",
    )
    channel = {"type": "web", "value": value, "verified": True, "hours": None}
    html = service_cards([{"name": "Ryhmä", "summary": "", "channels": [channel]}], "fi")
    assert hrefs(html) == ["https://www.rovaniemi.fi/Kohderyhmat/Lapsiperheet---Rovaniemen-perhekeskus"]
    assert "(vertaisryhmät)" in html


def test_nested_brackets_close_once() -> None:
    assert flatten_brackets("116 016 (24/7 (ohjautuu Nollalinjalle))") == "116 016 (24/7, ohjautuu Nollalinjalle)"
    assert flatten_brackets("080 005 005 (24/7)") == "080 005 005 (24/7)"


def test_numbers_call_and_hours_stay_text() -> None:
    html = linkify("- Nollalinja: 080 005 005 (24/7); 116 016 (ma–ke 9–15) [1] <b>")
    assert hrefs(html) == ["tel:080005005", "tel:116016"]
    assert "&lt;b&gt;" in html


def test_a_crisis_reply_has_every_number_as_a_link() -> None:
    reply = (
        "Jos joku on vaarassa nyt, soita heti hätänumeroon 112.\n"
        "- Nollalinja: 080 005 005 (24/7, vuoden jokaisena päivänä); 116 016 (24/7 (ohjautuu Nollalinjalle))"
    )
    html = response_html({"route": "crisis", "lang": "fi", "reply": reply, "services": [], "sources": []})
    assert "tel:112" in hrefs(html) and "tel:080005005" in hrefs(html) and "tel:116016" in hrefs(html)
    assert "))" not in html


def test_an_address_in_an_answer_is_a_link_and_its_numbers_stay_text() -> None:
    reply = "Viikkokalenteri löytyy sivulta https://www.rovaniemi.fi/Kohderyhmat/Lapsiperheet. Vuonna 2025 [1]"
    html = response_html({"route": "answer", "lang": "fi", "reply": reply, "services": [], "sources": []})
    assert hrefs(html) == ["https://www.rovaniemi.fi/Kohderyhmat/Lapsiperheet"]
    assert "tel:" not in html


def test_an_unsure_crisis_keeps_the_emergency_lines_in_the_red_block_and_the_answer_after_it() -> None:
    from assistant.i18n import t

    reply = "\n".join(
        [
            t("crisis_intro", "sv"),
            t("crisis_unsure_answer", "sv"),
            "Rådgivningen följer barnets tillväxt. [1]",
            t("crisis_after", "sv"),
        ]
    )
    source = {"section": "Palvelut > Neuvola", "title": "Neuvola", "text": "Neuvola seuraa kasvua.", "url": None}
    html = response_html({"route": "crisis", "lang": "sv", "reply": reply, "services": [], "sources": [source]})
    red = html[html.index('class="pk-crisis') : html.index("</div>", html.index('class="pk-crisis'))]
    assert "112" in red and "Rådgivningen" not in red and t("crisis_unsure_answer", "sv") not in red
    # With an answer below it the block is headed "emergency number", framed, not "emergency" on red.
    assert 'class="pk-crisis pk-crisis-unsure"' in red and t("ui_safety_title", "sv") in red
    assert t("ui_emergency_title", "sv") not in html
    assert html.index("Rådgivningen") > html.index('class="pk-reply"') and "pk-sources" in html
    plain = response_html(
        {"route": "crisis", "lang": "sv", "reply": t("crisis_intro", "sv"), "services": [], "sources": [source]}
    )
    assert "pk-reply" not in plain and "pk-sources" not in plain
    assert 'class="pk-crisis"' in plain and t("ui_emergency_title", "sv") in plain


def test_each_reply_line_takes_its_own_direction() -> None:
    """An Arabic 112 line over English lines: each paragraph is laid out by its own script."""
    html = reply_paragraphs("اتصل بالرقم 112 فوراً.\nIf someone is in danger now, call 112.")
    assert html.count('<p dir="auto">') == 2


def test_lines_opening_with_a_dash_are_one_list() -> None:
    reply = "Apua saa myös täältä:\n- MIELI Kriisipuhelin: 09 2525 0111\n- Nollalinja: 080 005 005\nLoppu."
    html = reply_paragraphs(reply)
    assert html.count("<ul>") == 1 and html.count("<li") == 2
    assert "<p" not in html.split("<ul>")[1].split("</ul>")[0]
    assert ">- " not in html and html.endswith('<p dir="auto">Loppu.</p>')


def test_an_answer_to_another_language_has_english_labels_like_its_cards() -> None:
    card = {
        "id": "mll-family-cafe",
        "name": "MLL Family Cafe",
        "summary": "A meeting place for immigrant families.",
        "channels": [{"type": "web", "value": "mll.fi (unverified)", "label": None, "hours": None, "verified": False}],
        "urgent": False,
        "verified": False,
    }
    html = response_html(
        {
            "route": "handoff",
            "lang": "other",
            "reply": "I can answer only in English.",
            "services": [card],
            "sources": [],
        }
    )
    assert t("unverified_label", "en") in html and t("unverified_label", "fi") not in html
    assert t("ui_services", "en") in html and t("ui_services", "fi") not in html


def test_a_card_says_free_only_when_the_catalogue_confirms_it() -> None:
    from assistant.services import is_free

    corpus = load_corpus(CORPUS)
    free = {s.id for s in corpus.services if is_free(s)}
    assert {"neuvola", "avoin-paivakoti", "mll-lasten-ja-nuorten-puhelin"} <= free
    # 'unverified' cost, a partly unverified one, and paid services get no badge
    assert (
        not {"apua-huoliin-chat", "kasvatus-ja-perheneuvonta", "lapsiperheiden-kotipalvelu", "mll-lastenhoitoapu"}
        & free
    )
    for lang in ("fi", "sv", "en"):
        html = service_cards([service_card(corpus.service("neuvola"), lang)], lang)  # type: ignore[arg-type]
        assert f'<span class="pk-badge pk-free">{t("ui_free", lang)}</span>' in html
        paid = service_cards([service_card(corpus.service("lapsiperheiden-kotipalvelu"), lang)], lang)  # type: ignore[arg-type]
        assert "pk-free" not in paid


def _source(number: int, cited: bool) -> dict[str, object]:
    return {
        "id": f"c{number}",
        "doc": "handbook",
        "title": "Käsikirja",
        "section": f"Osio {number}",
        "url": None,
        "text": f"Kohdan {number} teksti.",
        "score": 0.5,
        "cited": cited,
    }


def test_a_family_sees_the_sources_the_reply_draws_on_with_their_own_numbers_and_staff_see_all() -> None:
    """Retrieval's other finds, often on another topic (a user trial, 2026-11-30), are not listed under the answer;
    a quote's [3] still names the third source."""
    sources = [_source(1, True), _source(2, False), _source(3, True)]
    html = response_html({"route": "answer", "lang": "fi", "reply": "Vastaus. [3]", "services": [], "sources": sources})
    assert "[1] Osio 1" in html and "[3] Osio 3" in html and "Osio 2" not in html
    staff = sources_block(sources, "fi", cited_only=False)
    assert all(f"[{n}] Osio {n}" in staff for n in (1, 2, 3))
    assert sources_block([_source(1, False)], "fi") == ""


def test_a_six_digit_service_number_is_a_tap_to_call_link() -> None:
    # 'Päivystysapu 116117: 116117' in the crisis block had no link (the CI's browser test of the crisis block).
    html = linkify("Päivystysapu 116117: 116117 (aina); 116 006")
    assert html.count('href="tel:116117"') == 2 and 'href="tel:116006"' in html


def test_an_answer_to_a_message_that_also_asks_for_a_person_has_the_form_button() -> None:
    base = {"route": "answer", "lang": "sv", "reply": "Svar.", "services": [], "sources": []}
    assert "pk-open-form" not in response_html({**base, "handoff": {"options": []}})
    assert "pk-open-form" in response_html({**base, "handoff": {"options": [], "asked": True}})


def test_grouped_numbers_in_a_right_to_left_paragraph_keep_their_order() -> None:
    """In a Persian or Arabic paragraph '0800 900 45' and '1–2' would show their groups in reverse order: each is
    isolated left to right. A Finnish paragraph is left as it is."""
    persian = reply_paragraphs("با شماره 0800 900 45 تماس بگیرید، پاسخ در 1–2 روز کاری.")
    assert '<bdi dir="ltr">0800 900 45</bdi>' in persian and '<bdi dir="ltr">1–2</bdi>' in persian
    finnish = reply_paragraphs("Soita numeroon 0800 900 45, vastaus 1–2 arkipäivässä.")
    assert "<bdi" not in finnish and "0800 900 45" in finnish
    arabic_emergency = reply_paragraphs("اتصل بالرقم 09 2525 0111", links=True)
    assert 'dir="ltr" href="tel:0925250111"' in arabic_emergency


@pytest.mark.parametrize(
    ("lang", "when"), [("fi", "virka-ajan ulkopuolella"), ("sv", "utanför tjänstetid"), ("en", "outside office hours")]
)
def test_a_line_known_only_from_an_old_source_says_when_it_answers_and_that_it_is_not_confirmed(
    lang: str, when: str
) -> None:
    service = load_corpus(CORPUS).service("sosiaalipaivystys")
    assert service is not None
    card = service_card(service, lang, corpus=load_corpus(CORPUS))
    html = service_cards([card], lang)
    evening = html.split("040 726 6965")[1].split("</li>")[0]
    assert when in evening and t("unverified_label", lang) in evening and "unverified" not in html


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_an_emergency_line_of_unknown_hours_says_so_on_its_card(lang: str) -> None:
    corpus = load_corpus(CORPUS)
    service = corpus.service("mieli-kriisipuhelin")
    assert service is not None and service.urgent
    html = service_cards([service_card(service, lang, corpus=corpus)], lang)
    around_the_clock = html.split("0111</a>")[1].split("</li>")[0]
    unknown = html.split("0112</a>")[1].split("</li>")[0]
    assert "24/7" in around_the_clock and t("line_hours_unconfirmed", lang) not in around_the_clock
    assert t("line_hours_unconfirmed", lang) in unknown and "24/7" not in unknown
    # An everyday card's line keeps its bare number: no note about hours on cards a family does not need at once.
    neuvola = corpus.service("neuvola")
    assert neuvola is not None and any(c.hours and not c.hours_verified for c in neuvola.channels)
    assert t("line_hours_unconfirmed", lang) not in service_cards([service_card(neuvola, lang, corpus=corpus)], lang)
