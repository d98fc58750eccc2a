"""Extractive reply: the best sentences of the best passages, each with its source number."""

from __future__ import annotations

import re

from assistant.retrieve import Source
from assistant.text import Analyzer

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•])|\n+")


def sentences(text: str) -> list[str]:
    """Sentences (and list items) of a passage, without list bullets."""
    out = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip().lstrip("•").strip()
        if len(piece.split()) >= 5:
            out.append(piece)
    return out


def best_sentences(
    question_terms: set[str], sources: list[Source], analyzer: Analyzer, limit: int = 2, pool: int = 3
) -> list[tuple[str, int]]:
    """Up to ``limit`` sentences from the first ``pool`` sources, as (sentence, 1-based source number).

    Sentences are scored by how many question terms they share; the higher-ranked source wins ties.
    """
    scored: list[tuple[float, int, int, str]] = []
    for number, source in enumerate(sources[:pool], start=1):
        for position, sentence in enumerate(sentences(source.chunk.text)):
            overlap = len(question_terms & set(analyzer.terms(sentence)))
            if overlap:
                scored.append((overlap - 0.1 * (number - 1), number, position, sentence))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    picked = sorted(scored[:limit], key=lambda s: (s[1], s[2]))
    return [(sentence, number) for _, number, _, sentence in picked]
