"""Curated answers (corpus/answers.yaml): picks the one that fits a question, and the sources it cites.

An answer is matched by its question variants and its own texts (dense + BM25, see ``assistant.match``); an
answer that cites one of the passages hybrid retrieval found for the question gets a bonus, because the two
agreeing is the best sign that the answer is about what was asked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.corpus import Corpus, CuratedAnswer
from assistant.index.chunks import Chunk
from assistant.match import PhraseIndex
from assistant.retrieve import Source

# Calibrated on eval/tune.yaml, 2026-11-28 (185 answer cases with evidence): with the bonus 0.05 for citing
# the first retrieved passage (0.05/rank), 175 questions reached 0.93 and for 157 of them (0.90) the picked
# answer's cited sources hold the asked fact; without the bonus 156 reached it with 131 right (0.84).
# An answer none of whose citations retrieval found needs 0.95 by itself (tune: 13 such picks, 8 right):
# a close paraphrase of an answer's question is enough, a vaguely similar topic is not.
CURATED_MIN = 0.93
UNSUPPORTED_MIN = 0.95
AGREEMENT_BONUS = 0.05
CANDIDATES = 8
AGREEMENT_DEPTH = 5


@dataclass(frozen=True)
class Pick:
    answer: CuratedAnswer
    score: float


def _cited_keys(answer: CuratedAnswer) -> set[tuple[str, str]]:
    keys = {("h", t) for t in answer.cites.handbook}
    keys |= {("g", t.casefold()) for t in answer.cites.glossary}
    keys |= {("s", s) for s in answer.cites.services}
    return keys


def _chunk_keys(chunk: Chunk) -> set[tuple[str, str]]:
    if chunk.doc == "handbook":
        return {("h", chunk.title), ("h", chunk.section)}
    if chunk.doc == "glossary":
        return {("g", chunk.title.casefold())}
    return {("s", sid) for sid in chunk.service_ids}


class CuratedAnswers:
    """The curated answers of the corpus, matched through their phrase index."""

    def __init__(
        self,
        corpus: Corpus,
        phrases: PhraseIndex,
        chunks: list[Chunk],
        *,
        minimum: float = CURATED_MIN,
        bonus: float = AGREEMENT_BONUS,
    ) -> None:
        self.phrases = phrases
        self.minimum = minimum
        self.bonus = bonus
        self._answers = {a.id: a for a in corpus.answers}
        self._keys = {a.id: _cited_keys(a) for a in corpus.answers}
        # The chunks an answer cites, in citation order (for its source list).
        self._cited: dict[str, list[Chunk]] = {}
        for answer in corpus.answers:
            keys = self._keys[answer.id]
            self._cited[answer.id] = [c for c in chunks if _chunk_keys(c) & keys]

    def __len__(self) -> int:
        return len(self._answers)

    def pick(self, terms: list[str], vector: np.ndarray | None, sources: list[Source]) -> Pick | None:
        """The best answer for the question, or None when none is close enough."""
        best: Pick | None = None
        found = [_chunk_keys(s.chunk) for s in sources[:AGREEMENT_DEPTH]]
        for match in self.phrases.match(terms, vector, k=CANDIDATES):
            keys = self._keys.get(match.owner)
            if keys is None:
                continue
            agreement = max((1.0 / rank for rank, k in enumerate(found, start=1) if k & keys), default=0.0)
            score = match.score + self.bonus * agreement
            if agreement == 0.0 and match.score < UNSUPPORTED_MIN:
                continue
            if best is None or score > best.score:
                best = Pick(self._answers[match.owner], score)
        return best if best is not None and best.score >= self.minimum else None

    def sources(self, answer: CuratedAnswer, retrieved: list[Source], limit: int) -> tuple[list[Source], int]:
        """The answer's cited passages first (those retrieval also found, in its order, then the others), then
        the rest of what retrieval found; and how many of them the answer cites."""
        keys = self._keys[answer.id]
        first = [s for s in retrieved if _chunk_keys(s.chunk) & keys]
        seen = {s.chunk.id for s in first}
        # A section split into several chunks: one chunk of it is enough when retrieval found none.
        sections = {s.chunk.section for s in first}
        for chunk in self._cited[answer.id]:
            if chunk.id in seen or (chunk.doc == "handbook" and chunk.section in sections):
                continue
            first.append(Source(chunk, 0.0))
            seen.add(chunk.id)
            sections.add(chunk.section)
        rest = [s for s in retrieved if s.chunk.id not in seen]
        return [*first, *rest][: max(limit, len(first))], len(first)
