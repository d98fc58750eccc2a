"""The extractive fallback: what is asked steers the sentences; fragments and page elements are never quoted."""

from __future__ import annotations

import pytest

from assistant.compose import (
    asked_first,
    asks_for_voices,
    best_sentences,
    stands_alone,
    voices,
    without_repeated_term,
)
from assistant.index.chunks import Chunk
from assistant.retrieve import Source
from assistant.text import build_analyzer
from assistant.text.asked import question_sentences
from assistant.text.word_shares import FinnishWords, PrefixWords

pytestmark = pytest.mark.unit


def _source(text: str, doc: str = "handbook") -> Source:
    return Source(Chunk(id=text[:10], doc=doc, title="t", section="s", url=None, text=text), 1.0)


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("Se on tarkoitettu kaikille alle kouluikäisten lasten perheille.", False),
        ("Kenelle: lapset ja vanhemmat päiväkodissa ja koulussa.", False),
        ("Paina Pyydä apua! -nappia, niin työntekijä ottaa yhteyttä.", False),
        ("Perhekahvilat ovat avoinna arkipäivisin kaikille perheille.", True),
        ("It is a place to meet other families with babies.", False),
    ],
)
def test_sentences_that_need_their_paragraph_are_not_quoted(sentence: str, ok: bool) -> None:
    lang = "en" if sentence.startswith("It ") else "fi"
    assert stands_alone(sentence, lang) is ok


def test_a_when_question_prefers_the_sentence_with_a_date() -> None:
    analyzer = build_analyzer("voikko")
    text = (
        "Perheiden tori on perheiden yhteinen tapahtuma Rovaniemellä. "
        "Perheiden tori järjestettiin 14.9.2024 kaupungintalon aulassa."
    )
    picked = best_sentences(
        set(analyzer.terms("milloin perheiden tori on")),
        [_source(text)],
        analyzer,
        limit=1,
        question="milloin perheiden tori on",
    )
    assert picked == [("Perheiden tori järjestettiin 14.9.2024 kaupungintalon aulassa.", 1)]
    plain = best_sentences(set(analyzer.terms("perheiden tori")), [_source(text)], analyzer, limit=1)
    assert plain == [("Perheiden tori on perheiden yhteinen tapahtuma Rovaniemellä.", 1)]


def test_a_what_is_question_prefers_the_glossary_definition() -> None:
    analyzer = build_analyzer("voikko")
    handbook = _source("Motti-työryhmä kokoontuu neuvolassa, ja Motti auttaa perheitä yhdessä päiväkodin kanssa.")
    glossary = _source("Motti: alle kouluikäisten lasten moniammatillinen työryhmä, joka tapaa huoltajat.", "glossary")
    picked = best_sentences(
        set(analyzer.terms("mikä on motti")), [handbook, glossary], analyzer, limit=1, question="mikä on motti"
    )
    assert picked[0][1] == 2


def test_a_finnish_reply_quotes_no_swedish_or_english_text_of_a_catalogue_entry() -> None:
    """A catalogue entry holds its Finnish, Swedish and English texts in one passage; the fallback of a Finnish
    reply quotes only the Finnish sentences, an English reply the English or Finnish ones."""
    analyzer = build_analyzer("voikko")
    entry = _source(
        "Turvakoti tarjoaa turvallisen asumisen ja kriisiavun ympäri vuorokauden väkivaltaa kokeneille. "
        "Skyddshemmet erbjuder tryggt boende och krishjälp dygnet runt för dem som utsätts för våld i nära relationer. "
        "The shelter offers safe housing and crisis help around the clock for people facing violence at home.",
        "services",
    )
    question = "turvakoti turvakodit skyddshemmet shelter kriisiapu krishjälp crisis help"
    terms = set(analyzer.terms(question))
    finnish = best_sentences(terms, [entry], analyzer, limit=3, question=question, lang="fi")
    assert [s for s, _ in finnish] == [entry.chunk.text.split(". ")[0] + "."]
    english = best_sentences(terms, [entry], analyzer, limit=3, question=question, lang="en")
    assert not any(s.startswith("Skyddshemmet") for s, _ in english)


