"""Curated answers that presuppose a situation (assistant/picking/conditions.yaml): the shipped file is valid, its
words cover the answers' own messages, and the engine gives such an answer only to a message that tells of it."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from assistant.corpus import load_corpus
from assistant.engine import Assistant
from assistant.picking.conditions import AnswerConditions, ConditionsError, read_told
from assistant.picking.data import DATA_DIR, load_examples
from assistant.router.rules import read_words
from assistant.text import Analyzer, detect_language
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def conditions() -> AnswerConditions:
    return AnswerConditions.load()


def test_every_listed_answer_exists(conditions: AnswerConditions) -> None:
    answer_ids = {a.id for a in load_corpus(CORPUS).answers}
    assert conditions.problems(answer_ids) == []
    assert sum(len(c.answers) for c in conditions.conditions) >= 20


def test_an_unknown_answer_is_named_with_file_line_and_condition(tmp_path: Path) -> None:
    path = tmp_path / "conditions.yaml"
    path.write_text("separation:\n  answers:\n    - eron-ensiapu\n    - no-such-answer\n  patterns:\n    - [[ero]]\n")
    problems = AnswerConditions.load(path).problems({"eron-ensiapu"})
    assert problems == [f"{path}:4: condition 'separation': unknown curated answer 'no-such-answer' (answers)"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("separation:\n  answers: []\n  patterns:\n    - [[ero]]\n", "answers"),
        ("separation:\n  answers: [a]\n", "patterns"),
        ("separation:\n  answers: [a]\n  patterns:\n    - [[-ero]]\n", "patterns"),
        ("a:\n  answers: [x]\n  patterns: [[[ero]]]\nb:\n  answers: [x]\n  patterns: [[[juo]]]\n", "answers"),
    ],
)
def test_a_malformed_file_names_the_condition_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "conditions.yaml"
    path.write_text(text)
    with pytest.raises(ConditionsError) as caught:
        AnswerConditions.load(path)
    assert str(path) in str(caught.value) and f"({field})" in str(caught.value)


def test_the_words_cover_the_answers_own_messages(conditions: AnswerConditions, analyzer: Analyzer) -> None:
    """The answers' question variants and the picking messages labelled with them tell of the situation in at
    least 85 % of cases (those that do not mostly name the service: 'Mikä on Varjomaailma?')."""
    corpus = load_corpus(CORPUS)
    messages: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for answer in corpus.answers:
        messages[answer.id].extend((q, lang) for lang in ("fi", "sv", "en") for q in answer.questions.get(lang) or [])
    for example in load_examples(DATA_DIR, known={a.id for a in corpus.answers}):
        if example.answers:
            messages[example.answers[0]].append((example.text, detect_language(example.text)))
    told = total = 0
    for condition in conditions.conditions:
        for answer_id in condition.answers:
            own = messages[answer_id]
            # Read as the engine reads them: a Swedish or English message only as written.
            passing = sum(conditions.allows(answer_id, read_told(analyzer, text, lang)) for text, lang in own)
            assert passing >= 0.5 * len(own), (condition.name, answer_id, passing, len(own))
            told, total = told + passing, total + len(own)
    assert told >= 0.85 * total, (told, total)


@pytest.mark.parametrize(
    ("answer_id", "text", "allowed"),
    [
        ("lapsi-vanhempien-erossa", "erosimme keväällä ja lapset asuu vuoroviikoin", True),
        ("lapsi-vanhempien-erossa", "we split up last year and the kids move between homes", True),
        ("lapsi-vanhempien-erossa", "vi skildes i våras och dottern gråter", True),
        ("lapsi-vanhempien-erossa", "tyttö 10v istuu vaan huoneessa eikä sillä oo harrastuksia", False),
        ("svc-nuori-vanhempi-juo", "faija on kännissä joka perjantai", True),
        ("svc-nuori-vanhempi-juo", "vanhemmat huutaa toisilleen joka ilta enkä saa nukuttua", False),
        ("need-disability-diagnosis", "pojalla todettiin adhd viime viikolla", True),
        ("need-disability-diagnosis", "hoidamme lapsenlapsia, koska heidän äitinsä on töissä ulkomailla", False),
        # The child's crying, not the parent's (written for this test).
        ("need-crying-baby", "vauva itkee iltaisin tuntikausia eikä rauhoitu", True),
        ("need-crying-baby", "our newborn is crying for hours every evening", True),
        ("need-crying-baby", "itken joka päivä enkä tunne iloa vauvasta, synnytyksestä 3 kk", False),
        ("need-crying-baby", "mua itkettää koko ajan ja vauva on 4kk", False),
        ("neuvola", "mitä tahansa", True),  # an answer that presupposes nothing
    ],
)
def test_a_message_tells_the_situation_or_not(
    conditions: AnswerConditions, analyzer: Analyzer, answer_id: str, text: str, allowed: bool
) -> None:
    assert conditions.allows(answer_id, read_words(analyzer, text)) is allowed


# Messages written for this test (no evaluation question): sad, lonely or quarrelling families that speak of no
# separation, drinking or diagnosis, and so must not get an answer about one.
UNTOLD = [
    "meidän 11-vuotias on ihan yksin välitunnit eikä kukaan pyydä sitä mihinkään, miten me voitais auttaa",
    "oon 14 ja mun vanhemmat tappelee sanoilla koko ajan, mä vaan kuuntelen kuulokkeilla. kenelle mä voin kertoo",
    "Our son (9) cries before school every morning and says nobody likes him. Who can we talk to?",
    "Jag är mormor och barnbarnen verkar ledsna när de är hos oss. Vart kan en släkting vända sig?",
    "tytär 12v ei halua enää mihinkään harrastuksiin ja on koko ajan puhelimella huoneessaan",
    "muutettiin etelästä tänne ja 8-vuotias ikävöi kavereita ihan hirveesti",
    "I'm an aunt and I worry about my niece, she seems so quiet lately. Where could I ask for advice?",
    "mummona mietin, miten voisin tukea lapsenlapsia, kun heidän vanhemmillaan on kiire töissä",
]


def _conditioned_answer_in(reply: str, assistant: Assistant, conditions: AnswerConditions) -> str | None:
    assert assistant.curated is not None
    for condition in conditions.conditions:
        for answer_id in condition.answers:
            answer = assistant.curated._answers[answer_id]
            for lang in ("fi", "sv", "en"):
                text = " ".join((answer.answer.get(lang) or "").split())
                if text and text in reply:  # whole: some answers share their first sentence
                    return answer_id
    return None


def test_the_engine_gives_no_answer_about_a_situation_nobody_told(
    assistant: Assistant, conditions: AnswerConditions
) -> None:
    given = {q: _conditioned_answer_in(assistant.ask(q).reply, assistant, conditions) for q in UNTOLD}
    assert given == dict.fromkeys(UNTOLD)
    # The messages do draw such answers when the conditions are not read: the test above can fail.
    unguarded = Assistant(**{**_parts(assistant), "conditions": None})
    drawn = [q for q in UNTOLD if _conditioned_answer_in(unguarded.ask(q).reply, unguarded, conditions)]
    assert drawn, "none of the messages draws a conditioned answer any more: write harder ones"


def test_a_message_that_names_the_service_still_gets_its_answer(assistant: Assistant) -> None:
    reply = assistant.ask("Mikä on Varjomaailma?").reply
    assert "Varjomaailma" in reply and "alkoholinkäyttö" in reply


def _parts(assistant: Assistant) -> dict[str, object]:
    return {
        "corpus": assistant.corpus,
        "analyzer": assistant.analyzer,
        "router": assistant.router,
        "retriever": assistant.retriever,
        "embedder": assistant.embedder,
        "ranker": assistant.ranker,
        "scope": assistant.scope,
        "chat_hours": assistant.chat_hours,
        "timezone": assistant.timezone,
        "thesaurus": assistant.thesaurus,
        "clock": assistant.clock,
        "curated": assistant.curated,
        "needs": assistant.needs,
        "conditions": assistant.conditions,
    }


@pytest.mark.parametrize(
    ("service_id", "text", "named", "allowed"),
    [
        ("paihdelinkki", "missä voisin puhua nimettömästi perheen asioista", set(), False),
        ("paihdelinkki", "mieheni juo liikaa, missä voisin puhua nimettömästi", set(), True),
        ("paihdelinkki", "12-vuotias pelaa joka yö", set(), True),  # gaming: Päihdelinkki advises on it too
        ("paihdelinkki", "mikä se linkkipalvelu on", {"paihdelinkki"}, True),  # the message names it
        ("tyttojen-talo-neiot", "mitä tekemistä 13-vuotiaalle iltaisin", set(), False),
        ("tyttojen-talo-neiot", "mitä tekemistä 13-vuotiaalle tytölle iltaisin", set(), True),
        ("perheoikeudelliset-palvelut", "haluan vahvistaa isyyden", set(), True),  # under two conditions
        ("perheoikeudelliset-palvelut", "erosimme keväällä", set(), True),
        ("perheoikeudelliset-palvelut", "vauva syntyy kesällä", set(), False),
        ("neuvola", "mitä tahansa", set(), True),  # kept for no situation
        # A service whose offer in Rovaniemi is not confirmed: its card only when the message names it.
        ("kotokunta", "muutimme Suomeen ja haluaisimme tavata muita perheitä", set(), False),
        ("kotokunta", "mitä Kotokunta tekee Rovaniemellä", set(), True),
        ("perheohjaamo", "mistä saa neuvoa vanhemmuuteen", set(), False),
        ("perheohjaamo", "onko Perheohjaamo jo auki", set(), True),
        ("arkeen-voimaa", "olen väsynyt arkeen", set(), False),
        ("sos-lapsikyla-ennaltaehkaiseva", "tukea perheelle varhain", set(), False),
        ("sos-lapsikyla-ennaltaehkaiseva", "mitä SOS-Lapsikylä tekee täällä", set(), True),
    ],
)
def test_a_card_kept_for_a_situation_waits_until_the_message_tells_of_it(
    conditions: AnswerConditions, analyzer: Analyzer, service_id: str, text: str, named: set[str], allowed: bool
) -> None:
    assert conditions.allows_service(service_id, read_words(analyzer, text), named) is allowed


def test_every_listed_service_exists_and_an_unknown_one_is_named(conditions: AnswerConditions, tmp_path: Path) -> None:
    corpus = load_corpus(CORPUS)
    assert conditions.problems({a.id for a in corpus.answers}, {s.id for s in corpus.services}) == []
    path = tmp_path / "conditions.yaml"
    path.write_text("girls:\n  services:\n    - no-such-service\n  patterns:\n    - [[tyttö*]]\n")
    problems = AnswerConditions.load(path).problems(set(), {"neuvola"})
    assert problems == [f"{path}:3: condition 'girls': unknown service 'no-such-service' (services)"]


# Written for this test: calm questions about anonymous help that name no substance, separation or violence.
ANONYMOUS = [
    "missä voisin puhua nimettömästi jonkun kanssa meidän perheen asioista",
    "Finns det någon anonym telefon för föräldrar?",
]


def test_the_engine_shows_no_card_for_a_situation_nobody_told(
    assistant: Assistant, conditions: AnswerConditions
) -> None:
    kept = {s for c in conditions.conditions for s in c.services}
    shown = {q: [s["id"] for s in assistant.ask(q).services] for q in ANONYMOUS}
    assert all(shown[q] and not kept & set(shown[q]) for q in ANONYMOUS), shown
    # Without the conditions the same messages get such cards (a substance helpline, a separation chat).
    unguarded = Assistant(**{**_parts(assistant), "conditions": None})
    drawn = [q for q in ANONYMOUS if kept & {s["id"] for s in unguarded.ask(q).services}]
    assert drawn, "none of the messages draws a conditioned card any more: write harder ones"


# Written for this test: families new in Finland asking for help to settle, naming no service.
NEWCOMERS = [
    "Muutimme Suomeen Irakista keväällä, miten pääsemme alkuun uudessa kaupungissa lasten kanssa?",
    "We just arrived in Finland with two small kids, who helps families like us settle in?",
    "Vi har nyss flyttat till Finland från Ukraina, vem hjälper nyanlända familjer?",
]


def test_a_service_whose_offer_is_not_confirmed_gets_no_card_unless_named(assistant: Assistant) -> None:
    """Kotokunta's role and services in Rovaniemi are not confirmed and its card has no channel to reach it: raters
    (tune roles, 2026-12-01) marked such cards misleading under general questions. Its answer still tells of it."""
    shown = {q: [s["id"] for s in assistant.ask(q).services] for q in NEWCOMERS}
    assert all(shown[q] and "kotokunta" not in shown[q] for q in NEWCOMERS), shown
    unguarded = Assistant(**{**_parts(assistant), "conditions": None})
    assert any("kotokunta" in {s["id"] for s in unguarded.ask(q).services} for q in NEWCOMERS)
    named = [s["id"] for s in assistant.ask("Mitä Kotokunta tekee Rovaniemellä?").services]
    assert "kotokunta" in named


def test_a_swedish_or_english_message_is_read_only_as_written(conditions: AnswerConditions, analyzer: Analyzer) -> None:
    """Finnish Voikko reads the English 'join' as 'juoda' (to drink): an English message about joining a parents'
    group told of drinking and got the substance helpline's card. Written for this test."""
    text = "I'd like to join something for parents, maybe a group that meets in the mornings"
    assert not conditions.allows_service("paihdelinkki", read_told(analyzer, text, "en"))
    assert conditions.allows_service("paihdelinkki", read_words(analyzer, text))  # read as Finnish it did
    drinking = "my husband drinks every weekend and I don't know who to talk to"
    assert conditions.allows_service("paihdelinkki", read_told(analyzer, drinking, "en"))
    assert conditions.allows_service("paihdelinkki", read_told(analyzer, "mieheni joi taas koko viikonlopun", "fi"))


