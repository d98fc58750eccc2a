"""Extractive reply (when no curated answer fits): the sentences of the best passages that answer what is
asked, each with its source number.

What is asked steers the choice: 'milloin / när / when' prefers a sentence with a date or time, 'kuinka monta /
paljonko / how many' one with a number, 'mikä on / vad är / what is' the glossary definition. A sentence that
only makes sense after the one before it ('Se on tarkoitettu…'), a bare label ('Kenelle: …') or a reference
to a page element ('-nappi') is never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from assistant.retrieve import Source
from assistant.text import Analyzer
from assistant.text.asked import HAS_NUMBER, HAS_TIME, Facet, asked_facets, carries, opening_ask
from assistant.text.lang import identify

_URL = re.compile(r"https?://\S+")
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
# What families said in a survey or at an event: a paragraph of the handbook that opens with 'Rovaniemeläiset
# perheet kertovat / kokevat / tapaavat…' or 'Lapsiperhekyselyssä 2023 perheet…', or that names such a source at its
# end ('… (Perheiden tori 2024)'). Their voice is no fact about a service: quoted as support under an answer
# ('Rovaniemeläiset perheet kertovat, että vanhemmuudessa mukavaa on…' under a crying baby and an exhausted parent)
# it was filler, and two raters of the tune roles (2026-12-03) named it so ('half the reply is filler from a family
# survey'). It is quoted only when the message asks what families said (``asks_for_voices``).
_VOICE_OPENING = re.compile(r"^(?:Rovaniemeläi\w* perhe\w*|Lapsiperhekysely\w*(?: \d{4})? perheet)\b")
_VOICE_SOURCE = re.compile(r"\((?:Perheiden tori|Lapsiperhekysely)[^)]*\)\W*$")
# A message asking about a survey, an event's voices or what families say or wish (fi, sv, en).
_ASKS_FOR_VOICES = re.compile(
    r"kysely|perheiden tori|toivo|toive|kertoivat|kertovat|kokevat|kokivat|sanovat|mieltä|enkät|önska|berätta|säger|"
    r"survey|wish|"
    r"families (?:say|said|told)",
    re.I,
)


# Abbreviations a sentence goes on after ('… tapahtumat, esim. Perheiden tori, Isien- ja Äitien illat.'): split there,
# the tail 'Perheiden tori, Isien- ja Äitien illat.' was quoted as a sentence of its own (seen under replies about
# fathers' groups and single parents, 2026-12-03).
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:esim|mm|ns|ks|vrt|ym|yms|ts|lyh|engl|bl\.a|t\.ex|e\.g|i\.e)\.$", re.I)


def sentences(text: str) -> list[str]:
    """Sentences (and list items) of a passage, without list bullets; a sentence is not split after an abbreviation
    ('esim.', 'mm.')."""
    pieces: list[str] = []
    for line in text.split("\n"):
        for piece in _SENTENCE_END.split(line):
            piece = piece.strip().lstrip("•").strip()
            if pieces and pieces[-1] and _ABBREVIATION_END.search(pieces[-1]) and piece:
                pieces[-1] = f"{pieces[-1]} {piece}"
            else:
                pieces.append(piece)
        pieces.append("")  # a new line is a new sentence whatever the last one ends with
    return [piece for piece in pieces if len(piece.split()) >= 5]


@lru_cache(maxsize=1024)
def voices(text: str) -> frozenset[str]:
    """The sentences of ``text`` (as ``sentences`` splits it) that give what families said in a survey or at an event
    (see ``_VOICE_OPENING``): every sentence of a paragraph that opens or ends as such."""
    said: set[str] = set()
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if _VOICE_OPENING.match(paragraph) or _VOICE_SOURCE.search(paragraph):
            said.update(sentences(paragraph))
    return frozenset(said)


def asks_for_voices(question: str) -> bool:
    """True when ``question`` asks what families said or wished (a survey, Perheiden tori)."""
    return bool(_ASKS_FOR_VOICES.search(question))


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
    a Finnish reply once quoted Swedish ones). What families said in a survey (``voices``) is left out unless the
    question asks for it."""
    asked = opening_ask(question)
    with_voices = asks_for_voices(question)
    scored: list[tuple[float, int, int, str]] = []
    for number, source in enumerate(sources[:pool], start=1):
        said = frozenset() if with_voices else voices(source.chunk.text)
        for position, sentence in enumerate(sentences(source.chunk.text)):
            if not stands_alone(sentence, definition=source.chunk.doc == "glossary" and position == 0):
                continue
            if sentence in said:
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
# A new question: a generic word's weight, and how much more the moved sentence must carry than the first (one
# informative word; 2026-12-01, see asked_first).
GENERIC_WEIGHT = 0.25
NEW_QUESTION_MARGIN = 1.0
# What a new question asks of the whole answer rather than of one sentence (assistant.text.asked facets).
BROAD_FACETS = frozenset({"who", "audience", "contact"})
# A sentence saying a fact is not confirmed is a caveat, not the answer ('Perheneuvolan ajanvarauksen puhelinnumeroa ei
# ole vielä varmistettu' first under 'perheneuvola ajanvaraus').
_UNCONFIRMED = re.compile(
    r"\bei ole (?:vielä )?(?:varmistettu|vahvistettu)|inte (?:ännu )?(?:bekräftat|bekräftats|verifierat)|"
    r"not (?:yet )?(?:been )?(?:confirmed|verified)",
    re.I,
)
# Openers that only join a sentence to the one before it; dropped when the sentence moves to the front.
CONNECTIVES = {
    "fi": frozenset({"lisäksi"}),
    "sv": frozenset({"dessutom"}),
    "en": frozenset({"also", "additionally", "moreover"}),
}
# Words of a sentence that adds to another ('kuuluvat lisäksi', 'you can also'): the connectives anywhere in it, and
# 'myös' and the like; such a sentence is not moved to the front.
ADDING_WORDS = {
    "fi": CONNECTIVES["fi"] | {"myös", "muuten"},
    "sv": CONNECTIVES["sv"] | {"också", "även"},
    "en": CONNECTIVES["en"] | {"too"},
}


