"""The readable crisis rules (lexicon.yaml) on their own: the backstop when the model is missing."""

from __future__ import annotations

import pytest

from assistant.engine import Assistant
from assistant.i18n import t
from assistant.router import Router
from assistant.router.features import without_greeting
from assistant.router.policy import Thresholds
from assistant.router.prediction import Prediction
from assistant.router.rules import Lexicon, Pattern, Term, Words
from assistant.text import Analyzer

pytestmark = pytest.mark.unit

# Written for these tests; none is taken from an evaluation set (tests/evaluation/test_leaks.py).
CRISES = [
    ("avomies hakkasi mut just ja uhkailee vielä", "violence"),
    ("Isäpuoli potkii pikkuveljeä parhaillaan", "violence"),
    ("en jaksa enää elää tätä elämää", "self_harm"),
    ("Ystävä kirjoitti aikovansa tappaa itsensä tänä yönä", "self_harm"),
    ("Kaksivuotias nieli nappipariston hetki sitten", "poisoning"),
    ("Tyttö joi astianpesuainetta", "poisoning"),
    ("Vauva ei hengitä kunnolla ja on sinertävä", "medical"),
    ("Pelkään että satutan lastani kun hän huutaa", "harm_to_child"),
    ("Min sambo slår mig ikväll", "violence"),
    ("He hit me last year and now he is back and hitting me again", "violence"),
    ("My daughter swallowed several of my pills", "poisoning"),
    # Swedish compounds are one word: the rule reads their first part.
    ("Treåringen drack tändvätskan som stod på balkongen", "poisoning"),
    ("Vår ettåring har svalt en sömntablett från mormors väska", "poisoning"),
    ("Jag tror att min son är förgiftad", "poisoning"),
    ("Ett barn på fyra år har varit ensamt i trapphuset i en timme", "child_danger"),
    ("Min man slår mig just nu, vart kan jag vända mig?", "violence"),
    ("tekis mieli vaan nukahtaa enkä heräis enää ikinä", "self_harm"),
    ("I just want to go to sleep and never wake up", "self_harm"),
    # 'make everything end' with no word for death: the model alone put such a message at 0.045.
    ("oon ihan lopussa, mietin et miten saisin kaiken vaan loppumaan", "self_harm"),
    ("tänään mä lopetan kaiken", "self_harm"),
    # Danger told after an everyday question: the day-care words must not silence the violence rule.
    ("Onko päiväkodissa vielä tilaa syksyllä? Ja nyt mieheni riehuu ja uhkaa tappaa minut", "violence"),
    ("Bebisen vaknar inte fast jag har försökt flera gånger", "medical"),
    # Thinking about death, in a question about a chat too: the model alone read these as out of scope.
    ("ajattelen kuolemaa melkein joka ilta", "self_harm"),
    ("voiko sinne chattiin kirjoittaa jos ajattelee kuolemaa", "self_harm"),
    ("jag tänker på döden hela tiden nu", "self_harm"),
    ("lately I keep thinking about death", "self_harm"),
    # A child's wish to die, told by a parent in spoken forms Voikko does not read ('haluu', 'ettei', 'haluis').
    ("meiän 8v sano illalla et se haluu kuolla", "self_harm"),
    ("tytär 10v sanoi ettei halua elää", "self_harm"),
    ("se sano et haluis olla kuollu", "self_harm"),
]