@pytest.mark.parametrize(
    ("text", "lang", "told"),
    [
        # Written for this test: a parent's own exhaustion, and tiredness that is no such thing.
        ("Taapero heräilee öisin ja mä oon ihan puhki", "fi", True),
        ("en jaksa enää pyörittää arkea yksin", "fi", True),
        ("Jag är helt slutkörd, bebisen sover aldrig", "sv", True),
        ("We are completely drained, our toddler never sleeps", "en", True),
        ("Koululainen on aamuisin väsynyt, miten saisi nukkumaan aiemmin?", "fi", False),
        ("en jaksa odottaa vastausta viikkoa, milloin neuvola aukeaa?", "fi", False),  # 'cannot be bothered' to wait
        ("Orkar inte vänta i kö, kan jag skriva här istället?", "sv", False),
        ("Kontot är tomt och pengarna slut, finns det stöd?", "sv", False),
    ],
)
def test_a_parent_worn_out_brings_home_help(
    conditions: AnswerConditions, analyzer: Analyzer, text: str, lang: str, told: bool
) -> None:
    """The words tell it ('en jaksa' and an errand, or money running out, do not), and so does the family need
    'parent-exhaustion' when it is the message's closest need (the need model reads it told in other words)."""
    words = read_told(analyzer, text, lang)
    exhausted = ["lapsiperheiden-kotipalvelu"]
    assert conditions.brought(words, ["neuvola"]) == (exhausted if told else [])
    assert conditions.brought(words, ["neuvola"], ["sleep", "parent-exhaustion"]) == (exhausted if told else [])
    assert conditions.brought(words, ["neuvola"], ["parent-exhaustion", "sleep"]) == exhausted  # the need alone
    # Home help or family work among the cards already: nothing more.
    assert conditions.brought(words, ["neuvola", "perhetyo"], ["parent-exhaustion"]) == []


