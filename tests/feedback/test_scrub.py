"""Personal data is replaced by tags; the rest of the question is kept word for word."""

from __future__ import annotations

import pytest

from assistant.feedback.scrub import scrub

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lapseni hetu on 010203A123X, mitä teen?", "Lapseni hetu on [hetu], mitä teen?"),
        ("Pojan tunnus 311299-9872 ja tytön 010110A1234", "Pojan tunnus [hetu] ja tytön [hetu]"),
        ("Soita 040 123 4567 kiitos", "Soita [puhelin] kiitos"),
        ("numero 0401234567 tai +358 40 765 4321", "numero [puhelin] tai [puhelin]"),
        ("puh. (016) 322 2000", "puh. [puhelin]"),
        ("ring +46 70 123 45 67", "ring [puhelin]"),
        ("vastaa maija.virtanen@example.fi", "vastaa [sähköposti]"),
        ("Asumme Koskikatu 12 B 3, Rovaniemi", "Asumme [osoite], Rovaniemi"),
        ("Vi bor på Storgatan 4", "Vi bor på [osoite]"),
        ("I live at 5 Main Street", "I live at [osoite]"),
        ("Nimeni on Maija Virtanen ja olen huolissani", "Nimeni on [nimi] ja olen huolissani"),
        ("Olen Pekka, isä", "Olen [nimi], isä"),
        ("Jag heter Anna och undrar", "Jag heter [nimi] och undrar"),
        ("Hi, my name is John Smith", "Hi, my name is [nimi]"),
    ],
)
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mikä on Vakkanen?",
        "olen huolissani lapsen unesta",
        "Olen 15-vuotias ja kotona on riitaa",
        "Lapsi syntyi 12.3.2022, milloin neuvola?",
        "Onko perheneuvola auki klo 8-16?",
        "Kuinka monta kertaa 2 kk:n ikäinen syö?",
    ],
)
def test_ordinary_questions_are_kept(text: str) -> None:
    assert scrub(text) == text