NOT_CRISES = [
    "Mitä tarkoittaa lähisuhdeväkivallan ehkäisytyö käytännössä?",
    "Mun poika lyö muita lapsia eskarissa, mistä apua?",
    "Väkivalta loppui vuosia sitten ja asun nyt turvassa, tarvitsisin keskusteluapua",
    "Our toddler hits other children at the playground",
    # A past event in Swedish or English, as the Finnish 'viime vuonna' lines read it.
    "Min storebror slog mig ofta som barn, hur bearbetar man sånt som vuxen?",
    "My ex hit me last summer and I still think about it a lot, who could I talk to",
    # Drinking alcohol is a worry for the substance services, not a poisoning.
    "Min man har druckit varje helg i ett år och barnen ser det",
    # 'vända oss' is 'turn to': its 'oss' is not the object of 'slår'.
    "Vår fyraåring slår sin storebror när han blir arg, vart kan vi vända oss?",
    "Bebisen vaknar varje timme på nätterna och jag vet inte vad jag ska göra",
    "taapero heräilee monta kertaa yössä eikä nukahda uudestaan ilman syliä",
    # A small child's tantrum, and 'olemassa' beside an unrelated 'en enää'.
    "meidän 4-vuotias saa raivareita ja lyö mua aina kun lähdetään päiväkotiin",
    "onko tällaista tukea olemassa? en enää muista milloin nukuin kunnolla",
    # Quitting all hobbies: 'kaikki', not 'kaiken'.
    "poika haluu lopettaa kaikki harrastukset syksyllä, onko se ok",
    # A grieving child thinking about death is not a crisis of the rules.
    "Lapsi miettii paljon kuolemaa mummon kuoleman jälkeen, miten voin tukea häntä?",
    "Our cat died and my daughter keeps thinking about death, is that normal?",
    # A child asking about a death, and the idiom 'to die of shame'.
    "lapsi haluaa tietää miksi ukki kuoli, miten sen selittäisi",
    "14v sanoo et haluu kuolla häpeeseen kun tulin hakemaan sen koulusta",
]

HANDOFFS = ["haluaisin jutella oikean ihmisen kanssa", "Kan ni ringa mig i morgon?", "please have a worker call me"]


@pytest.fixture(scope="module")
def rules(analyzer: Analyzer) -> Router:
    return Router(analyzer, Lexicon.load(), model=None)


@pytest.mark.parametrize(("message", "kind"), CRISES)
def test_rules_alone_catch_crises_with_their_kind_and_line(rules: Router, message: str, kind: str) -> None:
    decision = rules.decide(message)
    assert decision.route == "crisis", message
    assert kind in decision.kinds
    assert decision.services[0] == "hatanumero-112"
    # A 24/7 line beside 112, except for a life-threatening medical sign: 112 alone (lexicon.yaml rule_services).
    assert len(decision.services) >= 2 or decision.kinds == ("medical",), decision.services


@pytest.mark.parametrize("message", NOT_CRISES)
def test_rules_alone_leave_talk_about_crisis_topics(rules: Router, message: str) -> None:
    assert rules.decide(message).route != "crisis", message


@pytest.mark.parametrize("message", HANDOFFS)
def test_rules_alone_see_requests_for_a_person(rules: Router, message: str) -> None:
    assert rules.decide(message).route == "handoff", message


def test_a_pattern_needs_every_group_and_none_of_the_excluded() -> None:
    pattern = Pattern.parse([["lyö*"], ["minua", "mua"], ["-muita"]])
    hit = Words(forms=frozenset({"lyö", "mua"}), written=frozenset({"lyö", "mua"}), first=frozenset({"lyö"}))
    excluded = Words(forms=hit.forms | {"muita"}, written=hit.written | {"muita"}, first=hit.first)
    half = Words(forms=frozenset({"lyö"}), written=frozenset({"lyö"}), first=frozenset({"lyö"}))
    assert pattern.matches(hit) and not pattern.matches(excluded) and not pattern.matches(half)


def test_term_kinds_parse() -> None:
    assert Term.parse("^mikä") == Term("mikä", prefix=False, first_word=True, written_only=False)
    assert Term.parse("=yksin") == Term("yksin", prefix=False, first_word=False, written_only=True)
    assert Term.parse("lyö*") == Term("lyö", prefix=True, first_word=False, written_only=False)


class _Calm:
    """A model that finds every message wholly unlike a crisis (probability 0.005)."""

    def predict(self, text: str, vector: object) -> Prediction:
        return Prediction({"crisis": 0.005, "handoff": 0.005, "out_of_scope": 0.01, "answer": 0.98}, ())


def test_a_situation_rule_the_model_calls_calm_gives_the_notice_not_the_crisis_route(analyzer: Analyzer) -> None:
    """'Alone' beside a child word is a situation everyday questions share: with the model far below the rule
    floor it is an answer with 112 on top (the notice). A rule naming violence keeps the crisis route."""
    router = Router(analyzer, Lexicon.load(), model=_Calm())
    everyday = router.decide("Onko jotain kerhoa, ettei tarvitsisi olla vauvan kanssa yksin kotona koko päivää?")
    assert rules_hit(analyzer, "lapsi on yksin kotona ja itkee")
    assert (everyday.route, everyday.safety) in {("answer", "notice"), ("answer", "none")}
    left = router.decide("lapsi on yksin kotona ja itkee")
    assert (left.route, left.safety) == ("answer", "notice")
    # Nothing says 'now' and the rule is the child-danger one: the quiet notice (one 112 line under the answer).
    assert left.quiet and everyday.quiet == (everyday.safety == "notice")
    assert not router.decide("lapsi jäi yksin kotiin nyt enkä pääse sinne").quiet
    assert router.decide("Mistä saan apua, jos puoliso lyö minua?").route == "crisis"


