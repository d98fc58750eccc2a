"""Matches a question to owners of short texts (curated answers by their question variants and texts, needs
by their descriptions): dense similarity to each text, and BM25 over the texts' analysed terms.

Everything derived from data is computed at index build time and loaded at start-up (nothing is embedded or
analysed when the server starts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.embeddings import Embedder
from assistant.text import Analyzer


@dataclass(frozen=True)
class Match:
    """How well a question matches one owner: the best dense similarity and the best normalised BM25 score
    over the owner's texts (1.0 = the best-scoring text of all)."""

    owner: str
    dense: float
    lexical: float

    @property
    def score(self) -> float:
        return self.dense + LEXICAL_WEIGHT * self.lexical


# BM25 breaks near-ties of meaning (names such as Motti, numbers). On eval/tune.yaml (2026-11-28, 185 answer
# cases, 194 curated answers) the picked answer's sources held the asked fact in 165 of 179 picks at 0.05,
# 171 of 183 at 0.08-0.15 and 167 of 185 at 0.2.
LEXICAL_WEIGHT = 0.1


class PhraseIndex:
    """Rows of texts, each belonging to one owner id."""

    def __init__(self, owners: list[str], vectors: np.ndarray, terms: list[list[str]]) -> None:
        self.owners = owners
        self.vectors = vectors.astype(np.float32)
        self.terms = terms
        self._ids = list(dict.fromkeys(owners))
        self._column = np.array([self._ids.index(o) for o in owners], dtype=np.int64)
        self._bm25: bm25s.BM25 | None = None
        if terms:
            self._bm25 = bm25s.BM25()
            self._bm25.index([t or ["\x00empty"] for t in terms], show_progress=False)

    @classmethod
    def build(cls, texts: list[tuple[str, str]], analyzer: Analyzer, embedder: Embedder) -> PhraseIndex:
        """``texts``: (owner id, text) rows."""
        owners = [owner for owner, _ in texts]
        vectors = embedder.embed_passages([text for _, text in texts]) if texts else np.zeros((0, embedder.dim))
        terms = [analyzer.terms(text) for _, text in texts]
        return cls(owners, np.asarray(vectors), terms)

    def save(self, path: Path) -> None:
        np.savez_compressed(path.with_suffix(".npz"), vectors=self.vectors.astype(np.float16))
        data = {"owners": self.owners, "terms": self.terms}
        path.with_suffix(".json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> PhraseIndex:
        data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        with np.load(path.with_suffix(".npz")) as arrays:
            vectors = arrays["vectors"].astype(np.float32)
        return cls(data["owners"], vectors, data["terms"])

    def row_similarities(self, vector: np.ndarray) -> np.ndarray:
        """Dense similarity of ``vector`` to every text row (in the order of ``owners``)."""
        return self.vectors @ np.asarray(vector, dtype=np.float32)

    def match(
        self, terms: list[str], vector: np.ndarray | None, k: int = 5, rows: np.ndarray | None = None
    ) -> list[Match]:
        """The best ``k`` owners, best first. ``rows``: ``row_similarities(vector)`` when the caller has it."""
        if not self.owners:
            return []
        order, dense, lexical = self.ranking(terms, vector, rows)
        return [self.at(i, dense, lexical) for i in order[:k]]

    def at(self, i: int, dense: np.ndarray, lexical: np.ndarray) -> Match:
        """The match of the ``i``-th owner of a ``ranking``."""
        return Match(self._ids[i], float(dense[i]), float(lexical[i]))

    @property
    def ids(self) -> list[str]:
        """The owners, each once, in the order ``ranking`` indexes them."""
        return self._ids

    def ranking(
        self, terms: list[str], vector: np.ndarray | None, rows: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every owner's index into ``ids`` best first, with the owners' dense and lexical scores (see ``match``)."""
        n = len(self._ids)
        dense = np.full(n, -1.0, dtype=np.float32)
        if vector is not None:
            np.maximum.at(dense, self._column, self.row_similarities(vector) if rows is None else rows)
        else:
            dense[:] = 0.0
        lexical = np.zeros(n, dtype=np.float32)
        if self._bm25 is not None:
            known = [t for t in terms if t in self._bm25.vocab_dict]
            if known:
                rows = np.asarray(self._bm25.get_scores(known), dtype=np.float32)
                top = float(rows.max())
                if top > 0:
                    np.maximum.at(lexical, self._column, rows / top)
        scores = dense + LEXICAL_WEIGHT * lexical
        return np.argsort(-scores, kind="stable"), dense, lexical