def asked_first(
    text: str,
    question: str,
    analyzer: Analyzer,
    lang: str = "fi",
    facets: tuple[Facet, ...] | None = None,
    words: WordReader | None = None,
) -> str:
    """``text`` (a curated answer) with the sentence that best carries what ``question`` asks moved to the front,
    when that is not the first sentence already and it makes sense on its own. A follow-up is mostly answered by
    the answer of the turn before it (22 of 40 follow-ups of the tune roles, 2026-11-29): read again from the top,
    the asked fact ('entä alle 18-vuotiaita?', 'maksaako se?') was in its third or fourth sentence and the family saw
    the same reply twice. Sentences score by the question's terms they share (on their first letters), plus
    ``FACET_WEIGHT`` for what it asks about (``assistant.text.asked``: a time, opening hours, a number, a cost, a
    language, anonymity, the weekend, who, for whom, booking, how to get in touch); nothing else of the text changes
    but a connective opener ('Lisäksi', 'Also') of the moved sentence. ``facets``: what the question asks about,
    when the caller has read it already.

    ``words`` (a new question): reads a text's words (each a set of base forms) and says which are informative; see
    ``_new_question_scores``."""
    pieces = [p.strip() for p in _SENTENCE_END.split(text.strip()) if p and p.strip()]
    if len(pieces) < 2:
        return text
    facets = asked_facets(question) if facets is None else facets
    score: Callable[[str], tuple[float, float]]
    if words is None:
        wanted = {_stem(term) for term in analyzer.terms(question)}

        def follow_up_score(sentence: str) -> tuple[float, float]:
            shared = len(wanted & {_stem(t) for t in analyzer.terms(sentence)})
            bonus = FACET_WEIGHT * carries(sentence, facets)
            total = shared + bonus if shared or bonus else 0.0
            return total, total

        score = follow_up_score
        margin, strong_margin = 0.0, 0.0
    else:
        # A new question asking what something is and whether it runs yet wants the definition first: the status
        # facet orders follow-ups only (a Swedish question on a service being piloted opened with when it was to be
        # tested, before saying what the service is: a tune-role A/B, 2026-12-03).
        facets = tuple(f for f in facets if f.name != "status")
        score = _new_question_scores(question, words, facets)
        margin, strong_margin = NEW_QUESTION_MARGIN - GENERIC_WEIGHT, NEW_QUESTION_MARGIN
    scores = [score(p) for p in pieces]
    best = max(range(len(pieces)), key=lambda i: (scores[i][0], -i))
    moved = _without_connective(pieces[best], lang)
    if best == 0 or scores[best][0] <= scores[0][0] + margin or scores[best][1] < scores[0][1] + strong_margin:
        return text
    if not stands_alone(moved, lang):
        return text
    # A new question never gets a caveat, a sentence adding to another or an emergency line moved first.
    if words is not None and (_UNCONFIRMED.search(moved) or _adds_to_another(moved, lang) or "112" in moved):
        return text
    return " ".join([moved, *pieces[:best], *pieces[best + 1 :]])