@pytest.mark.parametrize(
    "message",
    [
        # Written for this test: the writer's own loneliness beside a child word, not a child left alone.
        "Mä oon päivät yksin kotona vauvan kaa, onko jotain vauvaryhmää?",
        "We feel alone, our child was just diagnosed. Is there a parents' group?",
        "Jag känner mig ensam, barnet sover aldrig. Finns det en grupp för föräldrar?",
    ],
)
def test_the_writers_own_loneliness_is_no_child_left_alone(analyzer: Analyzer, message: str) -> None:
    assert not rules_hit(analyzer, message)


@pytest.mark.parametrize(
    "message",
    ["lapsi on yksin kotona ja itkee", "the kids are left alone every night", "barnen är ensamma hemma hela natten"],
)
def test_a_child_left_alone_still_hits_the_rule(analyzer: Analyzer, message: str) -> None:
    assert rules_hit(analyzer, message)


def rules_hit(analyzer: Analyzer, message: str) -> bool:
    return Router(analyzer, Lexicon.load(), model=None).decide(message).route == "crisis"


class _Unsure:
    """A model a little worried about poisoning: above the notice threshold, below the crisis one."""

    def predict(self, text: str, vector: object) -> Prediction:
        routes = {"crisis": 0.125, "handoff": 0.005, "out_of_scope": 0.01, "answer": 0.86}
        return Prediction(routes, (("poisoning", 0.9),))


def test_a_notice_keeps_apart_the_lines_the_rules_found_from_the_models_guess(analyzer: Analyzer) -> None:
    """The answer under a notice shows as a card only the 24/7 line a rule found (the model's guess put the poison
    line beside a husband's drinking); the crisis route keeps every line."""
    router = Router(analyzer, Lexicon.load(), model=_Unsure())
    worry = router.decide("miehen juominen huolettaa, lapset pieniä")
    assert (worry.route, worry.safety) == ("answer", "notice")
    assert "myrkytystietokeskus" in worry.services and "myrkytystietokeskus" not in worry.rule_services
    swallowed = Router(analyzer, Lexicon.load(), model=None).decide("lapsi nielaisi pesuainetta")
    assert swallowed.route == "crisis" and "myrkytystietokeskus" in swallowed.rule_services


class _Slightly:
    """A model that finds a message very unlike a crisis, but not wholly (probability 0.05)."""

    def predict(self, text: str, vector: object) -> Prediction:
        return Prediction({"crisis": 0.05, "handoff": 0.005, "out_of_scope": 0.01, "answer": 0.935}, ())


def test_the_rule_floor_is_read_from_thresholds_and_vetoes_a_situation_rule_at_005(analyzer: Analyzer) -> None:
    """The floor (0.08 from 2026-11-29: no crisis of the router's data lost out of fold, 16 rule false alarms fewer
    than at 0.02) lets a model at 0.05 turn a child-danger rule hit into the notice; violence words keep the crisis."""
    assert Thresholds.load().rule_floor == 0.08
    router = Router(analyzer, Lexicon.load(), model=_Slightly(), thresholds=Thresholds.load())
    assert router.decide("lapsi on yksin kotona ja itkee").route == "answer"
    assert router.decide("Mistä saan apua, jos puoliso lyö minua?").route == "crisis"


