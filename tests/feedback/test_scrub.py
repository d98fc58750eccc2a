"""Personal data is replaced by tags; the rest of the question is kept word for word, and a place after
"olen" is not taken for a name."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.feedback.names import Readings, VoikkoNames, always_a_name, native_readings, python_readings
from assistant.feedback.scrub import leaves_contact, scrub

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Olen Pekka, isä", "Olen [nimi], isä"),
        ("Olen Maija Virtanen ja kysyisin", "Olen [nimi] ja kysyisin"),
        ("Olen Pekan äiti", "Olen [nimi] äiti"),  # a name in the genitive is still a name
        ("Olen Pekka Rovaniemeltä", "Olen [nimi] Rovaniemeltä"),
        ("Olen Jenna-Maria ja kysyisin", "Olen [nimi] ja kysyisin"),  # unknown to Voikko: removed
        ("Oon Aino", "Oon [nimi]"),
        ("Olen Saana", "Olen [nimi]"),  # a place name in the nominative is also a first name: removed
    ],
)
def test_a_name_after_olen_is_removed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Olen Rovaniemellä ja lapsi ei nuku",
        "Olen Oulusta, muutimme juuri",
        "Oon Lapissa töissä",
        "Olen Helsingissä viikon",
        "Olen Motti-ryhmässä mukana",
        "Olen Yksinhuoltaja ja tarvitsen apua",
    ],
)
def test_a_place_or_an_ordinary_word_after_olen_is_kept(text: str) -> None:
    assert scrub(text) == text


@pytest.mark.parametrize("backend", [native_readings, python_readings])
def test_both_voikko_backends_tell_a_name_from_a_place(backend: Callable[[], Readings]) -> None:
    names = VoikkoNames(backend())
    assert names("Pekka") and names("Virtanen") and names("Pekan")
    assert not names("Rovaniemellä") and not names("Oulusta") and not names("Kemijärvelle")


def test_without_voikko_every_capitalised_word_after_olen_goes() -> None:
    assert scrub("Olen Rovaniemellä", names=always_a_name) == "Olen [nimi]"
    assert scrub("Nimeni on Maija", names=VoikkoNames(lambda word: [])) == "Nimeni on [nimi]"


def test_a_message_leaving_a_phone_number_or_an_e_mail_is_told_apart() -> None:
    assert leaves_contact("mun numero on 044 987 6543, soittakaa iltapäivällä")
    assert leaves_contact("0449876543")
    assert leaves_contact("you can email me at pekka.v@example.org")
    # A catalogue's own number asked about, a date, or a question with no number leaves nothing.
    poison = frozenset({"0800147111"})
    assert not leaves_contact("Onko myrkytystietokeskuksen 0800 147 111 maksuton numero?", poison)
    assert not leaves_contact("Vauva syntyi 14.2.2025 ja nukkuu huonosti")
    assert not leaves_contact("Mikä on neuvolan puhelinnumero?")