class WordReader(Protocol):
    """A language's reading of words for ``asked_first``."""

    def forms(self, text: str) -> list[frozenset[str]]:
        """Per word of ``text``: the forms it matches on (base forms, or a prefix)."""
        ...

    def informative(self, forms: frozenset[str]) -> bool:
        """A word not shared by a large part of the material ('lapsi', 'perhe', 'apu', 'help' are)."""
        ...


def _new_question_scores(
    question: str, words: WordReader, facets: tuple[Facet, ...]
) -> Callable[[str], tuple[float, float]]:
    """A sentence's (score, strong score) under a new question. The question's words count once each, a generic one
    (``words.informative`` says no) at ``GENERIC_WEIGHT``; what it asks of the whole answer is no facet ('Kuka
    johtaa?' is asked of every sentence naming a person). The strong score counts informative words and facets
    alone. A sentence moves first only when it scores ``NEW_QUESTION_MARGIN`` above the first in both: the answer
    was picked for the question, so its first sentence usually carries it already; raters of the tune roles
    (2026-12-01) marked the main point buried when the asked name or fact was only in a later sentence ('Mikä on
    Vakkanen?' -> the last sentence; 'Kostar det något?' -> 'avgiftsfri' mid-answer), and generic words alone
    ('apua', 'tukea', 'help') moved the Pyydä apua sentence first."""
    asked = [(forms, words.informative(forms)) for forms in dict.fromkeys(words.forms(question)) if forms]
    specific = tuple(f for f in facets if f.name not in BROAD_FACETS)

    def score(sentence: str) -> tuple[float, float]:
        said = set().union(*words.forms(_URL.sub(" ", sentence)))  # a link's words are no topic
        facet = FACET_WEIGHT * carries(sentence, specific)
        shared = [informative for forms, informative in asked if forms & said]
        total = sum(1.0 if informative else GENERIC_WEIGHT for informative in shared) + facet
        return total, sum(shared) + facet

    return score


def _adds_to_another(sentence: str, lang: str) -> bool:
    """A sentence that says it adds to what came before ('Verkostoon kuuluvat lisäksi…', 'you can also talk to…'):
    it does not open an answer."""
    return any(word.lower().strip(",.;:") in ADDING_WORDS.get(lang, frozenset()) for word in sentence.split())


def _without_connective(sentence: str, lang: str) -> str:
    """``sentence`` without an opening connective that points back ('Lisäksi varhaiskasvatuksella…' ->
    'Varhaiskasvatuksella…'); unchanged when it has none."""
    first, _, rest = sentence.partition(" ")
    if first.lower().strip(",") not in CONNECTIVES.get(lang, frozenset()) or not rest:
        return sentence
    return rest[0].upper() + rest[1:]


def _stem(term: str) -> str:
    return term[:_PREFIX].lower()
