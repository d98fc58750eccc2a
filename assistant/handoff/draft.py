"""A reply draft for a staff member: greeting, the fitting services with contacts, the sources used."""

from __future__ import annotations

import re
from typing import Any, Protocol

from assistant.i18n import t, ui_language


class Asker(Protocol):
    """What a draft needs of the assistant: an answer to a message, and to the situation a request to be contacted
    describes (the engine's ``Assistant`` is one)."""

    def ask(self, question: str, history: list[str] | None = None, lang: str | None = None) -> Any: ...

    def situation(self, message: str, lang: str | None = None) -> Any: ...


# The catalogue's service for the form itself: a staff reply answers a message sent through it, so the form is never
# suggested back (the family chat shows its card first under a request for a person).
FORM_SERVICE = "pyyda-apua"


def _situation(assistant: Asker, message: str, reply_lang: str) -> Any:
    """The assistant's answer to the message, or, when the message as a whole reads as a request to be contacted
    ('Min tonåring … Kan någon kontakta mig?' — every Pyydä apua message is one), to the situation it describes:
    the draft answers that, not the request the form already fulfils."""
    result = assistant.ask(message, lang=reply_lang)
    if result.route != "handoff":
        return result
    answered = assistant.situation(message, lang=reply_lang)
    return answered if answered is not None else result


def build_draft(assistant: Asker, message: str, lang: str) -> dict[str, Any]:
    """Run the family's message through the assistant and turn the result into an editable reply: the same
    curated answer (or quoted passages), needs-based services and sources the family chat would give."""
    reply_lang = ui_language(lang)
    result = _situation(assistant, message[:2000], reply_lang)
    services = [card for card in result.services if card["id"] != FORM_SERVICE]
    lines = [t("draft_greeting", reply_lang), ""]
    if result.route == "crisis":
        lines += [t("crisis_intro", reply_lang), ""]
    elif result.route == "answer" and result.sources:
        lines += [re.sub(r"\s*\[\d+\]", "", result.reply).strip(), ""]
    if services:
        lines.append(t("services_intro", reply_lang))
        for card in services:
            contacts = [
                c["value"] + (f" ({c['hours']})" if c["hours"] else "") for c in card["channels"] if c["verified"]
            ]
            lines.append(f"- {card['name']}: {card['summary']}" + (f" {'; '.join(contacts[:2])}" if contacts else ""))
        lines.append("")
    if result.sources:
        lines.append(t("draft_sources", reply_lang))
        for number, source in enumerate(result.sources[:3], start=1):
            where = source.chunk.section + (f" – {source.chunk.url}" if source.chunk.url else "")
            lines.append(f"[{number}] {where}")
        lines.append("")
    lines.append(t("draft_closing", reply_lang))
    return {
        "text": "\n".join(lines),
        "route": result.route,
        "sources": [s.as_dict() for s in result.sources[:3]],
        "services": services,
    }
