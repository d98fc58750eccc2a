"""How common a word is in the material, per language: which words of a question are informative when the sentences
of a curated answer are weighed against it (``assistant.compose.asked_first``).

Finnish words are read by the analyzer (base forms and compound parts, one set per word) and are generic when a sixth
or more of the handbook passages or of the curated answers' Finnish texts carry them ('lapsi', 'perhe', 'voi').
Swedish and English words are read by their first ``PREFIX`` letters (the analyzer is Finnish: it read 'help' as
'helo') and are all generic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from assistant.text.analyzer import Analyzer
from assistant.text.normalize import words

PREFIX = 5
MIN_LETTERS = 4  # shorter words ("is", "kan", "ska", "the") are function words


def _shares(texts: list[str], forms: Callable[[str], Iterable[frozenset[str]]]) -> dict[str, float]:
    counts = Counter(form for text in texts for form in set().union(*forms(text)))
    return {form: count / len(texts) for form, count in counts.items()} if texts else {}


class FinnishWords:
    """Finnish words as their base forms; generic when ``passage_share`` or the share of ``answers`` carrying them is
    above ``generic_share`` (the engine's GENERIC_SHARE)."""

    def __init__(
        self, analyzer: Analyzer, passage_share: Callable[[str], float], answers: list[str], generic_share: float
    ) -> None:
        self._analyzer = analyzer
        self._passage_share = passage_share
        self._generic_share = generic_share
        self._answer_shares = _shares(answers, self.forms)

    def forms(self, text: str) -> list[frozenset[str]]:
        return [frozenset(t.lower() for t in self._analyzer.terms(word)) for word in words(text)]

    def informative(self, forms: frozenset[str]) -> bool:
        return any(
            self._passage_share(form) <= self._generic_share
            and self._answer_shares.get(form, 0.0) <= self._generic_share
            for form in forms
        )


class PrefixWords:
    """Swedish or English words as their first ``PREFIX`` letters, none of them informative: only what a question
    asks (a cost, a time, a number, a language) moves a sentence first. Weighing the words themselves by the answers'
    shares moved 'Teamet samlas…' first under 'Vilka är med i teamet?' and the Pyydä apua sentence under "How quickly
    does someone reply…" (tune roles, 2026-12-01): a prefix is too crude a reading of a word."""

    def forms(self, text: str) -> list[frozenset[str]]:
        return [frozenset({word.lower()[:PREFIX]}) for word in words(text) if len(word) >= MIN_LETTERS]

    def informative(self, forms: frozenset[str]) -> bool:
        return False