def test_an_everyday_question_before_a_danger_told_now_does_not_make_the_danger_a_topic(analyzer: Analyzer) -> None:
    """Whether a message asks about the topic or speaks of the past is read from the first sentence the crisis rules
    match on its own: 'haluaisin kysyä' and 'etukäteen' in a question about a club that comes first do not let the
    model (0.05, below the rule floor) veto violence words told after it. Said in the same sentence, they still do."""
    router = Router(analyzer, Lexicon.load(), model=_Slightly(), thresholds=Thresholds.load())
    danger = (
        "Moi, haluaisin kysyä pitääkö perhekerhoon ilmoittautua etukäteen. Toinen juttu: exä seisoo nyt oven takana, "
        "potkii ovea ja uhkaa lyödä mua."
    )
    assert router._reading(danger).about is False
    assert router.decide(danger).route == "crisis"
    past = "Pitääkö perhekerhoon ilmoittautua? Exä uhkaili ja löi mua vuosia sitten, nyt asun lasten kanssa muualla."
    assert router._reading(past).about is True
    assert router.decide(past).route == "answer"
    # One sentence: the question and the harm are read together, as before.
    assert router._reading("Kysyisin, miten puhua lapselle siitä että isä löi äitiä.").about is True


class _AsksAbout:
    """A model that reads a message as a question (handoff probability 0.14)."""

    def predict(self, text: str, vector: object) -> Prediction:
        return Prediction({"crisis": 0.001, "handoff": 0.14, "out_of_scope": 0.01, "answer": 0.849}, ())


def test_handoff_words_need_the_models_support_of_02(analyzer: Analyzer) -> None:
    """'...wants to chat with someone. Is there a chat for children?' has the words of a request for a person, but the
    model at 0.14 reads a question about a service: below handoff_rule_support (0.2 from 2026-11-29) it is answered."""
    assert Thresholds.load().handoff_rule_support == 0.2
    router = Router(analyzer, Lexicon.load(), model=_AsksAbout(), thresholds=Thresholds.load())
    message = "My son is 12 and says he would like to talk to someone. Is there a phone line for kids?"
    assert Router(analyzer, Lexicon.load(), model=None).decide(message).route == "handoff"  # the words alone
    assert router.decide(message).route == "answer"


class _Calm:
    """A model that finds a message wholly unlike a crisis (probability 0.01)."""

    def predict(self, text: str, vector: object) -> Prediction:
        return Prediction({"crisis": 0.01, "handoff": 0.005, "out_of_scope": 0.01, "answer": 0.975}, ())


def test_in_a_message_about_small_children_only_the_model_vetoes_violence_words(analyzer: Analyzer) -> None:
    """Below small_child_floor (0.05 from 2026-11-30: no crisis of the router's data lost out of fold, the lowest
    at 0.44) a violence rule hit in a message whose children are all 7 or younger gets the notice, not the crisis
    route: a tantrum is no assault. Without an age, or with an older child, the violence words keep the crisis."""
    assert Thresholds.load().small_child_floor == 0.05
    router = Router(analyzer, Lexicon.load(), model=_Calm(), thresholds=Thresholds.load())
    tantrum = router.decide("meidän 4-vuotias lyö mua aina kun ei saa karkkia, mitä tehdä")
    assert (tantrum.route, tantrum.safety) == ("answer", "notice")
    assert tantrum.quiet  # 112 in one line under the answer, no Nollalinja or shelter cards
    assert router.decide("Mistä saan apua, jos puoliso lyö minua?").route == "crisis"
    assert router.decide("meidän 14-vuotias lyö mua aina kun ei saa rahaa").route == "crisis"
    assert rules_hit(analyzer, "meidän 4-vuotias lyö mua aina kun ei saa karkkia, mitä tehdä")  # the words alone


class _Sure:
    """A model sure of a crisis (probability 0.7), as the learned router was of an exhausted parent's message."""

    def predict(self, text: str, vector: object) -> Prediction:
        return Prediction({"crisis": 0.7, "handoff": 0.01, "out_of_scope": 0.01, "answer": 0.28}, (("self_harm", 0.6),))


@pytest.mark.parametrize(
    ("message", "everyday"),
    [
        ("mun 2v ei nuku yöllä ja mä oon ihan loppu", True),
        ("vauva itkee joka ilta tuntikausia ja oon ihan puhki", True),
        ("helt slut, vår ettåring vaknar fem gånger varje natt", True),
        ("so exhausted, the baby cries all night every night", True),
        # danger words keep a sure crisis sure
        ("vauva ei nuku ja oon ihan loppu, pelkään et satutan sitä", False),
        ("so tired of the baby crying, I have my pills ready tonight", False),
        ("oon ihan loppu, vauva ei nuku enkä jaksa enää", False),
        # no child's sleep, crying or eating: no everyday strain
        ("oon ihan loppu enkä tiedä mitä teen", False),
    ],
)
def test_everyday_strain_makes_a_crisis_only_the_model_saw_unsure(
    analyzer: Analyzer, message: str, everyday: bool
) -> None:
    """A parent worn out by a child's sleep or crying, with no word of fear, harm, medicines or farewell: the model's
    crisis stays the crisis route but is marked everyday (the engine then answers under 112). A crisis rule's hit is
    never everyday."""
    decision = Router(analyzer, Lexicon.load(), model=_Sure(), thresholds=Thresholds.load()).decide(message)
    assert decision.route == "crisis"
    assert decision.everyday is everyday
    shaken = Router(analyzer, Lexicon.load(), model=_Sure()).decide("vauva itkee koko yön, oon loppu ja ravistin sitä")
    assert shaken.route == "crisis" and not shaken.everyday


