"""HTML for a chat response. Every piece of text is escaped: nothing a family writes becomes markup.

This is the one place that turns a response into markup; the family chat, the staff console and the
widget all show what it returns.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from assistant.i18n import t

_UNSURE_HEADINGS = frozenset(t("crisis_unsure_answer", lang) for lang in ("fi", "sv", "en"))

# A phone number as the catalogue writes them: 112, 116 016, 116117, 080 005 005, 0800 02400, +358 9 123 4567.
# At least three digits in all, so hours ('9–15', '24/7', '9:00') and source marks ('[1]') stay text; a number before
# a colon and a space is one ('Päivystysapu 116117: 116117').
_PHONE = re.compile(r"(?<![\w/.:+\-])(\+?\d{1,6}(?: \d{2,5}){0,4})(?![\w/\-]|:\d)")
_URL = re.compile(r"https?://[^\s<>()\"']+[^\s<>()\"'.,;:]")
# '(24/7 (ohjautuu Nollalinjalle))': hours that carry their own brackets inside the reply's brackets.
_NESTED = re.compile(r"\(([^()]*?) \(([^()]*)\)\)")


def flatten_brackets(text: str) -> str:
    """'116 016 (24/7 (ohjautuu Nollalinjalle))' -> '116 016 (24/7, ohjautuu Nollalinjalle)'."""
    return _NESTED.sub(r"(\1, \2)", text)


def split_url(value: str) -> tuple[str | None, str]:
    """A catalogue value such as 'https://site/page (vertaisryhmät)' as (the URL, the words after it).

    The URL ends at the first space; what follows is a label for people, never part of the address."""
    head, _, rest = value.strip().partition(" ")
    if head.startswith(("https://", "http://")):
        return head, rest.strip().strip("()").strip()
    return None, value


def _link(url: str | None, text: str) -> str:
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer" target="_blank">{escape(text)}</a>'
    return escape(text)


def _short(url: str) -> str:
    """A web address as people read it: 'rovaniemi.fi/Kohderyhmat/…' rather than forty characters of path."""
    rest = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return rest if len(rest) <= 32 else rest[:30].rstrip("/-") + "…"


def _tel(number: str) -> str:
    digits = number.replace(" ", "")
    return f'<a class="pk-tel" dir="ltr" href="tel:{escape(digits, quote=True)}">{escape(number)}</a>'


# Right-to-left scripts (Arabic, Persian, Urdu, Hebrew...). In a paragraph written in one, a number in groups
# ('0800 900 45', '1–2') is shown with its groups in reverse order ('45 900 0800', '2–1') unless it is isolated left to
# right: the translator of the Persian answers noticed it (2026-11-30).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_GROUPED_NUMBER = re.compile(r"\+?\d+(?:[ \u2013-]\d+)+")


def _escape_text(text: str, rtl: bool) -> str:
    """Escaped ``text``; in a right-to-left paragraph each grouped number isolated left to right."""
    if not rtl:
        return escape(text)
    out, last = [], 0
    for match in _GROUPED_NUMBER.finditer(text):
        out += [escape(text[last : match.start()]), f'<bdi dir="ltr">{escape(match.group(0))}</bdi>']
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def linkify(text: str, phones: bool = True) -> str:
    """Escaped ``text`` with every web address a link and, with ``phones``, every phone number a
    tap-to-call link (only where the text is a list of numbers: years and dates would look alike)."""
    out, last = [], 0
    rtl = bool(_RTL.search(text))
    for match in re.finditer(f"{_URL.pattern}|{_PHONE.pattern}", text):
        value = match.group(0)
        if value.startswith("http"):
            piece = _link(value, _short(value))
        elif phones and sum(c.isdigit() for c in value) >= 3:
            piece = _tel(value)
        else:
            continue
        out.append(_escape_text(text[last : match.start()], rtl))
        out.append(piece)
        last = match.end()
    out.append(_escape_text(text[last:], rtl))
    return "".join(out)


def _channel(channel: dict[str, Any], lang: str, urgent: bool = False) -> str:
    value = str(channel["value"])
    if not channel.get("verified"):
        # The catalogue marks unknown parts with 'unverified': say so in the reader's language, never as fact.
        label = t("unverified_label", lang)
        text = re.sub(r"\bunverified\b", label, value)
        return f'<li class="pk-unverified">{escape(text)}</li>'
    url, label = split_url(value)
    if url:
        shown = _link(url, _short(url)) + (f" ({escape(label)})" if label else "")
    elif channel["type"] == "phone":
        shown = linkify(value)  # '+358 80 005 005 (ulkomailta)': the number is the link
    else:
        shown = escape(value)
    hours = f" – {escape(str(channel['hours']))}" if channel.get("hours") else ""
    if not hours and channel.get("hours_unconfirmed"):
        hours = f" – {escape(str(channel['hours_unconfirmed']))} ({escape(t('unverified_label', lang))})"
    elif not hours and urgent and channel.get("hours_verified") is False:
        # An emergency card's line whose hours the catalogue does not know says so, as the reply's line does
        # ('09 2525 0112 (ruotsi) – ajat ei vahvistettu'): bare under '09 2525 0111 (suomi) – 24/7' it read as
        # answering at any hour too (seen in the chat at 390x844, 2026-12-03).
        hours = f" – {escape(t('line_hours_unconfirmed', lang))}"
    return f"<li>{shown}{hours}</li>"


def service_cards(services: list[dict[str, Any]], lang: str) -> str:
    if not services:
        return ""
    cards = []
    for card in services:
        badge = f'<span class="pk-badge">{escape(t("ui_urgent", lang))}</span>' if card.get("urgent") else ""
        if card.get("free"):
            badge += f'<span class="pk-badge pk-free">{escape(t("ui_free", lang))}</span>'
        channels = "".join(_channel(c, lang, bool(card.get("urgent"))) for c in card.get("channels", []))
        cards.append(
            f'<div class="pk-card" role="group" aria-label="{escape(card["name"], quote=True)}">'
            f"<h4>{escape(card['name'])}{badge}</h4><p>{escape(card.get('summary') or '')}</p>"
            f"<ul>{channels}</ul></div>"
        )
    return (
        f'<h3 class="pk-cards-title">{escape(t("ui_services", lang))}</h3><div class="pk-cards">{"".join(cards)}</div>'
    )


def sources_block(sources: list[dict[str, Any]], lang: str, cited_only: bool = True) -> str:
    """The sources under a reply, each with the number the reply's quotes refer to. The family sees those the reply is
    drawn from (``cited``); retrieval's other finds, often on another topic, only staff see (``cited_only=False``)."""
    items = []
    for number, source in enumerate(sources, start=1):
        if cited_only and not source.get("cited", True):
            continue
        title = f"[{number}] {source['section'] or source['title']}"
        url, _ = split_url(source.get("url") or "")
        link = f"<p>{_link(url, url)}</p>" if url else ""
        items.append(f"<details><summary>{escape(title)}</summary><p>{escape(source['text'])}</p>{link}</details>")
    if not items:
        return ""
    return f'<div class="pk-sources"><h3>{escape(t("ui_sources", lang))}</h3>{"".join(items)}</div>'