def test_an_unknown_brought_service_is_named(tmp_path: Path) -> None:
    path = tmp_path / "conditions.yaml"
    path.write_text("tired:\n  brings:\n    - no-such-service\n  patterns:\n    - [[uupu*]]\n")
    problems = AnswerConditions.load(path).problems(set(), {"neuvola"})
    assert problems == [f"{path}:3: condition 'tired': unknown service 'no-such-service' (brings)"]
    path.write_text("tired:\n  brings: perhetyo\n  patterns:\n    - [[uupu*]]\n")
    with pytest.raises(ConditionsError, match="brings"):
        AnswerConditions.load(path)
    path.write_text("tired:\n  brings:\n    - perhetyo\n  needs:\n    - no-such-need\n  patterns:\n    - [[uupu*]]\n")
    problems = AnswerConditions.load(path).problems(set(), {"perhetyo"}, {"parent-exhaustion"})
    assert problems == [f"{path}:5: condition 'tired': unknown need 'no-such-need' (needs)"]
    path.write_text("tired:\n  answers:\n    - a\n  needs:\n    - parent-exhaustion\n  patterns:\n    - [[uupu*]]\n")
    with pytest.raises(ConditionsError, match="needs"):
        AnswerConditions.load(path)


def test_the_engine_shows_home_help_to_a_parent_worn_out_by_a_childs_sleep(assistant: Assistant) -> None:
    """Written for this test. The answer is about the child's sleep; the parent's own exhaustion brings home help as
    the last card (raters of the tune roles, 2026-12-03), and without the conditions it is not there."""
    question = "Meidän 1-vuotias ei nuku kuin puoli tuntia kerrallaan ja mä oon aivan puhki, mitä voisin tehdä?"
    shown = [s["id"] for s in assistant.ask(question).services]
    assert "lapsiperheiden-kotipalvelu" in shown or "perhetyo" in shown, shown
    unguarded = Assistant(**{**_parts(assistant), "conditions": None})
    assert not {"lapsiperheiden-kotipalvelu", "perhetyo"} & {s["id"] for s in unguarded.ask(question).services}