def test_an_everyday_crisis_is_answered_under_112_and_a_follow_up_is_not_kept_in_danger(assistant: Assistant) -> None:
    message = "mun 2v ei nuku yöllä ja mä oon ihan loppu"
    first = assistant.ask(message)
    assert first.route == "crisis" and not first.sure
    assert "112" in first.reply.splitlines()[0] and t("crisis_unsure_answer", "fi") in first.reply
    assert "neuvola" in {s["id"] for s in first.services}
    assert not {s["id"] for s in first.services} & {"hatanumero-112", "sosiaalipaivystys"}
    follow = assistant.ask("onks neuvolassa iltavastaanottoa?", [message])
    assert follow.route == "answer"


def test_a_life_threatening_sign_gets_112_alone_and_the_models_medical_guess_keeps_the_helpline(
    analyzer: Analyzer,
) -> None:
    """116117 is for illness that is not life-threatening: beside 112 under an unconscious parent it could hold up
    the call (a tune-role rater, 2026-12-03). A fever only the model reads as medical keeps it."""
    router = Router(analyzer, Lexicon.load(), model=None)
    unconscious = router.decide("isä on tajuton keittiön lattialla eikä vastaa")
    assert unconscious.route == "crisis" and unconscious.kinds == ("medical",)
    assert unconscious.services == ("hatanumero-112",) and unconscious.rule_services == ("hatanumero-112",)
    assert router._lines(("medical",)) == ("hatanumero-112", "paivystysapu-116117")
    assert router._lines(("medical",), ("medical",)) == ("hatanumero-112",)
    # Another kind read beside it keeps its own line (a child left alone: the social emergency service).
    assert router._lines(("medical", "child_danger"), ("medical",)) == ("hatanumero-112", "sosiaalipaivystys")


def test_each_kind_read_gets_its_first_line_before_any_kind_gets_its_second(analyzer: Analyzer) -> None:
    # Violence and harm to a child read together: the first three lines were 112 and two shelters.
    router = Router(analyzer, Lexicon.load(), model=None)
    assert router._lines(("violence", "harm_to_child"))[:3] == ("hatanumero-112", "nollalinja", "sosiaalipaivystys")
    assert router._lines(("self_harm",)) == ("hatanumero-112", "mieli-kriisipuhelin")


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("moi, vauva ei nuku", "vauva ei nuku"),
        ("Hei! Meidän 3v ei syö", "Meidän 3v ei syö"),
        ("heippa hei, lapsi ei syö", "lapsi ei syö"),
        ("hejsan! barnet sover inte", "barnet sover inte"),
        ("Hyvää päivää. Olen isoäiti", "Olen isoäiti"),
        ("moi", "moi"),  # nothing else left: the greeting stays
        ("Heidän lapsensa ei nuku", "Heidän lapsensa ei nuku"),  # not a greeting
        ("terveydenhoitaja soitti", "terveydenhoitaja soitti"),
    ],
)
def test_the_model_reads_a_message_without_the_greetings_it_opens_with(text: str, read: str) -> None:
    assert without_greeting(text) == read


def test_a_greeting_does_not_make_a_short_everyday_message_a_crisis(assistant: Assistant) -> None:
    """Short crises that open with 'moi' taught the model that 'moi' in a short message is alarming: "hei, lapsi ei
    syö" read 0.54 and "lapsi ei syö" 0.04 (a user trial's "moi, vauva ei nuku" got the emergency reply alone). The
    router reads both the same now; a crisis with a greeting stays one."""
    router = assistant.router

    def crisis(text: str) -> float:
        return router.decide(text, assistant._embed(without_greeting(text))).scores["crisis"]

    assert abs(crisis("hei, lapsi ei syö") - crisis("lapsi ei syö")) < 0.01
    assert crisis("hei, lapsi ei syö") < 0.13
    assert assistant.ask("moi, mun vauva ei hengitä").route == "crisis"