def reply_paragraphs(reply: str, links: bool = False) -> str:
    """The reply's lines as paragraphs, web addresses as links; with ``links`` (emergency lines) phone
    numbers too. Each paragraph takes its direction from its own text (``dir="auto"``): the 112 line in Arabic reads
    right to left (a user trial found it left-aligned with the full stop misplaced)."""
    parts: list[str] = []
    items: list[str] = []
    for line in [*reply.splitlines(), ""]:
        # Lines opening with '- ' (the 24/7 lines, the ways to a person) are one list, not paragraphs with a dash (a
        # user trial, 2026-11-30: "the crisis block shows a literal '- MIELI Kriisipuhelin'").
        if line.startswith("- "):
            items.append(f'<li dir="auto">{linkify(flatten_brackets(line[2:]), phones=links)}</li>')
            continue
        if items:
            parts.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line.strip():
            parts.append(f'<p dir="auto">{linkify(flatten_brackets(line), phones=links)}</p>')
    return "".join(parts)


def _handoff_button(lang: str) -> str:
    return f'<p><button type="button" class="pk-open-form secondary">{escape(t("ui_open_form", lang))}</button></p>'


def response_html(response: dict[str, Any]) -> str:
    """The answer to one question: the reply once, then service cards, then sources. The labels follow the reply's
    language: a message in a language we have no texts for is answered in English (its cards too), so its labels are
    English, not Finnish ("Palvelut", "ei vahvistettu" beside English cards: a user trial, 2026-11-30)."""
    lang = response["lang"] if response["lang"] in ("fi", "sv", "en") else "en"
    if response["route"] == "crisis":
        lines = response["reply"].splitlines()
        # An unsure crisis (assistant.engine.UNSURE_CRISIS) also answers the question: the emergency lines stay
        # in the red block, the answer after them reads as an ordinary answer with its sources.
        split = next((i for i, line in enumerate(lines) if line.strip() in _UNSURE_HEADINGS), len(lines))
        lines, answer = lines[:split], lines[split:]
        first, rest = (lines[0], lines[1:]) if lines else ("", [])
        # An unsure crisis is most often a family's everyday worry in strong words (an exhausted parent, a child who
        # will not sleep): 112 and the 24/7 line stay first, under "Emergency number" in a red frame, not under
        # "Emergency" in a red block above an ordinary answer (a user trial, 2026-11-30).
        unsure = bool(answer)
        title = t("ui_safety_title" if unsure else "ui_emergency_title", lang)
        body = (
            f'<div class="pk-crisis{" pk-crisis-unsure" if unsure else ""}" role="alert"><h3>{escape(title)}</h3>'
            f'<p class="pk-112">{_tel("112")}</p><p><strong>{linkify(first)}</strong></p>'
            f"{reply_paragraphs(chr(10).join(rest), links=True)}</div>"
        )
        cards = service_cards(response["services"], lang)
        if answer:
            reply = f'<div class="pk-reply">{reply_paragraphs(chr(10).join(answer), links=True)}</div>'
            sources = sources_block(response["sources"], lang)
            return f'<div class="pk-answer pk-route-crisis">{body}{reply}{_handoff_button(lang)}{cards}{sources}</div>'
        return f'<div class="pk-answer pk-route-crisis">{body}{_handoff_button(lang)}{cards}</div>'
    # A safety notice (112 and a 24/7 line on top of an answer) gets tap-to-call numbers too.
    links = response.get("safety") == "notice"
    asked = bool((response.get("handoff") or {}).get("asked"))  # an answer to a message that also asks for a person
    button = _handoff_button(lang) if response["route"] in ("handoff", "out_of_scope") or asked else ""
    return (
        f'<div class="pk-answer pk-route-{escape(response["route"], quote=True)}">'
        f'<div class="pk-reply">{reply_paragraphs(response["reply"], links=links)}</div>{button}'
        f"{service_cards(response['services'], lang)}{sources_block(response['sources'], lang)}</div>"
    )
