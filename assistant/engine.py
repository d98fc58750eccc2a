"""The assistant: one service object that the API, the CLI, the UI and the evaluator all call."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from assistant.compose import best_sentences
from assistant.corpus import Corpus
from assistant.errors import InputError
from assistant.i18n import t, ui_language
from assistant.retrieve import Retriever, Source
from assistant.text import Analyzer, detect_language

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
MAX_HISTORY_TURNS = 10
HUMAN_CHANNELS = ("pyyda-apua", "apua-huoliin-chat")


@dataclass
class ChatResult:
    """One chat response (the contract of DESIGN.md)."""

    route: str
    lang: str
    reply: str
    sources: list[Source]
    services: list[dict[str, Any]] = field(default_factory=list)
    handoff: dict[str, Any] = field(default_factory=dict)
    took_ms: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "route": self.route,
            "lang": self.lang,
            "reply": self.reply,
            "sources": [s.as_dict() for s in self.sources],
            "services": self.services,
            "handoff": self.handoff,
        }


class Assistant:
    """Answers a question from the corpus: retrieve, then compose an extractive, cited reply."""

    def __init__(self, retriever: Retriever, corpus: Corpus, analyzer: Analyzer) -> None:
        self.retriever = retriever
        self.corpus = corpus
        self.analyzer = analyzer

    def ask(
        self, question: str, history: list[str] | None = None, lang: str | None = None, plain: bool = False
    ) -> ChatResult:
        started = time.perf_counter()
        question = (question or "").strip()
        history = [h.strip() for h in (history or []) if h and h.strip()]
        if not question:
            raise InputError("the question is empty")
        if len(question) > MAX_MESSAGE_CHARS:
            raise InputError(f"the question is longer than {MAX_MESSAGE_CHARS} characters")
        if len(history) > MAX_HISTORY_TURNS:
            raise InputError(f"history has more than {MAX_HISTORY_TURNS} turns")
        lang = lang or detect_language(question)
        reply_lang = ui_language(lang)

        query = " ".join([*history[-1:], question])
        sources = self.retriever.search(query)
        reply = self._compose(question, sources, reply_lang)
        result = ChatResult(
            route="answer",
            lang=lang,
            reply=reply,
            sources=sources,
            handoff={"options": self.human_options(reply_lang)},
        )
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _compose(self, question: str, sources: list[Source], lang: str) -> str:
        picked = best_sentences(set(self.analyzer.terms(question)), sources, self.analyzer)
        if not picked:
            return t("nothing_found", lang)
        lines = [t("found_intro", lang)] + [f"{sentence} [{number}]" for sentence, number in picked]
        note = t("source_in_finnish", lang)
        if note:
            lines.append(note)
        return "\n".join(lines)

    def human_options(self, lang: str) -> list[dict[str, Any]]:
        """The ways to reach a person; present in every response."""
        options = []
        for service_id in HUMAN_CHANNELS:
            service = self.corpus.service(service_id)
            if service is None:
                continue
            channel = service.channels[0]
            options.append(
                {
                    "id": service.id,
                    "name": service.name.get(lang),
                    "description": t(
                        "handoff_pyyda_apua" if service_id == "pyyda-apua" else "handoff_apua_huoliin", lang
                    ),
                    "type": channel.type,
                    "url": channel.value if channel.value.startswith("http") else None,
                }
            )
        return options
