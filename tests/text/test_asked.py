"""What a question asks about, in Finnish (spoken, without ä/ö), Swedish and English; the sentences carrying it."""

from __future__ import annotations

import pytest

from assistant.text.asked import asked_facets, carries, content_free, handoff_asks, unanswered

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


def test_feedback_asks_no_fee_and_free_time_is_no_price() -> None:
    assert "cost" not in _names("Where do I send feedback about the site?")
    cost = asked_facets("Is there a fee?")
    assert carries("The club is free of charge.", cost)
    assert not carries("Ideas for free time are listed by age group.", cost)


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


@pytest.mark.parametrize(
    ("question", "reply", "gap"),
    [
        ("maksaako se?", "Lanupo on Rovaniemellä toimiva ohjausryhmä.", "cost"),
        ("onks niillä iltavastaanottoa?", "Neuvola seuraa lapsen kasvua.", "hours"),
        ("är den öppen på helgen?", "Chatten är för barn.", "hours"),
        ("entä milloin?", "Ryhmä kokoontuu kirjastossa.", "time"),
        ("millä kielellä siellä puhutaan?", "Ryhmä kokoontuu kirjastossa.", "language"),
        ("tarviiko varata aikaa", "Neuvola seuraa lapsen kasvua.", "booking"),
    ],
)
def test_a_short_follow_up_asking_for_what_the_reply_lacks_is_named(question: str, reply: str, gap: str) -> None:
    assert unanswered(question, reply) == gap


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("maksaako se?", "Chat on maksuton, eikä nimeä tarvitse kertoa."),  # carried
        ("is it open on weekends?", "The chat is open every day 9–22."),  # carried
        ("millä kielellä siellä puhutaan?", "Palvelu on suomeksi ja ruotsiksi."),  # carried
        ("what do I do when he cries?", "Talk to the clinic."),  # 'when' inside: no time asked
        ("and in English?", "Ryhmä kokoontuu kirjastossa."),  # asks for the reply's language
        ("entä jos se herää yöllä?", "Neuvola auttaa unessa."),  # a child's night, no opening hours
        ("kuka laskee elatusmaksun?", "Lastenvalvoja auttaa sopimaan elatuksesta."),  # 'who' is never named
        ("mitä niitä paikkoja olikaan, joihin voi mennä ilman ilmoittautumista?", "Kohtaamispaikkoja on monta."),
    ],
)
def test_no_gap_is_named_when_the_reply_carries_it_or_nothing_of_the_kind_is_asked(question: str, reply: str) -> None:
    assert unanswered(question, reply) is None


@pytest.mark.parametrize(
    ("terms", "free"),
    [
        (["kosta", "kostaa"], True),  # 'kostar det?'
        (["entä", "lauantai"], True),  # 'entä lauantaina?'
        (["weekends"], True),  # 'what about weekends?'
        ([], True),  # 'missä'
        (["kauan", "kestää"], True),  # 'kauanko kestää'
        (["entä", "uhmaikä", "uhma", "ikä"], False),  # 'entä jos se on vaan uhmaikää' names a topic
        (["entä", "isä", "voi"], False),  # 'entä isä, voiko hän tulla mukaan?'
        (["entä", "sää", "huomenna"], False),  # 'entä mikä sää huomenna?'
    ],
)
def test_a_follow_up_that_names_nothing_but_what_it_asks_is_content_free(terms: list[str], free: bool) -> None:
    assert content_free(terms) is free


def test_handoff_asks_reads_a_request_to_be_called_and_a_question_whether_a_person_is_there() -> None:
    assert handoff_asks("voisko joku soittaa mulle illalla?") == ("call",)
    assert handoff_asks("Kan ni ringa upp mig i morgon?") == ("soon", "call")
    assert handoff_asks("please phone me back") == ("call",)
    assert handoff_asks("onks tää joku botti vai ihminen") == ("person",)
    assert handoff_asks("Is there a real person who could call me?") == ("person", "call")
    # A call the writer made, or a plain request for help, asks neither.
    assert handoff_asks("soitin jo neuvolaan, haluan puhua jonkun kanssa") == ()
    assert handoff_asks("I need some help with my son") == ()


def test_handoff_asks_reads_a_wish_to_meet_a_worker_face_to_face() -> None:
    assert handoff_asks("voisinko tavata jonkun työntekijän ihan kasvokkain?") == ("meet",)
    assert handoff_asks("Kan jag träffa någon personligen på familjecentret?") == ("meet",)
    assert handoff_asks("I'd rather see someone in person, is that possible?") == ("meet",)
    assert handoff_asks("can someone call me so we could meet with someone in person") == ("call", "meet")
    # A child's visits with a parent, or the meeting places, are no wish to meet a worker.
    assert handoff_asks("lasten tapaamiset isän kanssa eivät suju, haluan puhua jonkun kanssa") == ()
    assert handoff_asks("where are the meeting places? I want to talk to someone") == ()


def test_a_follow_up_asking_whether_it_is_running_yet_puts_the_status_first() -> None:
    (status,) = asked_facets("Toimiiko se jo vai vasta suunnitteilla?")
    assert status.name == "status"
    assert [f.name for f in asked_facets("Is it already running?")] == ["status"]
    assert [f.name for f in asked_facets("Är den redan igång?")] == ["status"]
    assert carries("Mallia on pilotoitu hankkeessa, ja se on yhä kehitteillä.", (status,))
    assert not carries("Verkosto tukee koululaista ja hänen perhettään.", (status,))


def test_handoff_asks_reads_a_set_time_today_and_a_named_worker() -> None:
    assert handoff_asks("voisko joku ottaa yhteyttä ylihuomenna?") == ("soon",)
    assert handoff_asks("could a social worker ring me today?") == ("soon", "today", "call", "role")
    assert handoff_asks("Kan en familjearbetare kontakta oss den här veckan?") == ("soon", "role")
    assert handoff_asks("haluaisin että perhetyöntekijä ottaisi yhteyttä") == ("role",)
    assert handoff_asks("en tahdo puhua botille") == ("person",)
    # A time of day is no set day, and a plain request names no time or worker.
    assert handoff_asks("voisko joku soittaa mulle illalla?") == ("call",)
    assert handoff_asks("haluan puhua jonkun kanssa") == ()
