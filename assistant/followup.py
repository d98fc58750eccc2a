"""Is a message a follow-up to the turn before it, or a new question?

The chat sends the earlier turns with every message. A follow-up ('onks niillä iltavastaanottoa?',
'entä teineille?', 'is it free?') is searched and routed together with the turn before it; a new question
('Var kan jag få hjälp när vi skiljer oss?' after a crisis message) is judged on its own, so an earlier
topic never leaks into an unrelated answer.
"""

from __future__ import annotations

from assistant.text.normalize import words

MAX_FOLLOW_UP_WORDS = 4  # 'onko se maksullinen?', 'mites iltaisin?'
# The words that stand for the thing the turn before named ('maksaako se?', 'is it free?').
_PRONOUNS = frozenset(
    """
    se sen sitä siihen siinä siitä sinne siellä sieltä ne niitä niille niillä niiden niistä niihin
    tuo tuon tuonne tähän tässä tästä tänne täällä det den dem dit där därifrån it its they them their there
    """.split()
)
# Words comparing with what the turn before named ('onko Posiolla ja Ranualla samanlainen?' after a question on who
# leads the family centre: the router alone read two other towns as off-topic, dev role, 2026-12-01).
_LIKE = frozenset(
    """
    samanlainen samanlaista samanlaiset samanlaisia samanlaine samallainen vastaava vastaavaa vastaavat
    likadan likadant likadana liknande motsvarande similar
    """.split()
)
# Words that point back to something said before (fi, spoken fi, sv, en): those, and 'same', 'also', 'what about'.
_POINTERS = (
    _PRONOUNS
    | frozenset(
        """
    sama samaan samassa entä entäs entäpä enta entas mites miten sit sitten myös kans
    samma också då that those same also then else
    """.split()
    )
    | _LIKE
)
# 'än om' (Swedish 'what if'), 'enta' (entä without ä/ö).
_OPENERS = frozenset("entä entäs entäpä enta entas mites ja mutta och men än and but".split())
# Two-word openers: 'what' or 'how' alone opens most new English questions ('What is MARAK?'); until 2026-11-29
# (eighth session) the single words were openers, so every such question after another was read as a follow-up.
_OPENING_PAIRS = frozenset({("what", "about"), ("how", "about"), ("what", "if"), ("vad", "händer"), ("hur", "är")})


def is_follow_up(question: str) -> bool:
    """True for a short question, or one that opens with 'entä/and/men' or points back ('niillä', 'it')."""
    tokens = [w.lower() for w in words(question)]
    if not tokens:
        return False
    if len(tokens) <= MAX_FOLLOW_UP_WORDS or tokens[0] in _OPENERS or tuple(tokens[:2]) in _OPENING_PAIRS:
        return True
    return any(t in _POINTERS for t in tokens[:8])


def points_back(question: str) -> bool:
    """True when ``question`` names what it asks about only by a pronoun for something said before ('maksaako se?',
    'is it open?') or asks for the like of it ('onko Posiolla samanlainen?'); 'entä mikä sää huomenna?' asks about
    something of its own."""
    return any(w.lower() in _PRONOUNS or w.lower() in _LIKE for w in words(question))
