"""Whether a question asks for a yes or a no, and a curated answer's opening 'Kyllä, / Ja, / Yes,' taken off when it
does not: an answer written for 'Tukeeko perheneuvola erossa?' opens 'Kyllä, …', which reads oddly under 'Mitä eroa
on neuvolalla ja perheneuvolalla?' (a dev rater, 2026-11-29: "starts with 'Kyllä' and talks about …")."""

from __future__ import annotations

import re

from assistant.text.normalize import words

# Finnish: a verb with the question clitic (-ko/-kö, spoken -ks), in the first three words ('onko', 'voiks', 'saako').
_FI_CLITIC = re.compile(r"^\w+(?:ko|kö|kos|kös|ks)$", re.IGNORECASE)
_FI_NOT_CLITIC = frozenset({"miksi", "miks", "kuinka", "lukko", "marko", "kokko"})
# Swedish and English: a question that opens with its verb ('Kan man…', 'Is there…').
_OPENING_VERBS = frozenset(
    "kan får finns är ska skall måste behöver har går brukar vill blir "
    "is are am can could do does did will would should may might must have has shall".split()
)
_GREETINGS = frozenset({"hei", "moi", "terve", "hej", "hi", "hello", "entä", "och", "and"})
_AFFIRMATION = re.compile(r"^(?:Kyllä|Ja|Yes)\s*[,.]\s*")


def asks_yes_or_no(question: str) -> bool:
    """'Onko…?', 'voiks…', 'Kan man…?', 'Is there…?' (also after 'hei,' or 'entä'); not 'Mitä…', 'Var…', 'How…'."""
    tokens = [w.lower() for w in words(question)]
    if tokens and tokens[0] in _GREETINGS:
        tokens = tokens[1:]
    if tokens and tokens[0] in _OPENING_VERBS:
        return True
    return any(_FI_CLITIC.match(token) and token not in _FI_NOT_CLITIC for token in tokens[:3])


def without_affirmation(answer: str, question: str) -> str:
    """``answer`` without an opening 'Kyllä, / Ja, / Yes,' when ``question`` is not a yes-or-no question."""
    match = _AFFIRMATION.match(answer)
    if match is None or asks_yes_or_no(question):
        return answer
    rest = answer[match.end() :]
    return rest[:1].upper() + rest[1:]
