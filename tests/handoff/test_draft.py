"""Staff reply drafts (assistant.handoff.draft) with the real assistant."""

from __future__ import annotations

from assistant.engine import Assistant
from assistant.handoff.draft import build_draft


def test_a_request_to_be_contacted_gets_a_draft_about_the_situation_it_describes(assistant: Assistant) -> None:
    """A Pyydä apua message asks to be contacted; read whole it routes to a person and the draft had only a
    greeting. The draft answers the situation the other sentences describe, with its services."""
    message = "Min tonåring har slutat gå till skolan och sover hela dagarna. Kan någon kontakta mig?"
    asked = assistant.ask(message, lang="sv")
    # A request for a person: as such, or answered with the ways to a person under the answer.
    assert asked.route == "handoff" or (asked.route == "answer" and asked.handoff.get("asked") is True)
    draft = build_draft(assistant, message, "sv")
    assert draft["route"] == "answer"
    ids = {card["id"] for card in draft["services"]}
    assert ids & {"opiskeluhuolto", "kasvatus-ja-perheneuvonta", "vasa-verkosto"}, ids
    assert len(draft["text"].split("\n\n")) > 2  # greeting, the answer, services, sources, closing


def test_a_bare_request_to_be_contacted_stays_a_greeting(assistant: Assistant) -> None:
    draft = build_draft(assistant, "Voisiko joku soittaa minulle?", "fi")
    # The chat shows the form's card under such a request; the staff reply answers a message sent through the form.
    assert draft["route"] == "handoff" and draft["services"] == []
