"""Question expansion for BM25: everyday Finnish words point to the corpus's own vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.text.analyzer import Analyzer
from assistant.text.yamlfile import read_yaml

DEFAULT_THESAURUS = Path(__file__).with_name("fi_thesaurus.yaml")


@dataclass(frozen=True)
class Thesaurus:
    """Lemma -> extra query terms, plus question fillers ('apua', 'mistä') that carry no topic."""

    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fillers: frozenset[str] = frozenset()

    @classmethod
    def load(cls, analyzer: Analyzer, path: Path = DEFAULT_THESAURUS) -> Thesaurus:
        """Read the YAML file; expansion values go through ``analyzer`` so they match indexed terms."""
        data = read_yaml(path) or {}
        expansions: dict[str, tuple[str, ...]] = {}

        def add(key: str, values: list[str]) -> None:
            targets = tuple(term for value in values for term in analyzer.terms(str(value)))
            expansions[key] = tuple(dict.fromkeys([*expansions.get(key, ()), *targets]))

        for key, values in (data.get("expansions") or {}).items():
            add(str(key), values)
        # Swedish and English words: keyed by whatever the analyzer makes of them, as a question would be.
        for key, values in (data.get("crosslingual") or {}).items():
            terms = analyzer.terms(str(key))
            if terms:
                add(terms[-1], values)
        return cls(expansions, frozenset(str(w) for w in data.get("question_fillers") or []))

    def expand(self, terms: list[str]) -> list[str]:
        """Question terms without fillers, followed by the expansions of each term (once each)."""
        kept = [t for t in terms if t not in self.fillers]
        extra = [e for t in kept for e in self.expansions.get(t, ()) if e not in kept]
        return kept + list(dict.fromkeys(extra))
