"""Word-form rules of the triage: patterns of lemmas and prefixes, loaded from ``lexicon.yaml``."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.text.analyzer import Analyzer
from assistant.text.normalize import words
from assistant.text.yamlfile import read_yaml

DEFAULT_LEXICON = Path(__file__).with_name("lexicon.yaml")
_IGNORED: dict[tuple[str, ...], re.Pattern[str]] = {}
POOLS = ("forms", "written", "first")


@dataclass(frozen=True)
class Words:
    """A message as the rules see it: every form of every word, the written words, the first word's forms.

    Each pool is also kept sorted, so a prefix term is one binary search instead of a scan of every form."""

    forms: frozenset[str]
    written: frozenset[str]
    first: frozenset[str]
    _sorted: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sorted", {name: tuple(sorted(self.pool(name))) for name in POOLS})

    def pool(self, name: str) -> frozenset[str]:
        """'forms', 'written' or 'first'."""
        return self.forms if name == "forms" else self.written if name == "written" else self.first

    def has_prefix(self, pool: str, prefix: str) -> bool:
        """Some word of ``pool`` ('forms', 'written' or 'first') starts with ``prefix``."""
        ordered = self._sorted[pool]
        at = bisect_left(ordered, prefix)
        return at < len(ordered) and ordered[at].startswith(prefix)


def read_words(analyzer: Analyzer, message: str) -> Words:
    """``message`` as the rules see it; ``analyzer`` gives each word's forms (``Analyzer.word_forms``)."""
    per_word = analyzer.word_forms(message)
    return Words(
        forms=frozenset().union(*per_word) if per_word else frozenset(),
        written=frozenset(w.lower() for w in words(message)),
        first=per_word[0] if per_word else frozenset(),
    )


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

    @property
    def pool(self) -> str:
        """The words of a message this term is matched against: 'first', 'written' or 'forms'."""
        return "first" if self.first_word else "written" if self.written_only else "forms"

    def matches(self, words: Words) -> bool:
        if self.prefix:
            return words.has_prefix(self.pool, self.text)
        return self.text in words.pool(self.pool)


@dataclass(frozen=True)
class AnyOf:
    """Terms of which any will do, compiled for matching: the whole words per pool as one set (one set
    intersection instead of a look-up per term) and the prefixes apart."""

    words: tuple[tuple[str, frozenset[str]], ...]
    prefixes: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, terms: tuple[Term, ...]) -> AnyOf:
        pools: dict[str, set[str]] = {}
        for term in terms:
            if not term.prefix:
                pools.setdefault(term.pool, set()).add(term.text)
        prefixes = tuple(dict.fromkeys((t.pool, t.text) for t in terms if t.prefix))
        return cls(tuple((pool, frozenset(texts)) for pool, texts in pools.items()), prefixes)

    def matches(self, words: Words) -> bool:
        if any(not texts.isdisjoint(words.pool(pool)) for pool, texts in self.words):
            return True
        return any(words.has_prefix(pool, text) for pool, text in self.prefixes)


