"""Extractive reply (when no curated answer fits): the sentences of the best passages that answer what is
asked, each with its source number.

What is asked steers the choice: 'milloin / när / when' prefers a sentence with a date or time, 'kuinka monta /
paljonko / how many' one with a number, 'mikä on / vad är / what is' the glossary definition. A sentence that
only makes sense after the one before it ('Se on tarkoitettu…'), a bare label ('Kenelle: …') or a reference
to a page element ('-nappi') is never quoted.
"""

from __future__ import annotations

import re

from assistant.retrieve import Source
from assistant.text import Analyzer
from assistant.text.asked import HAS_NUMBER, HAS_TIME, Facet, asked_facets, carries, opening_ask
from assistant.text.lang import identify

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•])|\n+")
MAX_SENTENCES = 4

# Words that open a sentence which only makes sense after the one before it.
DANGLING_OPENERS = {
    "fi": frozenset(
        "se sen siinä siihen siellä sitä ne niitä niissä niille niiden tämä tässä tähän tätä nämä näitä hän he "
        "näin lisäksi myös sekä".split()
    ),
    "sv": frozenset("den denna dessa de där här dessutom också".split()),
    "en": frozenset("it its they this these here also such".split()),
}
_LABEL = re.compile(r"^[\w ÅÄÖåäö-]{2,30}:\s")  # 'Kenelle: …', 'Hinta: …'
_PAGE_ELEMENT = re.compile(r"nappi|knappen|button", re.I)


def sentences(text: str) -> list[str]:
    """Sentences (and list items) of a passage, without list bullets."""
    out = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip().lstrip("•").strip()
        if len(piece.split()) >= 5:
            out.append(piece)
    return out


def stands_alone(sentence: str, lang: str = "fi", definition: bool = False) -> bool:
    """A sentence that makes sense on its own: no back-pointing opener, no bare label ('Kenelle: …'; a glossary
    entry's 'Term: definition' is fine, ``definition``), no page element."""
    words = sentence.split()
    first = words[0].lower().strip(",:;") if words else ""
    if first in DANGLING_OPENERS.get(lang, frozenset()):
        return False
    if (_LABEL.match(sentence) and not definition) or _PAGE_ELEMENT.search(sentence):
        return False
    return not sentence.rstrip().endswith(("mm.", "esim.", ",", ":"))


_TERM_LABEL = re.compile(r"^([^:]{2,80}):\s+(\S.*)$", re.S)


def without_repeated_term(sentence: str) -> str:
    """A glossary entry's 'Term: definition' whose definition opens with the term itself ('MARAK: MARAK on …',
    'Harrastusresepti: Harrastusreseptin tarkoituksena …') without the label: the term is said once. The rest
    is still verbatim in the source."""
    match = _TERM_LABEL.match(sentence)
    if not match:
        return sentence
    term, rest = match.group(1).strip().casefold(), match.group(2)
    stem = term[: max(4, len(term) - 3)]
    return rest if rest.casefold().startswith(stem) else sentence


def best_sentences(
    question_terms: set[str],
    sources: list[Source],
    analyzer: Analyzer,
    limit: int = 2,
    pool: int = 3,
    question: str = "",
    lang: str = "fi",
    facets: tuple[Facet, ...] = (),
) -> list[tuple[str, int]]:
    """Up to ``limit`` (at most four) sentences from the first ``pool`` sources, as (sentence, 1-based source
    number). Sentences are scored by the question terms they share, plus one for carrying what is asked (a
    time, a number, a glossary definition); the higher-ranked source wins ties. Only sentences in Finnish or
    in the reply's language ``lang`` are quoted (a catalogue entry also holds its Swedish and English texts:
    a Finnish reply once quoted Swedish ones)."""
    asked = opening_ask(question)
    scored: list[tuple[float, int, int, str]] = []
    for number, source in enumerate(sources[:pool], start=1):
        for position, sentence in enumerate(sentences(source.chunk.text)):
            if not stands_alone(sentence, definition=source.chunk.doc == "glossary" and position == 0):
                continue
            if next(iter(identify(sentence, k=1)), "fi") not in ("fi", lang):
                continue
            overlap = len(question_terms & set(analyzer.terms(sentence)))
            if not overlap:
                continue
            bonus = 0.0
            if asked == "time" and HAS_TIME.search(sentence):
                bonus = 1.0
            elif asked == "number" and HAS_NUMBER.search(sentence):
                bonus = 1.0
            elif asked == "definition" and source.chunk.doc == "glossary" and position == 0:
                bonus = 1.0
            elif carries(sentence, facets):
                bonus = 1.0
            scored.append((overlap + bonus - 0.1 * (number - 1), number, position, sentence))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    picked = sorted(scored[: min(limit, MAX_SENTENCES)], key=lambda s: (s[1], s[2]))
    return [(sentence, number) for _, number, _, sentence in picked]


# Terms sharing this many first letters count as the same word when a follow-up's asked fact is looked for in an
# answer ('maksaako' / 'maksuton', 'aukioloajat' / 'auki').
_PREFIX = 4
# What a follow-up asks about weighs as two shared words: every sentence of the answer shares its topic, and a word
# like 'voi' must not put 'sinne voi tulla…' before 'avoinna ympäri vuorokauden' under 'voiko sinne mennä yöllä?'.
FACET_WEIGHT = 2.0


def asked_first(
    text: str, question: str, analyzer: Analyzer, lang: str = "fi", facets: tuple[Facet, ...] | None = None
) -> str:
    """``text`` (a curated answer) with the sentence that best carries what ``question`` (a follow-up) asks moved to
    the front, when that is not the first sentence already and it makes sense on its own. A follow-up is mostly
    answered by the answer of the turn before it (22 of 40 follow-ups of the tune roles, 2026-11-29): read again
    from the top, the asked fact ('entä alle 18-vuotiaita?', 'maksaako se?') was in its third or fourth sentence
    and the family saw the same reply twice. Sentences score by the follow-up's terms they share (on their first
    letters), plus ``FACET_WEIGHT`` for what it asks about (``assistant.text.asked``: a time, opening hours, a
    number, a cost, a language, anonymity, the weekend, who, for whom, booking, how to get in touch); nothing else of
    the text changes. ``facets``: what the follow-up asks about, when the caller has read it already."""
    pieces = [p.strip() for p in _SENTENCE_END.split(text.strip()) if p and p.strip()]
    if len(pieces) < 2:
        return text
    wanted = {_stem(t) for t in analyzer.terms(question)}
    facets = asked_facets(question) if facets is None else facets

    def score(sentence: str) -> float:
        shared = len(wanted & {_stem(t) for t in analyzer.terms(sentence)})
        bonus = FACET_WEIGHT * carries(sentence, facets)
        return shared + bonus if shared or bonus else 0.0

    scores = [score(p) for p in pieces]
    best = max(range(len(pieces)), key=lambda i: (scores[i], -i))
    if best == 0 or scores[best] <= scores[0] or not stands_alone(pieces[best], lang):
        return text
    return " ".join([pieces[best], *pieces[:best], *pieces[best + 1 :]])


def _stem(term: str) -> str:
    return term[:_PREFIX].lower()
