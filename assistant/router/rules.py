"""Word-form rules of the triage: patterns of lemmas and prefixes, loaded from ``lexicon.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_LEXICON = Path(__file__).with_name("lexicon.yaml")


@dataclass(frozen=True)
class Words:
    """A message as the rules see it: every form of every word, the written words, the first word's forms."""

    forms: frozenset[str]
    written: frozenset[str]
    first: frozenset[str]


@dataclass(frozen=True)
class Term:
    """A lemma or form (``väkivalta``), a prefix (``lyö*``), a first-word anchor (``^mikä``) or a word only as
    written, not as a compound part (``=yksin``, which must not match inside 'yksinhuoltaja')."""

    text: str
    prefix: bool
    first_word: bool
    written_only: bool

    @classmethod
    def parse(cls, raw: str) -> Term:
        raw = str(raw).lower()
        first, written = raw.startswith("^"), raw.startswith("=")
        raw = raw.lstrip("^=")
        return cls(raw.rstrip("*"), raw.endswith("*"), first, written)

    def matches(self, words: Words) -> bool:
        pool = words.first if self.first_word else words.written if self.written_only else words.forms
        if self.prefix:
            return any(f.startswith(self.text) for f in pool)
        return self.text in pool


@dataclass(frozen=True)
class Pattern:
    """Every group must match; any term of a group will do. A group of '-' terms must not match at all
    (``[-muita, -toista]``: 'lapsi lyö muita lapsia' is about a child's behaviour, not violence at home)."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    @classmethod
    def parse(cls, raw: list[Any]) -> Pattern:
        groups: list[tuple[Term, ...]] = []
        excluded: list[Term] = []
        for group in raw:
            if not group:
                continue
            if all(str(t).startswith("-") for t in group):
                excluded.extend(Term.parse(str(t)[1:]) for t in group)
            else:
                groups.append(tuple(Term.parse(t) for t in group))
        if not groups:
            raise ValueError("a pattern needs at least one group of terms")
        return cls(tuple(groups), tuple(excluded))

    def matches(self, words: Words) -> bool:
        if any(t.matches(words) for t in self.excluded):
            return False
        return all(any(t.matches(words) for t in group) for group in self.groups)


@dataclass(frozen=True)
class CrisisKind:
    name: str
    services: tuple[str, ...]
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True)
class Lexicon:
    crisis: tuple[CrisisKind, ...]
    about_topic: tuple[Pattern, ...]
    immediate: tuple[Pattern, ...]
    safe_now: tuple[Pattern, ...]
    handoff: tuple[Pattern, ...]

    @classmethod
    def load(cls, path: Path = DEFAULT_LEXICON) -> Lexicon:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        kinds = tuple(
            CrisisKind(
                name=str(name),
                services=tuple(spec["services"]),
                patterns=tuple(Pattern.parse(p) for p in spec["patterns"]),
            )
            for name, spec in data["crisis"].items()
        )
        return cls(
            crisis=kinds,
            about_topic=tuple(Pattern.parse(p) for p in data["about_topic"]),
            immediate=tuple(Pattern.parse(p) for p in data["immediate"]),
            safe_now=tuple(Pattern.parse(p) for p in data["safe_now"]),
            handoff=tuple(Pattern.parse(p) for p in data["handoff"]["patterns"]),
        )


def any_match(patterns: tuple[Pattern, ...], words: Words) -> bool:
    return any(p.matches(words) for p in patterns)
