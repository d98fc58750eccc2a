"""Is a question inside what the centre's material covers? Decides the ``out_of_scope`` route.

Two signals, both calibrated on eval/testset.yaml (eval/CALIBRATION.md):
- the question is clearly nearer to written off-topic requests (weather, sport, recipes, homework, …)
  than to the best corpus passage, by ``margin``;
- for Finnish, the share (IDF-weighted) of its words that occur anywhere in the corpus is below
  ``min_coverage``: 'Millainen keli on huomenna?' has no word the material uses.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np

from assistant.triage.exemplars import ExemplarIndex

DEFAULT_MARGIN = 0.035
DEFAULT_MIN_COVERAGE = 0.22


class ScopeCheck:
    """Decides whether retrieval found material that can answer the question."""

    def __init__(
        self,
        document_terms: Iterable[set[str]],
        exemplars: ExemplarIndex | None,
        store: Any = None,
        *,
        margin: float = DEFAULT_MARGIN,
        min_coverage: float = DEFAULT_MIN_COVERAGE,
    ) -> None:
        docs = list(document_terms)
        self._df: Counter[str] = Counter(t for terms in docs for t in terms)
        self._n = max(1, len(docs))
        self.exemplars = exemplars
        self.store = store
        self.margin = margin
        self.min_coverage = min_coverage

    def _idf(self, term: str) -> float:
        return math.log((self._n + 1) / (self._df.get(term, 0) + 0.5))

    def coverage(self, terms: Iterable[str]) -> float:
        """IDF-weighted share of ``terms`` that occur in the corpus (1.0 for no terms)."""
        unique = set(terms)
        total = sum(self._idf(t) for t in unique)
        if total <= 0:
            return 1.0
        return sum(self._idf(t) for t in unique if t in self._df) / total

    def off_topic_margin(self, vector: np.ndarray, nearest_passage: float | None = None) -> float:
        """Similarity to the nearest off-topic exemplar minus similarity to the nearest corpus passage.

        ``nearest_passage`` is that passage similarity when the caller's retrieval already has it for this
        same vector; otherwise the store is asked."""
        if self.exemplars is None or self.store is None:
            return -1.0
        best = self.exemplars.neighbours("", vector).best.get("out_of_scope", -1.0)
        if nearest_passage is None:
            nearest = self.store.dense_search_vector(vector, 1)
            nearest_passage = nearest[0][1] if nearest else 0.0
        return best - nearest_passage

    def is_out_of_scope(
        self, terms: list[str], lang: str, vector: np.ndarray | None, nearest_passage: float | None = None
    ) -> bool:
        if vector is not None and self.off_topic_margin(vector, nearest_passage) >= self.margin:
            return True
        return lang == "fi" and bool(terms) and self.coverage(terms) < self.min_coverage