@dataclass(frozen=True)
class Pattern:
    """Every group must match; any term of a group will do. A group of '-' terms must not match at all
    (``[-muita, -toista]``: 'lapsi lyö muita lapsia' is about a child's behaviour, not violence at home)."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()
    _compiled: tuple[AnyOf, tuple[AnyOf, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", (AnyOf.of(self.excluded), tuple(AnyOf.of(g) for g in self.groups)))

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
        excluded, groups = self._compiled
        if excluded.matches(words):
            return False
        return all(group.matches(words) for group in groups)


@dataclass(frozen=True)
class CrisisKind:
    name: str
    services: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    # The lines when the kind's own words matched (None: ``services``); the learned model's guess of the kind keeps
    # ``services``.
    rule_services: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Lexicon:
    crisis: tuple[CrisisKind, ...]
    about_topic: tuple[Pattern, ...]
    immediate: tuple[Pattern, ...]
    safe_now: tuple[Pattern, ...]
    handoff: tuple[Pattern, ...]
    # A parent worn out by a child's sleep, crying or eating, with no word of danger: a crisis only the model reads is
    # unsure (the answer follows 112); never a crisis by itself.
    everyday_strain: tuple[Pattern, ...] = ()
    # Fixed phrases whose words the rules do not read ('vända oss': 'turn to', not 'us' beside a verb of
    # violence). Matched case-insensitively as whole words.
    ignore: tuple[str, ...] = ()

    def without_ignored(self, message: str) -> str:
        """``message`` with every ``ignore`` phrase blanked out."""
        if not self.ignore:
            return message
        pattern = _IGNORED.get(self.ignore)
        if pattern is None:
            alternatives = "|".join(
                re.escape(p).replace(r"\ ", r"\s+") for p in sorted(self.ignore, key=len, reverse=True)
            )
            pattern = _IGNORED[self.ignore] = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        return pattern.sub(" ", message)

    @classmethod
    def load(cls, path: Path = DEFAULT_LEXICON) -> Lexicon:
        data = read_yaml(Path(path))
        kinds = tuple(
            CrisisKind(
                name=str(name),
                services=tuple(spec["services"]),
                patterns=tuple(Pattern.parse(p) for p in spec["patterns"]),
                rule_services=tuple(spec["rule_services"]) if spec.get("rule_services") else None,
            )
            for name, spec in data["crisis"].items()
        )
        return cls(
            crisis=kinds,
            about_topic=tuple(Pattern.parse(p) for p in data["about_topic"]),
            immediate=tuple(Pattern.parse(p) for p in data["immediate"]),
            safe_now=tuple(Pattern.parse(p) for p in data["safe_now"]),
            handoff=tuple(Pattern.parse(p) for p in data["handoff"]["patterns"]),
            everyday_strain=tuple(Pattern.parse(p) for p in data.get("everyday_strain") or ()),
            ignore=tuple(str(p).strip() for p in data.get("ignore") or () if str(p).strip()),
        )


class PatternSet:
    """Patterns compiled for ``any_match``: a pattern with a group of whole words only (no prefixes) cannot
    match a message without one of those words, so such a group is its gate, and a message is tried only
    against the patterns whose gate shares a word with it (a set intersection per pool) and those without
    a gate. The answer is the same as trying every pattern; most messages try a handful of the 126."""

    def __init__(self, patterns: tuple[Pattern, ...]) -> None:
        self.patterns = patterns
        ungated: list[int] = []
        gates: dict[str, dict[str, list[int]]] = {}
        for index, pattern in enumerate(patterns):
            whole = [g for g in pattern._compiled[1] if not g.prefixes and g.words]
            if not whole:
                ungated.append(index)
                continue
            gate = min(whole, key=lambda g: sum(len(texts) for _, texts in g.words))
            for pool, texts in gate.words:
                for text in texts:
                    gates.setdefault(pool, {}).setdefault(text, []).append(index)
        self.ungated = tuple(ungated)
        self.gates = {pool: (frozenset(by_word), by_word) for pool, by_word in gates.items()}

    def any_match(self, words: Words) -> bool:
        tried = set(self.ungated)
        for pool, (texts, by_word) in self.gates.items():
            for text in texts.intersection(words.pool(pool)):
                tried.update(by_word[text])
        patterns = self.patterns
        return any(patterns[i].matches(words) for i in sorted(tried))


_SETS: dict[int, tuple[tuple[Pattern, ...], PatternSet]] = {}


def any_match(patterns: tuple[Pattern, ...], words: Words) -> bool:
    """Whether any of ``patterns`` matches (each tuple is compiled once into a :class:`PatternSet`)."""
    entry = _SETS.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        if len(_SETS) > 1024:  # lexicons loaded again and again (tests): keep the memory bounded
            _SETS.clear()
        entry = (patterns, PatternSet(tuple(patterns)))
        _SETS[id(patterns)] = entry
    return entry[1].any_match(words)