def test_a_glossary_label_that_the_definition_repeats_is_said_once() -> None:
    assert (
        without_repeated_term("MARAK: MARAK on riskinarvioinnin menetelmä.") == "MARAK on riskinarvioinnin menetelmä."
    )
    assert (
        without_repeated_term("Harrastusresepti: Harrastusreseptin tarkoituksena on tavoittaa lapset.")
        == "Harrastusreseptin tarkoituksena on tavoittaa lapset."
    )
    # A label the sentence does not repeat stays: it says what the sentence is about.
    assert without_repeated_term("Neuvola: Äitiys- ja lastenneuvola seuraa kasvua.") == (
        "Neuvola: Äitiys- ja lastenneuvola seuraa kasvua."
    )
    assert without_repeated_term("Kenelle: perheille, joissa on vauva.") == "Kenelle: perheille, joissa on vauva."


# A made-up curated answer of three sentences (not from the corpus or any test set).
_ANSWER = (
    "Kerhotalo on kotona lapsiaan hoitaville perheille tarkoitettu kohtaamispaikka. "
    "Toiminta on maksutonta eikä vaadi ilmoittautumista. "
    "Kerhotalo on auki arkisin klo 9–12."
)


def test_a_follow_ups_asked_fact_comes_first_and_nothing_else_changes() -> None:
    analyzer = build_analyzer("voikko")
    cost = asked_first(_ANSWER, "maksaako se jotain?", analyzer)
    assert cost.startswith("Toiminta on maksutonta")
    assert sorted(cost.split(". ")) == sorted(_ANSWER.split(". "))
    assert asked_first(_ANSWER, "onks se auki iltaisin?", analyzer).startswith("Kerhotalo on auki arkisin klo 9–12.")


def test_an_answer_whose_first_sentence_holds_the_fact_or_holds_nothing_asked_is_left_as_it_is() -> None:
    analyzer = build_analyzer("voikko")
    assert asked_first(_ANSWER, "kenelle kohtaamispaikka on tarkoitettu?", analyzer) == _ANSWER
    assert asked_first(_ANSWER, "entä isovanhemmat?", analyzer) == _ANSWER


def test_a_sentence_that_needs_the_one_before_it_is_not_moved_first() -> None:
    analyzer = build_analyzer("voikko")
    text = "Kerhotalo on perheiden kohtaamispaikka keskustassa. Se on maksuton kaikille perheille."
    assert asked_first(text, "maksaako se?", analyzer) == text


def test_a_follow_up_in_swedish_or_english_finds_its_fact_by_what_it_asks_about() -> None:
    analyzer = build_analyzer("voikko")
    swedish = "Träffpunkten är öppen för familjer med små barn. Verksamheten är avgiftsfri och kräver ingen anmälan."
    assert asked_first(swedish, "kostar det något?", analyzer, "sv").startswith("Verksamheten är avgiftsfri")
    english = "The chat is for children and young people. It is anonymous, and you do not give your name."
    assert asked_first(english, "do I have to say my name?", analyzer, "en") == english  # 'It …' needs the one before
    english = "The chat is for children and young people. You can chat anonymously without giving your name."
    assert asked_first(english, "is it anonymous?", analyzer, "en").startswith("You can chat anonymously")


def _finnish_words() -> FinnishWords:
    """Finnish words read by the analyzer; 'perhe', 'lapsi', 'apu', 'tuki' and 'voi' generic, as in the material."""
    generic = {"perhe", "lapsi", "apu", "tuki", "tukea", "voi"}
    return FinnishWords(build_analyzer("voikko"), lambda term: 0.5 if term in generic else 0.01, [], 0.18)


