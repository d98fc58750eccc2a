"""HTML for a chat response. Every piece of text is escaped: nothing a family writes becomes markup."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from assistant.i18n import t, ui_language

CSS = """
.pk-answer { font-size: 1.05rem; line-height: 1.5; }
.pk-reply p { margin: 0 0 .5rem 0; }
.pk-crisis { background: #7a0000; color: #ffffff; border: 3px solid #000000; border-radius: 8px;
             padding: 1rem; margin-bottom: 1rem; }
.pk-crisis h2 { margin: 0 0 .5rem 0; font-size: 1.3rem; }
.pk-crisis, .pk-crisis * { color: #ffffff !important; }
.pk-112 { font-size: 2rem; font-weight: 800; letter-spacing: .05em; }
.pk-cards { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: .5rem; }
.pk-card { border: 1px solid #555555; border-radius: 8px; padding: .75rem; flex: 1 1 16rem; max-width: 100%;
           background: #ffffff; color: #111111; }
.pk-card h3 { margin: 0 0 .25rem 0; font-size: 1.05rem; color: #111111; }
.pk-badge { display: inline-block; background: #7a0000; color: #ffffff; border-radius: 4px;
            padding: 0 .4rem; font-size: .85rem; margin-left: .4rem; }
.pk-unverified { color: #444444; font-style: italic; }
.pk-sources details { margin: .25rem 0; }
.pk-sources summary { cursor: pointer; color: #0b4a8b; }
.pk-notice { border-left: 6px solid #0b4a8b; padding: .5rem .75rem; background: #eef4fb; color: #111111; }
button.primary, .primary { background: #0b4a8b !important; color: #ffffff !important;
                           border-color: #0b4a8b !important; }
button.secondary { color: #111111 !important; }
a { color: #0b4a8b; }
:focus-visible { outline: 3px solid #0b4a8b !important; outline-offset: 2px; }
@media (max-width: 480px) { .pk-card { flex-basis: 100%; } }
"""


def _link(url: str | None, text: str) -> str:
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer" target="_blank">{escape(text)}</a>'
    return escape(text)


def _channel(channel: dict[str, Any], lang: str) -> str:
    value = str(channel["value"])
    if not channel.get("verified"):
        # The catalogue marks unknown parts with 'unverified': say so in the reader's language, never as fact.
        label = t("unverified_label", lang)
        text = re.sub(r"\bunverified\b", label, value)
        return f'<li class="pk-unverified">{escape(text)}</li>'
    shown = _link(value, value) if value.startswith("http") else escape(value)
    if channel["type"] == "phone" and value.replace(" ", "").lstrip("+").isdigit():
        shown = f'<a href="tel:{escape(value.replace(" ", ""), quote=True)}">{escape(value)}</a>'
    hours = f" – {escape(str(channel['hours']))}" if channel.get("hours") else ""
    return f"<li>{shown}{hours}</li>"


def service_cards(services: list[dict[str, Any]], lang: str) -> str:
    if not services:
        return ""
    cards = []
    for card in services:
        badge = f'<span class="pk-badge">{escape(t("ui_urgent", lang))}</span>' if card.get("urgent") else ""
        channels = "".join(_channel(c, lang) for c in card.get("channels", []))
        cards.append(
            f'<div class="pk-card" role="group" aria-label="{escape(card["name"], quote=True)}">'
            f"<h3>{escape(card['name'])}{badge}</h3><p>{escape(card.get('summary') or '')}</p>"
            f"<ul>{channels}</ul></div>"
        )
    return f'<h3>{escape(t("ui_services", lang))}</h3><div class="pk-cards">{"".join(cards)}</div>'


def sources_block(sources: list[dict[str, Any]], lang: str) -> str:
    if not sources:
        return ""
    items = []
    for number, source in enumerate(sources, start=1):
        title = f"[{number}] {source['section'] or source['title']}"
        link = f"<p>{_link(source['url'], source['url'])}</p>" if source.get("url") else ""
        items.append(f"<details><summary>{escape(title)}</summary><p>{escape(source['text'])}</p>{link}</details>")
    return f'<div class="pk-sources"><h3>{escape(t("ui_sources", lang))}</h3>{"".join(items)}</div>'


def reply_paragraphs(reply: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in reply.splitlines() if line.strip())


def response_html(response: dict[str, Any]) -> str:
    """The whole answer panel for one chat response."""
    lang = ui_language(response["lang"])
    if response["route"] == "crisis":
        lines = response["reply"].splitlines()
        first, rest = (lines[0], lines[1:]) if lines else ("", [])
        body = (
            f'<div class="pk-crisis" role="alert"><h2>{escape(t("ui_emergency_title", lang))}</h2>'
            f'<p class="pk-112"><a href="tel:112">112</a></p><p><strong>{escape(first)}</strong></p>'
            f"{reply_paragraphs(chr(10).join(rest))}</div>"
        )
        return f'<div class="pk-answer">{body}{service_cards(response["services"], lang)}</div>'
    return (
        f'<div class="pk-answer"><div class="pk-reply">{reply_paragraphs(response["reply"])}</div>'
        f"{service_cards(response['services'], lang)}{sources_block(response['sources'], lang)}</div>"
    )
