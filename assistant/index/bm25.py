"""BM25 over analyzer terms (Voikko lemmas and compound parts), persisted with bm25s."""

from __future__ import annotations

import logging
from pathlib import Path

import bm25s
import numpy as np

from assistant.text import Analyzer

logger = logging.getLogger(__name__)


class BM25Index:
    """A bm25s index whose documents and queries both pass through the same :class:`Analyzer`."""

    def __init__(self, analyzer: Analyzer, model: bm25s.BM25 | None = None) -> None:
        self.analyzer = analyzer
        self._model = model

    @classmethod
    def build(cls, analyzer: Analyzer, texts: list[str]) -> BM25Index:
        model = bm25s.BM25()
        # An empty document would break bm25s; the placeholder term never occurs in a query.
        tokens = [analyzer.terms(text) or ["\x00empty"] for text in texts]
        model.index(tokens, show_progress=False)
        return cls(analyzer, model)

    def save(self, directory: Path) -> None:
        assert self._model is not None
        self._model.save(str(directory))

    @classmethod
    def load(cls, analyzer: Analyzer, directory: Path) -> BM25Index:
        return cls(analyzer, bm25s.BM25.load(str(directory)))

    def search(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """Indices of the best ``k`` documents for analyzed query ``terms``; documents scoring 0 are left out."""
        assert self._model is not None
        vocab = self._model.vocab_dict
        terms = [t for t in terms if t in vocab]
        if not terms:
            return []
        scores = self._model.get_scores(terms)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[scores[top] > 0]
        ranked = top[np.lexsort((top, -scores[top]))]  # best score first, ties by document index
        return list(zip(ranked.tolist(), scores[ranked].tolist(), strict=True))

    def document_frequencies(self) -> tuple[dict[str, int], int]:
        """In how many documents each term occurs, and the number of documents (read from the index, so
        nothing has to be analysed again at start-up)."""
        assert self._model is not None
        indptr = np.asarray(self._model.scores["indptr"])
        counts = np.diff(indptr)
        frequencies = {
            str(term): int(counts[index])
            for term, index in self._model.vocab_dict.items()
            if index < len(counts) and counts[index] > 0 and term != "\x00empty"
        }
        return frequencies, int(self._model.scores["num_docs"])