_GROUPS = (
    "Kasvatuksen työryhmässä on päiväkodin ja neuvolan ammattilaisia. Ryhmä kehittää yhteistyötä perheiden hyväksi. "
    "Lisäksi päiväkodeilla ja neuvolalla on yhteinen ryhmä Kaarnikka."
)


def test_a_new_question_gets_the_sentence_with_its_rare_word_first_without_its_connective() -> None:
    analyzer = build_analyzer("voikko")
    moved = asked_first(_GROUPS, "mikä ihmeen Kaarnikka on?", analyzer, "fi", None, _finnish_words())
    assert moved.startswith("Päiväkodeilla ja neuvolalla on yhteinen ryhmä Kaarnikka. Kasvatuksen työryhmässä")
    cost = asked_first(_ANSWER, "paljonko kohtaamispaikka maksaa?", analyzer, "fi", None, _finnish_words())
    assert cost.startswith("Toiminta on maksutonta")


def test_a_new_question_moves_nothing_for_generic_words_or_whole_answer_facets() -> None:
    analyzer = build_analyzer("voikko")
    help_text = "Perhetyö tukee perheen arkea kotona. Voit pyytää apua ja tukea perheelle Pyydä apua -lomakkeella."
    assert (
        asked_first(help_text, "millaista tukea perhe voi saada?", analyzer, "fi", None, _finnish_words()) == help_text
    )
    # 'kuka' asks of the whole answer: a later sentence naming workers is not moved first for it.
    who = "Ryhmää johtaa koordinaattori. Ryhmässä on terveydenhoitajia ja sosiaalityöntekijöitä."
    assert asked_first(who, "kuka ryhmää johtaa?", analyzer, "fi", None, _finnish_words()) == who


def test_a_new_question_never_gets_a_caveat_or_an_adding_sentence_first() -> None:
    analyzer = build_analyzer("voikko")
    caveat = "Perheneuvola tukee perheitä. Perheneuvolan ajanvarauksen numeroa ei ole vielä varmistettu."
    assert asked_first(caveat, "perheneuvolan ajanvaraus numero", analyzer, "fi", None, _finnish_words()) == caveat
    adding = "Kohtaamispaikkoja on monta. Verkostoon kuuluvat myös Kaarnikka ja Kuusikko."
    assert asked_first(adding, "kuuluuko Kaarnikka verkostoon?", analyzer, "fi", None, _finnish_words()) == adding


def test_swedish_and_english_new_questions_move_a_sentence_only_for_what_they_ask() -> None:
    analyzer = build_analyzer("voikko")
    swedish = "Träffpunkten är öppen för familjer med små barn. Verksamheten är avgiftsfri och kräver ingen anmälan."
    assert asked_first(swedish, "Kostar träffpunkten något?", analyzer, "sv", None, PrefixWords()).startswith(
        "Verksamheten är avgiftsfri"
    )
    team = "Teamet har experter från polisen. Teamet träffar den unga så tidigt som möjligt."
    assert asked_first(team, "Vem träffar teamet?", analyzer, "sv", None, PrefixWords()) == team


def test_a_short_message_is_weighed_by_its_question_sentence_not_by_what_it_tells_around_it() -> None:
    analyzer = build_analyzer("voikko")
    message = "Mikä on Kaarnikka? Päiväkodin ammattilaiset puhuivat siitä."
    assert question_sentences(message) == "Mikä on Kaarnikka?"
    assert question_sentences("kerro kaarnikasta") == "kerro kaarnikasta"
    moved = asked_first(_GROUPS, question_sentences(message), analyzer, "fi", None, _finnish_words())
    assert moved.startswith("Päiväkodeilla ja neuvolalla on yhteinen ryhmä Kaarnikka.")


