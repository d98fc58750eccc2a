"""Language of a question: fi, sv, en or other. Function words decide; Voikko and letters break ties."""

from __future__ import annotations

from collections.abc import Callable

from assistant.text.normalize import words

_MARKERS: dict[str, frozenset[str]] = {
    "fi": frozenset(
        """ja on ei et se ne mitä mikä mitkä miten mistä missä mihin milloin kuka ketkä kenelle keitä
        voiko voinko onko saako saanko kuinka paljonko montako miksi mun mä sä oon oli ole olen olisi
        minä minun meidän meillä minulla hän hänen lapsi lapsen lapseni apua haluan tarvitsen kanssa kun
        jos että tai mutta nyt vai jotain joku jonkun myös vielä oikein vain vaan sitten siitä siihen sitä
        tää tämä tuo aikaan joka jossa""".split()
    ),
    "sv": frozenset(
        """och är inte det den vad hur var när vem vilken vilket vilka kan jag mitt min mina vårt vår
        barn barnet barnen hjälp vill behöver med om att eller men nu har hon han någon finns få till för
        på av som blir ska också från mycket många år bästa skulle""".split()
    ),
    "en": frozenset(
        """and is not the what how where when who which can could my our child children help want need
        with if that or but now have has she he someone there get to for on of do does are you your
        there's we me an be will would should""".split()
    ),
}


def detect_language(text: str, is_finnish_word: Callable[[str], bool] | None = None) -> str:
    """Best guess among fi / sv / en; 'other' when nothing points to any of them.

    ``is_finnish_word`` (a Voikko look-up) lets Finnish questions without function words be recognised.
    """
    tokens = [w.lower() for w in words(text) if not w.isdigit()]
    if not tokens:
        return "fi"
    scores = {lang: float(sum(t in markers for t in tokens)) for lang, markers in _MARKERS.items()}
    lowered = text.lower()
    if "å" in lowered:
        scores["sv"] += 2
    if "ä" in lowered or "ö" in lowered:
        scores["fi"] += 0.5
        scores["sv"] += 0.5
    if is_finnish_word is not None:
        known = sum(1 for t in tokens if len(t) > 2 and is_finnish_word(t))
        if known >= max(1, len(tokens) // 2):
            scores["fi"] += 1.5
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < 1:
        return "other"
    return best
