"""Follow-ups are read with the turn before them; new questions stand alone."""

from __future__ import annotations

import pytest

from assistant.followup import is_follow_up

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question",
    ["onks niillä iltavastaanottoa?", "entä jos lapsi on jo koululainen ja käy iltapäiväkerhossa?", "Is it free?",
     "Kan man gå dit utan tidsbokning på förmiddagen?", "paljonko se maksaa meille kuukaudessa nyt?"],
)  # fmt: skip
def test_follow_ups(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    ["Var kan jag få hjälp när vi skiljer oss?", "Mikä on huomenna sää Rovaniemellä?",
     "Where can I meet other parents with a baby in Rovaniemi?"],
)  # fmt: skip
def test_new_questions(question: str) -> None:
    assert not is_follow_up(question)
