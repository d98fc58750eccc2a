"""The first reading of a chat message: the router alone, before any embedding or retrieval.

A crisis is answered from this reading at once: 112 and the 24/7 lines the router names, then the human
channels. The full answer embeds the message, and the embedding model is one native model behind one lock,
busy for seconds with a long message; a crisis reply that embedded (or searched) would wait behind every
answer in progress. So the crisis reply here comes from an assistant that shares the serving assistant's
corpus, analyzer and router but has no embedder, index or service ranker: it cannot wait for any of them.
What the reply leaves out, compared with the full crisis route, is the handbook passages on the topic
(sources) and urgent lines found by similarity alone when the router names none. A crisis the router is unsure
of (``ChatResult.sure``) is not answered here but in the urgent lane, whose full reply adds the answer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from assistant.engine import Assistant, ChatResult


@dataclass(frozen=True)
class Reading:
    """What the first reading found: the crisis reply (route ``crisis``), or whether the message carries a
    risk signal (it then goes to the urgent lane) and none."""

    crisis: ChatResult | None
    risk: bool


class Triage:
    """Reads messages with a triage-only twin of the serving assistant (rebuilt when the serving one is
    swapped for a new index build). Safe to share between threads: the twin holds the same thread-safe
    parts as the assistant it copies."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._source: Assistant | None = None
        self._twin: Assistant | None = None

    def read(
        self, assistant: Assistant, message: str, history: list[str] | None, lang: str | None, plain: bool
    ) -> Reading:
        """The crisis reply for ``message``, or its risk signal; raises as ``assistant.ask`` does on bad input."""
        result = self.twin(assistant).ask(message, history, lang, plain)
        if result.route == "crisis" and result.sure:
            return Reading(result, True)
        # An unsure crisis (the model alone, below even odds) goes to the urgent lane: the full route keeps
        # 112 first and adds the answer to the question, which this twin cannot give.
        return Reading(None, result.safety != "none")

    def twin(self, assistant: Assistant) -> Assistant:
        """``assistant`` without embedder, index, ranker, scope check, curated answers or needs."""
        with self._lock:
            if self._source is not assistant or self._twin is None:
                self._twin = Assistant(
                    corpus=assistant.corpus,
                    analyzer=assistant.analyzer,
                    router=assistant.router,
                    chat_hours=assistant.chat_hours,
                    timezone=assistant.timezone,
                    thesaurus=assistant.thesaurus,
                    clock=assistant.clock,
                )
                self._source = assistant
            return self._twin