class _OffTopicAlone:
    """A model that reads a message alone as off-topic at ``alone`` and, read after the turn before it, in scope."""

    def __init__(self, alone: float) -> None:
        self.alone = alone

    def predict(self, text: str, vector: object) -> Prediction:
        off = 0.03 if text.startswith("mun isä juo") else self.alone
        return Prediction({"crisis": 0.01, "handoff": 0.01, "out_of_scope": off, "answer": 0.98 - off}, ())


@pytest.mark.parametrize(("alone", "route"), [(0.55, "answer"), (0.95, "out_of_scope")])
def test_a_message_going_on_from_the_turn_before_is_off_topic_only_if_the_model_alone_is_sure(
    analyzer: Analyzer, alone: float, route: str
) -> None:
    """A message that is no follow-up, read off-topic by the model alone but unsure (below UNSURE_OFF_TOPIC), is read
    with the family's previous message too ('a place online to write without my name' after a drinking father); one
    the model alone is sure of stays off-topic whatever came before (a hockey question after a question on cafés)."""
    router = Router(analyzer, Lexicon.load(), model=_OffTopicAlone(alone), thresholds=Thresholds.load())
    message = "onks joku sivu mihin vois kirjottaa nimettömänä"
    assert router.decide(message).route == "out_of_scope"  # alone
    decision = router.decide(message, history=[], context_vector=None, before="mun isä juo joka ilta")
    assert decision.route == route


@pytest.mark.parametrize(
    "message", ["pelkään et mä lyön mun lasta kohta, en jaksa enää", "Pelkään että ravistan vauvaa jos se ei lopeta"]
)
def test_a_parent_afraid_of_hurting_their_child_gets_the_lines_for_that_not_the_shelters(
    rules: Router, message: str
) -> None:
    # Nollalinja and the shelters are for those who suffer violence; the writer here fears being the one who hurts.
    decision = rules.decide(message)
    assert decision.route == "crisis" and decision.kinds == ("harm_to_child",)
    assert decision.services[:2] == ("hatanumero-112", "sosiaalipaivystys")
    assert "nollalinja" not in decision.services


def test_a_child_hit_by_someone_else_keeps_the_violence_lines(rules: Router) -> None:
    decision = rules.decide("Pelkään että isäpuoli lyö lasta taas tänä iltana")
    assert "violence" in decision.kinds and "nollalinja" in decision.services


def test_a_writer_who_thinks_of_killing_themself_gets_the_crisis_line_not_the_violence_lines(rules: Router) -> None:
    # 'tappaisin itteni' beside 'isän' read as someone killing the father: Nollalinja and the shelters came first.
    decision = rules.decide("mietin koko yön miten tappaisin itteni, isän unilääkkeet on tossa pöydällä")
    assert decision.route == "crisis" and decision.kinds == ("self_harm",)
    assert decision.services == ("hatanumero-112", "mieli-kriisipuhelin")
    assert "violence" in rules.decide("exä uhkaa tappaa mut ja itsensä").kinds


def test_a_child_being_hit_brings_the_social_emergency_service_beside_the_violence_lines(rules: Router) -> None:
    decision = rules.decide("seinän takaa kuuluu kun joku hakkaa lasta, se itkee ja huutaa")
    assert {"violence", "child_danger"} <= set(decision.kinds)
    assert decision.services[:3] == ("hatanumero-112", "nollalinja", "sosiaalipaivystys")


@pytest.mark.parametrize(
    "message",
    [
        "avomies löi mua eilen ja pelkään mennä kotiin lasten kanssa",
        "Min sambo slår mig och jag är rädd för vad som händer med barnen",
    ],
)
def test_a_parent_who_is_hit_and_fears_for_the_children_gets_the_shelter_among_the_first_lines(
    rules: Router, message: str
) -> None:
    # Her fear for the children is not the fear of hurting them (harm_to_child), whose lines pushed the shelter out.
    decision = rules.decide(message)
    assert decision.kinds == ("violence",)
    assert decision.services[:3] == ("hatanumero-112", "nollalinja", "rovaniemen-turvakoti")
