"""Yes-or-no questions, and the 'Kyllä, …' opening of a curated answer under a question that is not one."""

import pytest

from assistant.text.yesno import asks_yes_or_no, without_affirmation


@pytest.mark.parametrize(
    "question",
    ["Tukeeko perheneuvola erossa?", "onks teil jotain kerhoa", "hei, voiko sinne soittaa", "Kan man ringa på svenska?",
     "Is there a chat for children?", "entä onko se ilmainen?"],
)  # fmt: skip
def test_yes_or_no_questions(question: str) -> None:
    assert asks_yes_or_no(question)


@pytest.mark.parametrize(
    "question",
    ["Mitä eroa on neuvolalla ja perheneuvolalla?", "miks lapsi itkee koko ajan", "Var finns familjecaféer?",
     "What support is there for fathers?", "Kuinka nopeasti vastataan?"],
)  # fmt: skip
def test_open_questions(question: str) -> None:
    assert not asks_yes_or_no(question)


def test_the_affirmation_is_taken_off_only_under_an_open_question() -> None:
    answer = "Kyllä, kasvatus- ja perheneuvonta tukee myös erossa."
    assert without_affirmation(answer, "Mitä perheneuvola tekee?") == "Kasvatus- ja perheneuvonta tukee myös erossa."
    assert without_affirmation(answer, "Tukeeko perheneuvola erossa?") == answer
    assert without_affirmation("Yes, you can.", "How do I call?") == "You can."
    assert without_affirmation("Neuvola seuraa kasvua.", "Mitä neuvola tekee?") == "Neuvola seuraa kasvua."
