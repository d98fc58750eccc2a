"""Follow-ups are read with the turn before them; new questions stand alone."""

from __future__ import annotations

import pytest

from assistant.followup import is_follow_up, points_back

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question",
    ["onks niillä iltavastaanottoa?", "entä jos lapsi on jo koululainen ja käy iltapäiväkerhossa?", "Is it free?",
     "Kan man gå dit utan tidsbokning på förmiddagen?", "paljonko se maksaa meille kuukaudessa nyt?",
     "enta jos huoli on siskon lapsesta", "Än om vi har barn tillsammans?", "what about the older one, she is nine?",
     "where else can she get help?"],
)  # fmt: skip
def test_follow_ups(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    ["Var kan jag få hjälp när vi skiljer oss?", "Mikä on huomenna sää Rovaniemellä?",
     "Where can I meet other parents with a baby in Rovaniemi?",
     # 'what' and 'how' alone open most new English questions; only 'what about' / 'how about' point back.
     "What is the MARAK working group for?", "How do I apply for home help in Rovaniemi?"],
)  # fmt: skip
def test_new_questions(question: str) -> None:
    assert not is_follow_up(question)


@pytest.mark.parametrize(
    ("question", "back"),
    [
        ("maksaako se?", True),
        ("onks niillä iltavastaanottoa?", True),
        ("is it free?", True),
        ("kostar det något där?", True),
        ("entä mikä sää huomenna?", False),
        ("kirjota mulle runo kissoista", False),
        ("and in English?", False),
        ("löytyykö Sodankylästä samanlaista?", True),
        ("finns det något liknande i Kemi?", True),
    ],
)
def test_a_pronoun_points_back_to_what_the_turn_before_named(question: str, back: bool) -> None:
    assert points_back(question) is back