# A passage in the handbook's manner (our own wording): a fact, then what families said at an event.
_WITH_VOICES = (
    "Kotipalvelu auttaa lastenhoidossa, kun vanhemman voimat eivät riitä arkeen.\n"
    "Rovaniemeläiset perheet kertovat, että arjessa voimia antavat ulkoilu, ystävät ja yhteinen aika lasten kanssa. "
    "Vanhemmat toivovat lisää apua arkeen ja lastenhoitoon. (Perheiden tori 2024)\n"
    "Lapsiperhekyselyssä 2023 perheet kertoivat kaipaavan lastenhoitoapua kotiin."
)


def test_what_families_said_is_every_sentence_of_a_voice_paragraph() -> None:
    said = voices(_WITH_VOICES)
    assert "Vanhemmat toivovat lisää apua arkeen ja lastenhoitoon. (Perheiden tori 2024)" in said
    assert any(s.startswith("Rovaniemeläiset perheet kertovat") for s in said)
    assert any(s.startswith("Lapsiperhekyselyssä 2023") for s in said)
    assert not any(s.startswith("Kotipalvelu auttaa") for s in said)


def test_what_families_said_is_quoted_only_when_asked_for() -> None:
    analyzer = build_analyzer("voikko")
    question = "Olen ihan uupunut, saako apua lastenhoitoon ja arkeen?"
    picked = best_sentences(
        set(analyzer.terms(question)), [_source(_WITH_VOICES)], analyzer, limit=4, question=question
    )
    assert [s for s, _ in picked] == ["Kotipalvelu auttaa lastenhoidossa, kun vanhemman voimat eivät riitä arkeen."]
    asking = "Mitä perheet toivoivat lastenhoitoon ja arkeen kyselyssä?"
    assert asks_for_voices(asking) and not asks_for_voices(question)
    picked = best_sentences(set(analyzer.terms(asking)), [_source(_WITH_VOICES)], analyzer, limit=4, question=asking)
    assert any(s.startswith("Vanhemmat toivovat") for s, _ in picked)


def test_a_sentence_goes_on_after_an_abbreviation() -> None:
    from assistant.compose import sentences

    text = (
        "Perheille järjestetään yhteisiä tapahtumia, esim. Kevätjuhla ja Syysretki perheiden kanssa. (Työpaja 2024)\n"
        "Ryhmiä on monelle, mm. Vauvaryhmä ja Isäryhmä joka viikko. Uusi lause alkaa tästä kohdasta nyt."
    )
    assert sentences(text) == [
        "Perheille järjestetään yhteisiä tapahtumia, esim. Kevätjuhla ja Syysretki perheiden kanssa. (Työpaja 2024)",
        "Ryhmiä on monelle, mm. Vauvaryhmä ja Isäryhmä joka viikko.",
        "Uusi lause alkaa tästä kohdasta nyt.",
    ]


# A made-up answer about a service still being tried out (not from the corpus or any test set).
_PILOT = (
    "Perhepysäkki on vanhemmille tarkoitettu neuvontapalvelu. "
    "Se tarjoaa ohjausta arjen kysymyksiin. "
    "Palvelua pilotoidaan ensi syksynä, eikä sen yhteystietoja ole vielä vahvistettu."
)


class _EveryWord:
    """Reads each word as its own lowercase form; every word is informative."""

    def forms(self, text: str) -> list[frozenset[str]]:
        return [frozenset({w.lower().strip(".,?!")}) for w in text.split()]

    def informative(self, forms: frozenset[str]) -> bool:
        return True


def test_a_follow_up_asking_whether_it_runs_yet_gets_the_status_first_but_a_new_question_the_definition() -> None:
    analyzer = build_analyzer("voikko")
    assert asked_first(_PILOT, "onko se jo käytössä?", analyzer).startswith("Palvelua pilotoidaan ensi syksynä")
    new = asked_first(_PILOT, "Mikä Perhepysäkki on ja onko se jo käytössä?", analyzer, "fi", None, _EveryWord())
    assert new == _PILOT
