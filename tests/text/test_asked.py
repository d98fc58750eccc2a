"""What a question asks about, in Finnish (spoken, without ä/ö), Swedish and English; the sentences carrying it."""

from __future__ import annotations

import pytest

from assistant.text.asked import asked_facets, carries

pytestmark = pytest.mark.unit


def _names(question: str) -> set[str]:
    return {facet.name for facet in asked_facets(question)}


@pytest.mark.parametrize(
    ("question", "facet"),
    [
        ("ketkä siellä on töissä?", "who"),
        ("kuka sen järjestää", "who"),
        ("Vilka jobbar där?", "who"),
        ("who runs it?", "who"),
        ("minka ikasille se on", "audience"),
        ("Kenelle tämä on tarkoitettu?", "audience"),
        ("För vem är det?", "audience"),
        ("is it for teens too?", "audience"),
        ("pitääkö varata aika", "booking"),
        ("tarviiko ilmottautua", "booking"),
        ("Måste man boka?", "booking"),
        ("do I need an appointment?", "booking"),
        ("miten sinne pääsee?", "contact"),
        ("hur kommer man dit?", "contact"),
        ("how do we get in touch?", "contact"),
        ("onks se auki iltasin?", "hours"),
        ("is it open at night?", "hours"),
        ("milloin se alkaa", "time"),
        ("maksaaks se jotain", "cost"),
        ("kuinka monta ryhmää on", "number"),
    ],
)
def test_a_question_type_is_read_in_each_language(question: str, facet: str) -> None:
    assert facet in _names(question)


@pytest.mark.parametrize(
    "question",
    ["Mikä on Motti?", "Vad är MARAK?", "meillä on ikävä mummia", "kukaan ei auta", "Entä jos hän on jo 8?"],
)
def test_words_that_only_look_alike_ask_for_nothing_of_the_kind(question: str) -> None:
    # 'ikävä' is no age, 'kukaan' no 'kuka', a bare number no count.
    assert not _names(question) & {"who", "audience", "number", "booking", "contact"}


def test_a_sentence_carries_the_asked_fact_and_a_year_is_no_opening_hour() -> None:
    hours = asked_facets("onks se auki öisin?")
    assert carries("Turvakoti on avoinna ympäri vuorokauden.", hours)
    assert carries("Kahvila on auki arkisin klo 9–12.", hours)
    assert not carries("Tietoa on kerätty nettisivuille (Työpaja 2024).", hours)
    who = asked_facets("ketkä siel vastaa?")
    assert carries("Vastaajina on nuorten ja perheiden kanssa työskenteleviä ammattilaisia.", who)
    assert not carries("Chat on osoitteessa lapha.fi.", who)
    booking = asked_facets("tarviiko sinne varata aikaa")
    assert carries("Eron ensiapupiste palvelee ilman ajanvarausta.", booking)
