"""Family needs (corpus/needs.yaml): which needs a question is about, matched by their descriptions."""

from __future__ import annotations

import numpy as np

from assistant.corpus import Corpus, Need
from assistant.match import PhraseIndex


class NeedMatcher:
    """Matches a question to the needs of the corpus (dense + BM25 over the need descriptions)."""

    def __init__(self, corpus: Corpus, phrases: PhraseIndex) -> None:
        self.phrases = phrases
        self._needs = {n.id: n for n in corpus.needs}

    def match(self, terms: list[str], vector: np.ndarray | None, k: int = 3) -> list[Need]:
        """The ``k`` closest needs, best first."""
        return [self._needs[m.owner] for m in self.phrases.match(terms, vector, k=k) if m.owner in self._needs]
