"""Language of a question: fi, sv, en or other. Function words decide; letters break ties."""

from __future__ import annotations

from assistant.text.normalize import words

_MARKERS: dict[str, frozenset[str]] = {
    "fi": frozenset(
        """ja on ei se mitä mikä miten mistä missä milloin kuka voiko voinko onko saako saanko
        minä mä mun minun meidän meillä minulla hän hänen lapsi lapsen lapseni apua haluan tarvitsen
        kanssa kun jos että tai mutta nyt vai olen oli ole jotain joku kuinka paljon""".split()
    ),
    "sv": frozenset(
        """och är inte det vad hur var när vem kan jag mitt min mina vårt barn barnet hjälp vill
        behöver med om att eller men nu har hon han någon finns få till för på av som""".split()
    ),
    "en": frozenset(
        """and is not the what how where when who can could i my our child children help want need
        with if that or but now have has she he someone there get to for on of which do does""".split()
    ),
}


def detect_language(text: str) -> str:
    """Best guess among fi / sv / en; 'other' when no marker word of any of them occurs."""
    tokens = [w.lower() for w in words(text)]
    if not tokens:
        return "fi"
    scores = {lang: sum(t in markers for t in tokens) for lang, markers in _MARKERS.items()}
    lowered = text.lower()
    if "å" in lowered:
        scores["sv"] += 2
    if "ä" in lowered or "ö" in lowered:
        scores["fi"] += 1
        scores["sv"] += 0.5  # type: ignore[assignment]
    if any(t.endswith(("ssa", "ssä", "sta", "stä", "lla", "llä", "ksi", "ko", "kö")) for t in tokens):
        scores["fi"] += 1
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0:
        return "other"
    return best
