"""Facts a text states (URLs, e-mail addresses, phone numbers, other numbers) and whether its sources state them.

Used to check that curated answers and catalogue summaries invent no number, date, phone, e-mail or URL.
"""

from __future__ import annotations

import re
from functools import lru_cache

# An address starts where a word starts: tried from inside every word, the pattern cost a third of the corpus check
# (2026-11-30: the same facts for all 4,495 texts of the corpus and its translations, 3 x faster).
_URL = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+(?:fi|com|org|net|info|eu|se|ax)(?:/[^\s)\],;\"']*)?", re.I
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: at least six digits, possibly grouped by spaces or dashes, possibly with +358.
_PHONE = re.compile(r"(?<![\d/.,])\+?\d[\d \-]{4,}\d(?![\d/])")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _url_key(url: str) -> str:
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower())
    return url.rstrip("/.,:;!?")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def facts(text: str) -> dict[str, set[str]]:
    """The URLs, e-mail addresses, phone numbers and other numbers of ``text``, normalised for comparison."""
    at = "@" in text  # no address without one (the pattern is slow on long words)
    emails = {m.lower() for m in _EMAIL.findall(text)} if at else set()
    rest = _EMAIL.sub(" ", text) if at else text
    urls = {_url_key(m) for m in _URL.findall(rest)}
    rest = _URL.sub(" ", rest) if urls else rest
    phones = set()
    for match in _PHONE.findall(rest):
        digits = _digits(match)
        if len(digits) >= 6 and (
            " " in match.strip() or "-" in match or match.startswith(("0", "+")) or len(digits) >= 7
        ):
            phones.add(digits)
            rest = rest.replace(match, " ")
    numbers = {n.replace(",", ".") for n in _NUMBER.findall(rest)}
    return {"url": urls, "email": emails, "phone": phones, "number": numbers}


@lru_cache(maxsize=4096)
def _source_facts(text: str) -> tuple[str, frozenset[str], str, frozenset[str], frozenset[str]]:
    """What one source text states, computed once per text (the handbook is a source of many entries)."""
    return (
        text.lower(),
        frozenset(_url_key(m) for m in _URL.findall(text)),
        _digits(text),
        frozenset(_digits(m) for m in _PHONE.findall(text)),
        frozenset(n.replace(",", ".") for n in _NUMBER.findall(text)),
    )


class FactSource:
    """The texts of an answer's sources, searchable for the facts an answer states."""

    def __init__(self, texts: list[str]) -> None:
        parts = [_source_facts(t) for t in texts]
        self._lower = [p[0] for p in parts]
        self._urls = set().union(*(p[1] for p in parts)) if parts else set()
        self._digits = [p[2] for p in parts]
        self._digit_runs = set().union(*(p[3] for p in parts)) if parts else set()
        self._numbers = set().union(*(p[4] for p in parts)) if parts else set()

    def missing(self, text: str) -> list[str]:
        """The facts of ``text`` its sources do not state, as they are written."""
        return missing_facts(text, [self])

    def states(self, kind: str, value: str) -> bool:
        """Whether these texts state one fact of ``facts()``: a URL (a shorter form of a stated address is
        fine: rovaniemi.fi for rovaniemi.fi/lapsiperheet), an e-mail, a phone number or a number."""
        if kind == "url":
            return any(u.startswith(value) for u in self._urls)
        if kind == "email":
            return any(value in lower for lower in self._lower)
        if kind == "phone":
            return value in self._digit_runs or any(value in d for d in self._digits)
        return value in self._numbers


def missing_facts(text: str, sources: list[FactSource]) -> list[str]:
    """The facts of ``text`` that none of ``sources`` states. Several sources let a large shared one (the
    handbook and glossary) be built once and checked beside each entry's own small one."""
    found = facts(text)
    return [
        value
        for kind in ("url", "email", "phone", "number")
        for value in sorted(found[kind])
        if not any(source.states(kind, value) for source in sources)
    ]
