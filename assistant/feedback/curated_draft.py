"""A draft curated answer for a group of questions that did not help: one entry in the format of
``corpus/answers.yaml`` for the coordinator to complete and paste there (nothing is written to the corpus).

The group's wordings become the question variants; ``cites`` holds the best sources the assistant finds for
the group's first question (handbook section titles, glossary terms, service ids, each checked against the
corpus); the four answer texts are left to the coordinator as ``!KESKEN "…"``. That YAML tag has no
constructor, so the corpus loader refuses the file (``invalid YAML: could not determine a constructor for
the tag '!KESKEN'`` with its line) until every text is written: an unfinished draft can never be served."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from assistant.engine import Assistant
from assistant.feedback.insight import Group
from assistant.i18n import t

MARKER = "!KESKEN"
ANSWER_LANGS = ("fi", "sv", "en", "plain")
QUESTION_LANGS = ("fi", "sv", "en")  # the languages answers.yaml has question variants for
MAX_CITES = 3  # per kind: the best few, for the coordinator to prune
_ID_WORDS = 5
_WORD = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"\[[^\]]*\]")  # [puhelin], [nimi]: what the scrubber put in


@dataclass
class Cites:
    handbook: list[str] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)

    def add(self, kind: str, value: str) -> None:
        values: list[str] = getattr(self, kind)
        if value and value not in values and len(values) < MAX_CITES:
            values.append(value)

    def as_dict(self) -> dict[str, list[str]]:
        return {kind: values for kind, values in vars(self).items() if values}


def best_cites(assistant: Assistant, question: str, lang: str | None = None) -> Cites:
    """The sources the assistant answers ``question`` from, in rank order, that the corpus loader accepts as
    citations: handbook section titles, glossary terms, then the suggested services. A question the
    assistant did not answer (out of scope, or sent to a person) has no sources in its reply: then the
    passages its retriever finds for the question are used."""
    result = assistant.ask(question, None, lang)
    sources = list(result.sources)
    if not sources and assistant.retriever is not None:
        sources = assistant.retriever.retrieve(question).sources
    corpus = assistant.corpus
    cites = Cites()
    for source in sources:
        chunk = source.chunk
        if chunk.doc == "handbook" and (corpus is None or corpus.sections_titled(chunk.title)):
            cites.add("handbook", chunk.title)
        elif chunk.doc == "glossary" and (corpus is None or corpus.glossary_entry(chunk.title)):
            cites.add("glossary", chunk.title)
    service_ids = [str(card["id"]) for card in result.services]
    service_ids += [sid for source in sources if source.chunk.doc == "services" for sid in source.chunk.service_ids]
    for service_id in service_ids:
        if corpus is None or corpus.service(service_id) is not None:
            cites.add("services", service_id)
    return cites


def suggest_id(question: str, taken: Iterable[str] = ()) -> str:
    """An id in the corpus's format (lowercase ASCII words joined by hyphens) from the question's first
    words, not one of ``taken``: "Saako neuvolaan tuoda koiran?" -> ``saako-neuvolaan-tuoda-koiran``."""
    folded = unicodedata.normalize("NFKD", _TAG.sub(" ", question).casefold())
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = _WORD.findall(ascii_text)[:_ID_WORDS] or ["luonnos"]
    base = "-".join(words)
    used = set(taken)
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def draft_yaml(group: Group, cites: Cites, taken: Iterable[str] = (), lang: str = "fi") -> str:
    """The entry as text to paste into ``corpus/answers.yaml``: a comment naming the group, then the entry
    with the answer texts marked ``!KESKEN``. Texts for the coordinator are in ``lang``."""
    questions = {code: group.questions[code] for code in QUESTION_LANGS if group.questions.get(code)}
    placeholders = {code: f"__pk_draft_{code}__" for code in ANSWER_LANGS}
    entry: dict[str, Any] = {
        "id": suggest_id(group.question, taken),
        "questions": questions,
        "answer": dict(placeholders),
        "cites": cites.as_dict(),
    }
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)  # titles on one line
    for code, placeholder in placeholders.items():
        fill = json.dumps(t(f"staff_draft_fill_{code}", lang), ensure_ascii=False)
        text = text.replace(placeholder, f"{MARKER} {fill}")
    note = t("staff_draft_note", lang).format(count=group.count, marker=MARKER)
    head = [f"# {group.question}", *(f"# {line}" for line in note.splitlines())]
    if not entry["cites"]:
        head.append(f"# {t('staff_draft_no_cites', lang)}")
    return "\n".join(head) + "\n" + text