@pytest.mark.parametrize(
    ("text", "withheld"),
    [
        # Written for this test.
        ("Entinen puoliso löi minua, nyt asumme erillään. Miten sovimme lasten tapaamisista?", True),
        ("My ex was violent, how do we agree on the children now that we have split up?", True),
        ("Miten erota niin, ettei lapsi joudu riitojen keskelle?", False),
    ],
)
def test_violence_told_withholds_the_amicable_separation_and_mediation(
    conditions: AnswerConditions, analyzer: Analyzer, text: str, withheld: bool
) -> None:
    told = read_told(analyzer, text, detect_language(text))
    assert conditions.allows("sovinnollinen-ero", told) is not withheld
    assert conditions.allows_service("perheasioiden-sovittelu", told) is not withheld
    # Named, the mediation service keeps its card and its answer.
    assert conditions.allows_service("perheasioiden-sovittelu", told, {"perheasioiden-sovittelu"})


def test_a_malformed_withholds_names_its_field(tmp_path: Path) -> None:
    path = tmp_path / "conditions.yaml"
    path.write_text("hurt:\n  withholds:\n    answers: sovinnollinen-ero\n  patterns:\n    - [[löi]]\n")
    with pytest.raises(ConditionsError, match=r"withholds\.answers"):
        AnswerConditions.load(path)
    path.write_text("hurt:\n  withholds:\n    answers:\n      - no-such-answer\n  patterns:\n    - [[löi]]\n")
    problems = AnswerConditions.load(path).problems({"sovinnollinen-ero"}, set())
    assert problems == [f"{path}:4: condition 'hurt': unknown curated answer 'no-such-answer' (withholds)"]
