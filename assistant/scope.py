"""A second out-of-scope signal beside the learned router: the question's own Finnish words.

'Millainen keli on huomenna?' has no word the material uses. For Finnish questions, the IDF-weighted share
of the question's terms that occur anywhere in the corpus below ``min_coverage`` means the material cannot
answer it. The router never lets this override a risk signal or a follow-up (engine).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

DEFAULT_MIN_COVERAGE = 0.22


class ScopeCheck:
    """Decides whether the corpus has the words of a Finnish question at all."""

    def __init__(self, document_terms: Iterable[set[str]], *, min_coverage: float = DEFAULT_MIN_COVERAGE) -> None:
        docs = list(document_terms)
        self._df: Counter[str] = Counter(t for terms in docs for t in terms)
        self._n = max(1, len(docs))
        self.min_coverage = min_coverage

    @classmethod
    def from_frequencies(
        cls, frequencies: dict[str, int], documents: int, *, min_coverage: float = DEFAULT_MIN_COVERAGE
    ) -> ScopeCheck:
        """From document frequencies already in the index (no analysis at start-up)."""
        check = cls([], min_coverage=min_coverage)
        check._df = Counter(frequencies)
        check._n = max(1, documents)
        return check

    def _idf(self, term: str) -> float:
        return math.log((self._n + 1) / (self._df.get(term, 0) + 0.5))

    def coverage(self, terms: Iterable[str]) -> float:
        """IDF-weighted share of ``terms`` that occur in the corpus (1.0 for no terms). A compound the corpus lacks
        counts as present when it ends in another of the terms that the corpus has ('lastenlapsi' beside 'lapsi',
        'isovanhempi' beside 'vanhempi': the analyzer gives a compound's parts too)."""
        unique = set(terms)
        known = {t for t in unique if t in self._df}
        total = sum(self._idf(t) for t in unique)
        if total <= 0:
            return 1.0
        covered = known | {t for t in unique - known if any(len(k) >= 4 and t.endswith(k) for k in known)}
        return sum(self._idf(t) for t in covered) / total

    def frequency(self, term: str) -> int:
        """In how many corpus passages ``term`` occurs."""
        return self._df.get(term, 0)

    def share(self, term: str) -> float:
        """The share of corpus passages ``term`` occurs in."""
        return self._df.get(term, 0) / self._n

    def is_out_of_scope(self, terms: list[str], lang: str) -> bool:
        return lang == "fi" and bool(terms) and self.coverage(terms) < self.min_coverage
