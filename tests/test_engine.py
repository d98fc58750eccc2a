"""The assistant end to end on the real corpus and index: every route, languages, follow-ups, failure modes."""

from __future__ import annotations

import dataclasses
import re
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from assistant import engine
from assistant.api.triage import Triage
from assistant.config import Settings
from assistant.curated import (
    ADULT_PENALTY,
    AGE_PENALTY,
    MATERIAL_PENALTY,
    NEED_BONUS,
    NEED_OWN_BONUS,
    PROFESSIONAL_BONUS,
    TOPIC_AGE_PENALTY,
    WRITER_PENALTY,
    YOUTH_BONUS,
)
from assistant.engine import GENERAL_LINE, UNSURE_CRISIS, Assistant
from assistant.errors import InputError
from assistant.evaluation.replies import language_checks
from assistant.factory import make_assistant
from assistant.i18n import emergency_line, other_language_line, t
from assistant.router import RouteDecision
from assistant.text import detect_language
from assistant.text.audience import read_audience
from tests.conftest import CORPUS
from ui.render import response_html

pytestmark = pytest.mark.integration

MARKER = re.compile(r"\[\d+\]")
CITED_LINE = re.compile(r"(?P<sentence>.+) \[(?P<number>\d+)\]")


def test_answer_has_cited_reply_sources_services_and_a_person(assistant: Assistant) -> None:
    result = assistant.ask("Onko Rovaniemellä perhekahviloita?")
    assert result.route == "answer" and result.lang == "fi"
    assert "[1]" in result.reply or "[2]" in result.reply
    assert result.sources and all(s.chunk.text for s in result.sources)
    meeting_places = {"mll-perhekahvilat", "seurakunnan-vauvakahvila", "seurakunnan-perhekerhot", "avoin-paivakoti"}
    assert meeting_places & {s["id"] for s in result.services}
    assert len(result.services) <= 3
    assert {o["id"] for o in result.handoff["options"]} == {"pyyda-apua", "apua-huoliin-chat"}


def _check_reply_lines(assistant: Assistant, result: object) -> int:
    """Every line of an answer is a template, a curated answer's own text, or one sentence cited as ' [n]' that
    stands in source n. Returns the number of cited lines."""
    lang = result.lang  # type: ignore[attr-defined]
    templates = {
        t("found_intro", lang),
        t("source_in_finnish", lang),
        t("quote_intro", lang),
        t("quote_in_finnish", lang),
        "",
    }
    curated = {" ".join(a.answer.get(lang, plain).split()) for a in assistant.corpus.answers for plain in (False, True)}
    cited = 0
    for line in result.reply.splitlines():  # type: ignore[attr-defined]
        if not MARKER.search(line):
            assert line in templates or line in curated, line
            continue
        match = CITED_LINE.fullmatch(line)
        assert match is not None, f"a citation must be one ' [n]' at the end of its line: {line!r}"
        number = int(match["number"])
        sources = result.sources  # type: ignore[attr-defined]
        assert 1 <= number <= len(sources), f"[{number}] names no source: {line!r}"
        assert match["sentence"] in sources[number - 1].chunk.text, line
        cited += 1
    return cited


def test_every_reply_line_is_curated_from_the_sources_or_a_template(assistant: Assistant) -> None:
    for question in ("Mitä Motti-työryhmä tekee?", "Mitä tarkoittaa kaveritaidot ja miten niitä harjoitellaan?"):
        result = assistant.ask(question)
        assert result.route == "answer"
        _check_reply_lines(assistant, result)


def test_a_curated_answer_is_the_reply_in_the_question_language(assistant: Assistant) -> None:
    # Two answers are about the Motti group (what it is, how a meeting comes about); either is an answer to what
    # it does, and either must come in the question's language.
    mottis = [a for a in assistant.corpus.answers if a.id in ("motti", "motti-miten")]
    fi = assistant.ask("mikä on motti ja mitä siellä tehdään")
    assert any(fi.reply.startswith(" ".join(a.answer.fi.split())) for a in mottis)
    sv = assistant.ask("Vad gör Motti-gruppen för barn under skolåldern?")
    assert sv.lang == "sv" and any(sv.reply.startswith(" ".join(a.answer.sv.split())) for a in mottis)
    en = assistant.ask("What does the Motti team do for small children?")
    assert en.lang == "en" and any(en.reply.startswith(" ".join(a.answer.en.split())) for a in mottis)
    # The sources start with what the answer cites; the cards are in the question's language.
    cited = {t for a in mottis for t in a.cites.handbook}
    assert sv.sources[0].chunk.title in cited or sv.sources[0].chunk.doc != "handbook"
    assert sv.services and all(card["name"] == assistant.corpus.service(card["id"]).name.sv for card in sv.services)


def test_plain_mode_changes_the_reply(assistant: Assistant) -> None:
    normal = assistant.ask("mikä on motti ja mitä siellä tehdään")
    motti = next(a for a in assistant.corpus.answers if normal.reply.startswith(" ".join(a.answer.fi.split())))
    plain = assistant.ask("mikä on motti ja mitä siellä tehdään", plain=True)
    assert motti.id in ("motti", "motti-miten")
    assert plain.reply == " ".join(motti.answer.plain.split())
    assert plain.reply != normal.reply


def test_an_everyday_worry_gets_everyday_services_not_emergency_cards(assistant: Assistant) -> None:
    result = assistant.ask("meidän taapero heräilee monta kertaa yössä, mistä saisi neuvoja uniasioihin?")
    assert result.route == "answer" and result.safety == "none"
    ids = [card["id"] for card in result.services]
    assert not any(card["urgent"] for card in result.services), ids
    assert {"neuvola", "kasvatus-ja-perheneuvonta", "mll-vanhempainpuhelin"} & set(ids), ids


# Services kept for some needs only (services.yaml ``fits.only_with``): shelters, crisis lines, child protection.
ALARMING = {
    "rovaniemen-turvakoti",
    "turvakotien-yhteystiedot",
    "nollalinja",
    "lastensuojelu",
    "sosiaalipaivystys",
    "lapin-ensikoti-vauvaperhetyo",
    "marak",
    "hatanumero-112",
}


def test_cards_fit_the_age_of_the_child_asked_about(assistant: Assistant) -> None:
    """Raters found baby groups under questions about a two- or three-year-old misleading."""
    corpus = assistant.corpus
    assert corpus is not None
    for question in (
        "Meidän 2-vuotias on kotona, missä voisi käydä leikkimässä muiden lasten kanssa?",
        "Min treåring är hemma med mig, finns det träffar för småbarnsfamiljer?",
    ):
        result = assistant.ask(question)
        assert result.services, question
        for card in result.services:
            service = corpus.service(card["id"])
            assert service is not None
            ages = service.fits.ages
            assert ages is None or ages[0] <= 3 and ages[1] >= 2, (question, card["id"], ages)


def test_everyday_worries_get_no_shelter_child_protection_or_crisis_cards(assistant: Assistant) -> None:
    for question in (
        "lapsi ei nuku yöllä ja mä oon ihan väsynyt",
        "Meillä on vauva ja mietin, mihin ryhmiin voisi mennä",
        "Ollaan riidelty miehen kanssa paljon, mistä saa keskusteluapua?",
    ):
        result = assistant.ask(question)
        assert result.route == "answer" and result.safety == "none", question
        ids = {card["id"] for card in result.services}
        assert not ids & ALARMING, (question, ids)


def test_a_lonely_parent_gets_112_in_one_line_under_the_answer_not_on_top(assistant: Assistant) -> None:
    """'Alone' beside a child word fires the child-danger rule; the model finds the message wholly unlike a
    crisis: the answer comes first, 112 in one line at the end, and no emergency cards."""
    result = assistant.ask("Lapset on isällään viikonloput ja mä oon ihan yksin, onko jotain vertaistukea?")
    assert result.route == "answer" and result.safety == "notice"
    assert not result.reply.startswith(t("safety_notice", "fi"))
    assert result.reply.rstrip().endswith(t("safety_footer", "fi"))
    assert not any(card["urgent"] for card in result.services)
    # A child alone now is still the crisis route.
    assert assistant.ask("3-vuotias jäi yksin kotiin enkä pääse sinne").route == "crisis"


def test_a_question_about_a_shelter_itself_still_gets_its_card(assistant: Assistant) -> None:
    for question in ("Onko Rovaniemellä turvakotia?", "Is there a women's shelter in Rovaniemi?"):
        ids = [card["id"] for card in assistant.ask(question).services]
        assert "rovaniemen-turvakoti" in ids or "turvakotien-yhteystiedot" in ids, (question, ids)


def test_an_answers_own_crisis_services_need_a_question_about_them(assistant: Assistant) -> None:
    """A curated answer's own shelter or child-protection card stands under it only when the question is about
    that need or names the service; its everyday services always do."""
    ranker, analyzer, needs = assistant.ranker, assistant.analyzer, assistant.needs
    assert ranker is not None and needs is not None

    def rule(question: str):  # type: ignore[no-untyped-def]
        terms = analyzer.terms(question)
        vector = assistant._embed(question)
        _, need_rule = ranker.rank_and_rule(terms, vector, [], needs=needs.match(terms, vector), asked=terms)
        return need_rule

    cafe = rule("Pitääkö perhekahvilaan ilmoittautua etukäteen?")
    assert not cafe("rovaniemen-turvakoti") and not cafe("lastensuojelu")
    assert cafe("paihdelinkki") and cafe("mll-perhekahvilat")
    assert rule("Onko Rovaniemellä turvakotia?")("rovaniemen-turvakoti")


def test_a_young_peoples_chat_is_not_suggested_to_a_parent_by_ranking(assistant: Assistant) -> None:
    ranker = assistant.ranker
    assert ranker is not None
    parent = read_audience("Poikani on 10-vuotias ja häntä kiusataan koulussa, mitä voin tehdä?")
    young = read_audience("oon 14 ja mua kiusataan koulussa")
    assert not ranker.fits("apuu-chat", parent, set(), set())
    assert ranker.fits("apuu-chat", young, set(), set())
    assert not ranker.fits("mll-vanhempainpuhelin", young, set(), set())
    assert ranker.fits("mll-vanhempainpuhelin", parent, set(), set())
    # Named in the question, a service fits whoever asks.
    assert ranker.fits("apuu-chat", parent, set(), ranker.named(["mikä", "on", "apuu", "chat"]))


def test_a_name_of_the_material_draws_no_need_and_no_cards_by_resemblance(assistant: Assistant) -> None:
    """Vakkanen is a working group the catalogue has no service for: no need, and no card that is only close in
    meaning (the nearest services by meaning were a shelter and a chat, at cosine 0.79)."""
    result = assistant.ask("Mikä on Vakkanen?")
    assert result.route == "answer" and "Vakkanen" in result.reply
    assert result.needs == []
    ids = [card["id"] for card in result.services]
    assert not {"lapin-ensi-ja-turvakoti-avopalvelu", "apuu-chat"} & set(ids), ids
    assert not any(card["urgent"] for card in result.services), ids


def test_the_questions_need_counts_for_the_answers_that_serve_it(assistant: Assistant) -> None:
    """An answer whose services serve the question's closest need scores higher by NEED_BONUS x the share of its
    services that serve it; without a need nothing changes."""
    curated, needs, analyzer = assistant.curated, assistant.needs, assistant.analyzer
    assert curated is not None and needs is not None
    question = "3-vuotias heräilee öisin monta kertaa ja olemme väsyneitä, keneltä kysyä neuvoa"
    terms, vector = analyzer.terms(question), assistant._embed(question)
    need = needs.match(terms, vector)[0]
    without = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi")}
    with_need = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi", need)}
    assert set(without) == set(with_need)
    for answer_id, candidate in with_need.items():
        services = candidate.answer.cites.services
        share = len(set(need.services) & set(services)) / len(services) if services else 0.0
        assert candidate.features["need_agreement"] == pytest.approx(share)
        own = answer_id == f"need-{need.id}"
        assert candidate.features["need_own"] == float(own)
        gained = curated._rule_score(candidate) - curated._rule_score(without[answer_id])
        assert gained == pytest.approx(NEED_BONUS * share + NEED_OWN_BONUS * own)
    assert any(c.features["need_agreement"] > 0 for c in with_need.values())
    assert f"need-{need.id}" in with_need, need.id  # the need's own answer is among the candidates here


def test_an_everyday_question_never_gets_an_answer_about_an_emergency_service(assistant: Assistant) -> None:
    """A calm question sharing words with an emergency (a picky eater and a child who ate something) is not
    answered with the answer about that emergency service; a question that asks about the service still is."""
    curated = assistant.curated
    assert curated is not None
    for question in (
        "taapero syö vain leipää ja pastaa, pitäiskö huolestua vai soittaa jonnekin?",
        "poika 4v syö tosi vähän, pitääks soittaa jonnekin",
        "2-vuotias raivoaa iltaisin ja heittäytyy lattialle, onko normaalia vai pitääkö soittaa jonnekin",
    ):
        calm = assistant.ask(question)
        assert calm.route == "answer" and calm.safety == "none", question
        assert "0800 147 111" not in calm.reply, question  # the poison line's number
        assert not any(card["urgent"] for card in calm.services), question
    asked = assistant.ask("Mikä on Myrkytystietokeskuksen numero?")
    assert "0800 147 111" in asked.reply


def test_a_young_writer_counts_for_the_answers_with_services_for_young_people(assistant: Assistant) -> None:
    """A young person writing about themself adds YOUTH_BONUS x the share of an answer's services that young
    people contact themselves (fits.users: nuoret); a parent's question adds nothing."""
    curated, analyzer = assistant.curated, assistant.analyzer
    assert curated is not None
    youth_ids = {s.id for s in assistant.corpus.services if s.fits.users == "nuoret"}
    question = "oon 15 ja tuntuu ettei kukaan kuuntele mua, kenelle voisin puhua"
    terms, vector = analyzer.terms(question), assistant._embed(question)
    plain = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi")}
    young = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi", youth=True)}
    # With a young writer the classifier leaves out answers written to parents, so its own extra candidates may differ
    # (with pyvoikko's analyses they did): the answers both lists hold are compared.
    shared = young.keys() & plain.keys()
    assert len(shared) >= len(young) - 2
    for answer_id in shared:
        candidate = young[answer_id]
        services = candidate.answer.cites.services
        share = sum(1 for sid in services if sid in youth_ids) / len(services) if services else 0.0
        assert candidate.features["youth_services"] == pytest.approx(share)
        assert plain[answer_id].features["youth_services"] == 0.0
        gained = curated._rule_score(candidate) - curated._rule_score(plain[answer_id])
        parents = candidate.answer.speaks_to in ("parent", "professional")
        assert gained == pytest.approx(YOUTH_BONUS * share - WRITER_PENALTY * parents)
    assert any(c.features["youth_services"] > 0 for c in young.values())


def test_an_answer_written_to_the_other_kind_of_writer_loses_the_writer_penalty(assistant: Assistant) -> None:
    """corpus/answers.yaml says who an answer speaks to: a young person writing about themself is not given an answer
    written to parents ('Vanhempana…'), nor a parent one written to a young person."""
    curated, analyzer = assistant.curated, assistant.analyzer
    assert curated is not None
    question = "mun äiti juo melkein joka viikonloppu ja sit se huutaa, mä oon 14. kelle vois puhua"
    audience = read_audience(question)
    assert audience.youth and not audience.parent
    terms, vector = analyzer.terms(question), assistant._embed(question)
    for writer in ({"youth": True}, {"adult": True}):
        plain = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi")}
        read = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi", **writer)}
        other = ("parent" if "youth" in writer else "young", "professional")
        mismatched = [a for a in read.keys() & plain.keys() if read[a].answer.speaks_to == other[0]]
        assert mismatched, writer
        for answer_id in read.keys() & plain.keys():
            candidate = read[answer_id]
            assert candidate.features["writer_mismatch"] == float(candidate.answer.speaks_to in other)
            lost = curated._rule_score(plain[answer_id]) - curated._rule_score(candidate)
            own = (
                YOUTH_BONUS * candidate.features["youth_services"]
                - ADULT_PENALTY * candidate.features["adult_youth_services"]
            )
            assert lost == pytest.approx(WRITER_PENALTY * (candidate.answer.speaks_to in other) - own)
    # A relative is not the parent either.
    relative = "Jag är farmor. Min sons familj har två små barn och de orkar inte längre, hur kan jag stödja dem?"
    assert read_audience(relative).relative
    terms_r, vector_r = analyzer.terms(relative), assistant._embed(relative)
    read = {c.answer.id: c for c in curated.candidates(terms_r, vector_r, [], "sv", adult=True, relative=True)}
    assert any(c.features["writer_mismatch"] for c in read.values() if c.answer.speaks_to == "parent")
    assert all(c.features["writer_mismatch"] == float(c.answer.speaks_to != "anyone") for c in read.values())
    # Without the penalty this young writer got the answer written to separating parents about their child.
    reply = assistant.ask("olen 15 ja vanhemmat eroaa, mua ahdistaa")
    to_parents = [a for a in assistant.corpus.answers if a.speaks_to == "parent"]
    assert reply.route == "answer" and not any(a.answer.fi.split(".")[0] in reply.reply for a in to_parents)


def test_a_worker_writing_in_their_role_gets_the_answer_written_to_professionals(assistant: Assistant) -> None:
    """A child-health nurse asking what the family centre means in her work is answered with what it means to
    professionals (consultation, work pairs, multi-professional teams), not with what it means to a family; an
    answer written to a parent about their own child loses the writer penalty, one written to professionals gains
    PROFESSIONAL_BONUS, and a parent writing meets the professionals' answers with the penalty."""
    curated, analyzer = assistant.curated, assistant.analyzer
    assert curated is not None
    question = "Olen koulun terveydenhoitaja. Mitä perhekeskus merkitsee minulle työntekijänä?"
    assert read_audience(question).professional
    terms, vector = analyzer.terms(question), assistant._embed(question)
    plain = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi")}
    worker = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi", professional=True)}
    parent = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi", adult=True)}
    assert any(c.answer.speaks_to == "professional" for c in worker.values())
    for answer_id in plain.keys() & worker.keys() & parent.keys():
        speaks_to = worker[answer_id].answer.speaks_to
        change = curated._rule_score(worker[answer_id]) - curated._rule_score(plain[answer_id])
        mismatch = speaks_to in ("parent", "young")
        expected = PROFESSIONAL_BONUS * (speaks_to == "professional") - WRITER_PENALTY * mismatch
        assert change == pytest.approx(expected), answer_id
        if speaks_to == "professional":
            assert parent[answer_id].features["writer_mismatch"] == 1.0
    reply = assistant.ask(question)
    to_workers = [a for a in assistant.corpus.answers if a.speaks_to == "professional"]
    assert reply.route == "answer"
    assert any(s.strip() in reply.reply for a in to_workers for s in a.answer.fi.split(". ")[:2]), reply.reply


def test_a_request_for_a_person_shows_the_cards_of_the_situation_it_describes(assistant: Assistant) -> None:
    """The person is the answer: the form's card comes first, then where help is for what the family describes
    (three cards at most); a bare request gets the form's card alone."""
    result = assistant.ask("meidän 3-vuotias ei vielä puhu juuri yhtään sanaa, voisiko joku soittaa minulle")
    assert result.route == "handoff"
    ids = [card["id"] for card in result.services]
    assert ids[0] == "pyyda-apua" and "neuvola" in ids and len(ids) <= 3, ids
    assert not any(card["urgent"] for card in result.services), ids
    assert [card["id"] for card in assistant.ask("voisiko joku soittaa minulle").services] == ["pyyda-apua"]


def test_a_follow_up_request_for_a_call_on_a_set_day_is_told_it_cannot_be_promised_and_keeps_the_situation(
    assistant: Assistant,
) -> None:
    """Written for this test. 'Tomorrow' cannot be promised (the form is answered in 1-2 working days), and the
    situation the turn before told gives the cards beside the form's (before: the form's card alone)."""
    history = ["Meidän 8-vuotias ei suostu lähtemään kouluun aamuisin ja itkee vatsakipua"]
    result = assistant.ask("voisiko joku soittaa minulle tästä huomenna?", history=history)
    assert result.route == "handoff"
    assert result.reply.startswith(t("handoff_soon", "fi")), result.reply
    ids = [card["id"] for card in result.services]
    assert ids[0] == "pyyda-apua" and len(ids) > 1 and not any(card["urgent"] for card in result.services), ids
    named = assistant.ask("Voisiko sosiaalityöntekijä ottaa minuun yhteyttä?")
    assert t("handoff_role", "fi") in named.reply


def test_a_curated_answer_about_the_material_itself_gets_no_service_cards(assistant: Assistant) -> None:
    """An answer that names no service answers a question about the material (how the family centre is led):
    the three services the ranking always finds loosely alike are not shown under it."""
    result = assistant.ask("Millä tavalla perhekeskuksen johtaminen on järjestetty?")
    assert result.route == "answer" and "Rohkea" in result.reply
    assert result.services == []


def test_crisis_opens_with_112_and_the_fitting_line(assistant: Assistant) -> None:
    result = assistant.ask("Lapsi joi vahingossa tiskiainetta, mitä teen?")
    assert result.route == "crisis"
    assert "112" in result.reply.splitlines()[0]
    ids = [s["id"] for s in result.services]
    assert ids[0] == "hatanumero-112" and "myrkytystietokeskus" in ids
    assert all(s["urgent"] for s in result.services)
    assert result.handoff["options"]


def test_crisis_in_swedish_and_english_uses_their_templates(assistant: Assistant) -> None:
    sv = assistant.ask("Jag vill inte leva längre")
    assert sv.route == "crisis" and sv.reply.startswith("Om någon är i fara nu, ring genast nödnumret 112")
    en = assistant.ask("My toddler swallowed some pills")
    assert en.route == "crisis" and en.reply.startswith("If someone is in danger now, call the emergency number 112")


def test_unverified_hours_are_never_shown_as_fact(assistant: Assistant) -> None:
    result = assistant.ask("Mun mies lyö mua")
    for card in result.services:
        for channel in card["channels"]:
            if not channel["hours_verified"]:
                assert channel["hours"] is None
    assert "unverified" not in result.reply


def test_the_social_emergency_evening_number_comes_with_its_caveat(assistant: Assistant) -> None:
    # The catalogue knows 040 726 6965 only from a 2020 source, for the hours outside office hours.
    fi = assistant.ask("Naapurin pienet lapset on ollu koko päivän yksin kotona ja toinen itkee parvekkeella")
    assert fi.route == "crisis" and "040 726 6965 (virka-ajan ulkopuolella, ei vahvistettu)" in fi.reply
    en = assistant.ask("The neighbours' small children have been alone all day and one is crying on the balcony")
    assert en.route == "crisis" and "040 726 6965 (outside office hours, not confirmed)" in en.reply


def test_handoff_offers_both_channels(assistant: Assistant) -> None:
    result = assistant.ask("voiko joku soittaa minulle huomenna?")
    assert result.route == "handoff" and result.sources == []
    assert "1–2 arkipäivän" in result.reply
    en = assistant.ask("I'd like to talk to a real person")
    assert en.route == "handoff" and "1–2 working days" in en.reply


def test_out_of_scope_says_what_the_chat_answers_and_offers_a_person_for_the_familys_own_situation(
    assistant: Assistant,
) -> None:
    result = assistant.ask("Millainen keli on huomenna?")
    assert result.route == "out_of_scope" and result.sources == [] and result.services == []
    first, second = result.reply.splitlines()[:2]
    assert first.startswith("Tähän en osaa vastata") and "lapsiperheiden palveluista" in first and "neuvolasta" in first
    # A worker is offered for the family's own situation, not for the weather.
    assert second.startswith("Jos kysymys koskee oman perheesi tilannetta") and "Pyydä apua" in second
    assert result.handoff["options"]


def test_follow_up_uses_the_earlier_turn(assistant: Assistant) -> None:
    alone = assistant.ask("Keitä siihen kuuluu?")
    follow = assistant.ask("Keitä siihen kuuluu?", history=["Mikä on Motti?"])
    assert any("motti" in s.chunk.text.lower() for s in follow.sources[:3])
    assert [s.chunk.id for s in alone.sources] != [s.chunk.id for s in follow.sources]


def test_a_follow_up_asking_for_what_the_material_lacks_is_told_so_before_the_answer(assistant: Assistant) -> None:
    # 'maksaako se?' after a question naming the material is about it (the model reads both as off-topic), and
    # Lanupo's answer says nothing of a cost: the reply says so first, then what the material says.
    follow = assistant.ask("maksaako se?", history=["Mikä on Lanupo?"])
    assert follow.route == "answer"
    first, *rest = follow.reply.splitlines()
    assert first == f"{t('gap_cost', 'fi')} {t('gap_ask', 'fi')}"
    assert "Lanupo" in "\n".join(rest)
    # A follow-up whose answer carries the asked fact gets no such line, in any language.
    carried = assistant.ask("does it cost anything?", history=["What is the Sekasin chat?"])
    assert carried.route == "answer" and "free" in carried.reply
    assert t("gap_cost", "en") not in carried.reply
    # When the catalogue confirms the first card's service is free, that is said instead.
    free = assistant.ask("maksaako se?", history=["meidän 2-vuotias ei nuku öisin"])
    assert free.route == "answer" and free.services and free.services[0]["free"]
    assert free.reply.splitlines()[0] == t("free_lead", "fi").format(name=free.services[0]["name"])
    # A new question that asks the same is answered as itself.
    assert t("gap_cost", "fi") not in assistant.ask("Maksaako perheneuvola?").reply


def test_a_follow_up_naming_nothing_but_what_it_asks_keeps_the_topic_of_the_turn_it_names(assistant: Assistant) -> None:
    # 'och på lördagar?' and 'vad kostar det?' name no topic of their own: they are searched by the first turn, whose
    # answer says the open day care is free, and that sentence comes first (its own words drew a summer-camp answer).
    first = "Finns det öppen verksamhet för småbarn på svenska?"
    alone = assistant.ask(first)
    cost = assistant.ask("vad kostar det?", history=[first, "och på lördagar?"])
    assert cost.route == "answer" and cost.lang == "sv"
    assert {c["id"] for c in cost.services} == {c["id"] for c in alone.services}
    assert "avgiftsfri" in cost.reply.splitlines()[0] and t("gap_cost", "sv") not in cost.reply
    # Out of scope only when the turn it follows is: a weekday after a question about a club is no weather question.
    assert assistant.ask("entä sunnuntaina?", history=["onks isille jotain kerhoa?", "missä"]).route == "answer"
    assert assistant.ask("entä sunnuntaina?", history=["Mikä on huomenna sää?"]).route == "out_of_scope"


def test_a_follow_up_asking_for_the_like_elsewhere_keeps_the_topic_of_an_answered_turn(assistant: Assistant) -> None:
    # Two towns alone look off-topic to the model; asked for the like of an answered turn they are its topic (the
    # answer on how the family centre is led names the south-eastern towns' own family centres).
    like = assistant.ask("löytyykö Posiosta ja Ranualta samanlainen?", history=["Kuka ohjaa perhekeskusta?"])
    assert like.route == "answer" and "Posion" in like.reply.splitlines()[0]
    assert assistant.ask("onko Sodankylässä samanlainen sää?", history=["Mikä sää huomenna on?"]).route == (
        "out_of_scope"
    )


def test_a_relative_worried_about_the_family_is_told_first_the_form_takes_it_on_the_familys_behalf(
    assistant: Assistant,
) -> None:
    worried = assistant.ask("Olen mummo. Tyttäreni vaikuttaa väsyneeltä vauvan kanssa, mistä hän saisi tukea?")
    assert worried.route == "answer" and worried.reply.startswith(t("relative_lead", "fi"))
    assert worried.services[0]["id"] == "pyyda-apua"
    # A parent, or a relative asking about an everyday thing, gets no such line.
    parent = assistant.ask("Olen väsynyt vauvan kanssa, miten saisin tukea?")
    assert t("relative_lead", "fi") not in parent.reply
    summer = assistant.ask("Mummo täällä, onko lapsenlapsille kesällä kerhoja tai leirejä Rovaniemellä?")
    assert t("relative_lead", "fi") not in summer.reply


def test_a_follow_up_naming_nothing_but_what_it_asks_tells_of_no_danger_by_itself(assistant: Assistant) -> None:
    calm = assistant.ask(
        "entä illalla?", history=["mulla on paha olo enkä pysty puhumaan kotona, kenelle voi jutella?"]
    )
    assert calm.route == "answer" and not calm.reply.startswith(t("crisis_intro", "fi"))
    # After danger it asks about the danger: the emergency reply alone, not an everyday answer searched by that turn.
    after = assistant.ask("entä yöllä?", history=["isä lyö äitiä just nyt"])
    assert after.route == "crisis" and after.reply.startswith(t("crisis_intro", "fi"))
    assert "nollalinja" in {c["id"] for c in after.services}
    assert t("crisis_still_answer", "fi") not in after.reply


def test_an_answer_written_for_one_of_the_messages_needs_is_given_without_a_cited_passage(assistant: Assistant) -> None:
    # The sleep need is second here (after a development worry) and retrieval found none of its answer's passages:
    # it used to quote the Päivystysapu 116117 sentence instead.
    sleep = next(a for a in assistant.corpus.answers if a.id == "need-sleep")
    result = assistant.ask("mun 2v ei nuku öisin ja oon ihan poikki")
    assert " ".join(sleep.answer.fi.split()).split(". ")[0] in result.reply
    assert "116117" not in result.reply


def test_a_question_naming_a_service_gets_the_answer_about_that_service(assistant: Assistant) -> None:
    # 'perheneuvola' names the family counselling clinic, not the neuvola clinic its last part names.
    question = "kertoisitteko mikä paikka perheneuvola on"
    own = next(a for a in assistant.corpus.answers if a.id == "svc-perheneuvola-mika-on")
    assert assistant.ask(question).reply.startswith(" ".join(own.answer.fi.split()))
    assert assistant.curated is not None and assistant.ranker is not None
    terms = assistant.analyzer.terms(question)
    named = assistant.ranker.named([*terms, *question.split()])
    assert named == {"kasvatus-ja-perheneuvonta"}
    found = assistant.curated.candidates(terms, assistant._embed(question), [], named=named)
    names_own = {c.answer.id: c.features["names_own"] for c in found}
    assert names_own["svc-perheneuvola-mika-on"] == 1.0
    assert names_own.get("svc-neuvola-mika-on", 0.0) == 0.0


def test_english_answer_is_english_throughout_with_english_cards(assistant: Assistant) -> None:
    result = assistant.ask("Are there family cafés in Rovaniemi?")
    assert result.route == "answer" and result.lang == "en"
    assert all(language_checks(result.reply, "en")), result.reply
    assert "(in Finnish)" not in result.reply
    assert assistant.corpus is not None
    for card in result.services:
        service = assistant.corpus.service(card["id"])
        assert service is not None
        assert card["summary"] == service.summary.en and card["name"] == service.name.en


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Var kan jag få hjälp om mitt barn inte sover på nätterna?", "sv"),
        ("Where can I find a family café in Rovaniemi?", "en"),
        ("Vi funderar på skilsmässa, vart kan vi vända oss?", "sv"),
    ],
)
def test_cards_in_swedish_and_english_carry_no_finnish_catalogue_notes(
    assistant: Assistant, question: str, lang: str
) -> None:
    """The catalogue writes channel notes in Finnish ('ajat ja paikka viikkokalenterissa (unverified)'): a card
    in Swedish or English shows them translated (corpus/catalogue_notes.yaml)."""
    corpus = assistant.corpus
    assert corpus is not None
    finnish = {fi for fi, note in corpus.notes.items() if getattr(note, lang) != fi}
    result = assistant.ask(question)
    assert result.lang == lang and result.services
    for card in result.services:
        for channel in card["channels"]:
            for text in (channel["value"], channel["hours"], channel["label"]):
                assert text not in finnish, (card["id"], text)


def test_plain_language_gives_selkokieli_summaries(assistant: Assistant) -> None:
    result = assistant.ask("Onko Rovaniemellä perhekahviloita?", plain=True)
    assert assistant.corpus is not None and result.services
    for card in result.services:
        service = assistant.corpus.service(card["id"])
        assert service is not None and card["summary"] == service.summary_plain_fi


def test_a_calm_message_in_another_language_is_told_in_its_own_language_and_gets_112_last(assistant: Assistant) -> None:
    result = assistant.ask("Hallo, wo finde ich Hilfe für meine Familie?")  # German: no translations
    assert result.lang == "other" and result.route == "handoff"
    lines = result.reply.splitlines()
    # What we answer in, in the writer's own language first, then in English and Finnish.
    assert lines[0].startswith("Ich kann nur auf Finnisch, Schwedisch und Englisch antworten")
    assert lines[1].startswith("I can answer only in Finnish, Swedish and English")
    assert lines[2].startswith("Vastaan vain suomeksi")
    # The ways to a person follow in English, each with its address (the family may not read Finnish).
    options = [line for line in lines[3:] if line.startswith("- ")]
    assert len(options) == 2 and all(language_checks(line, "en") == [True] for line in options), result.reply
    assert {"https://lapha.fi/pyyda-apua", "https://lapha.fi/apua-huoliin"} <= {line.split()[-1] for line in options}
    # The router read it calm: 112 closes the reply, in the writer's language and in English.
    assert lines[-2].startswith("Wenn jemand jetzt in Gefahr ist") and "112" in lines[-2]
    assert lines[-1].startswith("If someone is in danger now") and "112" in lines[-1]


def test_a_northern_sami_message_gets_finnish_where_another_language_gets_its_translation(assistant: Assistant) -> None:
    """Sami families in Lapland read Finnish: a Sami request for a person gets the Finnish 112 line, the ways to a
    person and the chat's hours in Finnish (with the English and Finnish lines saying what we answer in)."""
    result = assistant.ask("Mun háliidivččen ságastit olbmuin, gos sáhtán čállit mánáid áššiid birra?")
    assert result.lang == "other"
    lines = result.reply.splitlines()
    assert t("other_language", "en") in lines and t("other_language", "fi") in lines
    assert t("handoff_intro", "fi") in lines and t("ui_chat_unknown", "fi") in lines
    assert [line for line in lines if line.startswith("- ")] == [
        f"- {t('handoff_pyyda_apua', 'fi')} https://lapha.fi/pyyda-apua",
        f"- {t('handoff_apua_huoliin', 'fi')} https://lapha.fi/apua-huoliin",
    ]
    assert t("crisis_intro", "fi") in lines and t("handoff_intro", "en") not in lines


def test_a_request_for_a_person_in_a_translated_language_gets_the_ways_to_a_person_in_it(assistant: Assistant) -> None:
    """A Somali request to be called: no answer follows, so the Somali line says only what we answer in and that a
    worker can help; the ways to a person and the chat's hours are in Somali, each way with its address."""
    assert assistant.corpus is not None
    somali = assistant.corpus.translations["so"]
    result = assistant.ask("Fadlan qof shaqaale ah ha i soo waco, waxaan rabaa inaan la hadlo qof.")
    assert result.lang == "other" and result.route == "handoff"
    lines = result.reply.splitlines()
    assert lines[0] == somali.lines.no_answer_intro and lines[1] == t("other_language", "en")
    assert lines[3] == somali.lines.handoff_intro
    assert [line for line in lines if line.startswith("- ")] == [
        f"- {somali.lines.handoff_pyyda_apua} https://lapha.fi/pyyda-apua",
        f"- {somali.lines.handoff_apua_huoliin} https://lapha.fi/apua-huoliin",
    ]
    assert somali.lines.chat_hours in lines and t("handoff_intro", "en") not in lines
    assert lines[-2].startswith("Haddii qof uu hadda khatar") and lines[-1] == t("crisis_intro", "en")


def test_a_crisis_in_another_language_gives_the_24_7_line_then_the_writers_own(assistant: Assistant) -> None:
    """MIELI has lines in Russian and Ukrainian: a Russian writer in crisis gets the Finnish line that answers around
    the clock first, then the Russian one and the English one, each labelled, the last two as of unconfirmed hours (a
    fresh rater of the tune roles' crisis replies, 2026-12-03: a line of unknown hours stood before the 24/7 one); an
    English writer the Finnish 24/7 line, then the English one."""
    assert assistant.corpus is not None
    russian = assistant.corpus.translations["ru"].lines
    reply = assistant.ask("Я больше не могу жить, хочу покончить с собой")
    assert reply.route == "crisis"
    lines = reply.reply.splitlines()
    # In Russian but the helplines' names: 112, the lines' heading, what comes after and the ways to a person.
    assert lines[0].startswith("Если кто-то в опасности") and lines[2] == russian.no_answer_intro
    assert russian.crisis_lines in lines and russian.crisis_after in lines
    assert lines.index(russian.crisis_after) < lines.index(
        f"- {russian.handoff_pyyda_apua} https://lapha.fi/pyyda-apua"
    )
    line = next(line for line in lines if line.startswith("- MIELI"))
    unconfirmed = t("line_hours_unconfirmed", "en")
    first, russian_line, english_line = line.split(": ", 1)[1].split("; ")
    assert first == "09 2525 0111 (in Finnish, 24/7)"
    assert russian_line == f"09 2525 0115 (in Russian, {unconfirmed})"
    assert english_line == f"09 2525 0116 (in English, {unconfirmed})"
    english = assistant.ask("I can't go on living, I want to end my life")
    line = next(line for line in english.reply.splitlines() if line.startswith("- MIELI"))
    assert line.endswith(f": 09 2525 0111 (in Finnish, 24/7); 09 2525 0116 (in English, {unconfirmed})")
    swedish = assistant.ask("Jag vill inte leva längre, jag tänker ta mitt liv")
    line = next(line for line in swedish.reply.splitlines() if "0111" in line)
    assert line.index("09 2525 0111") < line.index("09 2525 0112"), line
    # The Finnish reader's own line comes first already; the Swedish one after it still says its hours are unknown.
    finnish = assistant.ask("en halua enää elää, aion tappaa itseni tänään")
    line = next(line for line in finnish.reply.splitlines() if "0111" in line)
    assert f"09 2525 0112 (ruotsi, {t('line_hours_unconfirmed', 'fi')})" in line, line
    assert "09 2525 0111 (suomi, 24/7)" in line, line


def test_lines_in_the_writers_own_language_only_when_its_language_is_known_for_sure(assistant: Assistant) -> None:
    # Northern Sami, which fastText does not know, was greeted in Hungarian (it is now read as Sami: below); Tigrinya,
    # which it calls Amharic, in Amharic. Neither gets a line in another language.
    for message in (
        "Mu mánná lea 10 mánu boaris ja ii oađe ijaid. Gos oažžu veahki?",
        "ሰላም፡ ሓደስቲ ኣብ ፊንላንድ ኢና። ወድና 3 ዓመት እዩ። ኣበይ ክንከይድ ንኽእል?",
    ):
        result = assistant.ask(message)
        assert result.lang == "other"
        lines = result.reply.splitlines()
        head = lines[: lines.index(t("other_language", "en"))]
        # Only 112 lines come before it (in English, and in Tigrinya, which has one: locales/emergency.yaml), and no
        # line anywhere is in the language fastText guessed.
        assert all("112" in line for line in head), result.reply
        guessed = {f(code) for f in (emergency_line, other_language_line) for code in ("am", "hu")}
        assert not guessed & set(lines), result.reply


def test_a_request_to_be_called_is_answered_before_the_ways_to_a_person(assistant: Assistant) -> None:
    result = assistant.ask("Voiko joku työntekijä soittaa minulle?")
    assert result.route == "handoff"
    lines = result.reply.splitlines()
    assert "Soittopyyntö" in lines[0] and "1–2 arkipäivän" in lines[0]
    assert lines[1] == "Voit olla yhteydessä perhekeskuksen työntekijään näin:"
    # The chat's address is in the reply; the form opens from the button under it.
    assert any(line.startswith("- Apua huoliin") and line.endswith("https://lapha.fi/apua-huoliin") for line in lines)
    assert lines[-1] == "Pyydä apua -lomake aukeaa tämän vastauksen alla olevasta painikkeesta."


def test_a_question_whether_a_person_is_there_is_told_this_chat_is_automatic(assistant: Assistant) -> None:
    result = assistant.ask("I'd like to talk to a human being, not a bot")
    assert result.route == "handoff"
    assert result.reply.splitlines()[0].startswith("This chat is an automatic guide")
    assert "call-back" not in result.reply.lower().split("\n")[0]


def test_a_crisis_in_a_language_we_cannot_answer_goes_to_112_first(assistant: Assistant) -> None:
    result = assistant.ask("Мой муж бьёт меня прямо сейчас, дети плачут")
    assert result.route == "crisis" and result.safety == "crisis"
    assert result.reply.splitlines()[0].startswith("Если кто-то в опасности")
    assert result.services[0]["id"] == "hatanumero-112"


def test_a_message_in_another_language_is_not_hidden_by_the_ui_language(assistant: Assistant) -> None:
    result = assistant.ask("Мой сын выпил средство для посуды, что делать?", lang="fi")
    assert result.lang == "other" and result.route == "crisis"
    assert result.reply.splitlines()[0].startswith("Если кто-то в опасности")


def test_an_everyday_worry_is_not_an_emergency(assistant: Assistant) -> None:
    result = assistant.ask("Kaksivuotias ei nuku öisin ja olemme ihan poikki, mistä saisi neuvoa?")
    assert result.route == "answer" and result.safety == "none"
    assert "hatanumero-112" not in [card["id"] for card in result.services]


def test_bad_input_is_refused(assistant: Assistant) -> None:
    with pytest.raises(InputError, match="empty"):
        assistant.ask("   ")
    with pytest.raises(InputError, match="longer"):
        assistant.ask("a" * 2001)


def test_crisis_route_works_with_the_index_deleted(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path / "deleted")
    assistant = make_assistant(settings)
    assert assistant.index_error
    result = assistant.ask("Isä hakkaa äitiä, oon 12 ja mua pelottaa")
    assert result.route == "crisis" and result.services[0]["id"] == "hatanumero-112"
    assert "nollalinja" in [s["id"] for s in result.services]
    assert assistant.ask("Mikä on Vakkanen?").route == "handoff"


def test_crisis_route_works_with_a_broken_index_and_corpus(tmp_path: Path, built_index: Settings) -> None:
    index = tmp_path / "index"
    shutil.copytree(built_index.index_dir, index, symlinks=True)
    for path in (index / "current").resolve().glob("bm25/*"):
        path.write_bytes(b"garbage")
    corpus = tmp_path / "corpus"
    corpus.mkdir()  # no corpus files at all
    assistant = make_assistant(Settings(corpus_dir=corpus, index_dir=index))
    assert assistant.index_error
    result = assistant.ask("En jaksa enää elää")
    assert result.route == "crisis"
    assert result.reply.splitlines()[0] == "Jos joku on vaarassa nyt, soita heti hätänumeroon 112."
    assert result.services[0]["channels"][0]["value"] == "112"


def test_handoff_says_whether_the_chat_is_open(tmp_path: Path, built_index: Settings) -> None:
    saturday_noon = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
    always = make_assistant(
        built_index.model_copy(update={"chat_hours": "mon-sun 00:00-23:59"}), clock=lambda: saturday_noon
    )
    result = always.ask("haluan puhua ihmisen kanssa")
    chat = next(o for o in result.handoff["options"] if o["id"] == "apua-huoliin-chat")
    assert chat["open_now"] is True and "on nyt auki" in result.reply
    # Midsummer Eve and Midsummer Day are holidays: closed, next open on Sunday.
    always.clock = lambda: datetime(2026, 6, 19, 12, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
    result = always.ask("haluan puhua ihmisen kanssa")
    assert "on nyt kiinni" in result.reply and "21.06. 00:00" in result.reply
    unknown = make_assistant(built_index)
    result = unknown.ask("haluan puhua ihmisen kanssa")
    assert "aukioloajat" in result.reply
    assert next(o for o in result.handoff["options"] if o["id"] == "apua-huoliin-chat")["open_now"] is None


def test_crisis_lines_in_swedish_and_english_carry_no_finnish_catalogue_notes(assistant: Assistant) -> None:
    for question, lang in (("My husband hits me and I am scared", "en"), ("Min man slår mig och jag är rädd", "sv")):
        result = assistant.ask(question)
        assert result.route == "crisis" and result.lang == lang
        assert all(language_checks(result.reply, lang)), result.reply
        assert "vuoden jokaisena päivänä" not in result.reply and "ohjautuu" not in result.reply
        assert "080 005 005" in result.reply  # the number itself stays


def test_a_swedish_answer_quotes_its_finnish_source_once_under_a_marked_heading(assistant: Assistant) -> None:
    """The sources are Finnish: a Swedish curated answer shows the Finnish sentence it rests on, marked as a
    quote in Finnish, cited and verbatim in its source; the rest of the reply is Swedish."""
    result = assistant.ask("Vad är MARAK för något?")
    assert result.route == "answer" and result.lang == "sv"
    lines = result.reply.splitlines()
    heading = t("quote_in_finnish", "sv")
    assert lines.count(heading) == 1, result.reply
    quote = CITED_LINE.fullmatch(lines[lines.index(heading) + 1])
    assert quote is not None
    source = result.sources[int(quote["number"]) - 1].chunk.text
    assert quote["sentence"] in source
    assert all(language_checks(result.reply, "sv")), result.reply
    assert not all(language_checks(result.reply.replace(heading, "Citat:"), "sv"))


def test_a_finnish_answer_quotes_up_to_two_distinct_source_sentences(assistant: Assistant) -> None:
    """Under a Finnish curated answer, the sentences it rests on: at most QUOTE_SENTENCES_FI, each cited, verbatim
    in its source and different from the others; a Swedish answer keeps one Finnish line."""
    from assistant.engine import QUOTE_SENTENCES_FI

    result = assistant.ask("Mikä on MARAK ja keitä siihen osallistuu?")
    assert result.route == "answer" and result.lang == "fi"
    lines = result.reply.splitlines()
    heading = t("quote_intro", "fi")
    assert lines.count(heading) == 1, result.reply
    quoted = [CITED_LINE.fullmatch(line) for line in lines[lines.index(heading) + 1 :]]
    assert 1 <= len(quoted) <= QUOTE_SENTENCES_FI and all(quoted), result.reply
    sentences = [q["sentence"] for q in quoted if q]
    assert len(set(sentences)) == len(sentences)
    for quote in quoted:
        assert quote and quote["sentence"] in result.sources[int(quote["number"]) - 1].chunk.text
    swedish = assistant.ask("Vad är MARAK för något?").reply.splitlines()
    assert len(swedish) - swedish.index(t("quote_in_finnish", "sv")) - 1 == 1


def _decided(assistant: Assistant, monkeypatch: pytest.MonkeyPatch, decision: RouteDecision) -> None:
    monkeypatch.setattr(assistant.router, "decide", lambda *args, **kwargs: decision)


UNSURE = RouteDecision(
    "crisis", "crisis", ("child_danger",), ("sosiaalipaivystys",), ("model:0.30",), {"crisis": 0.3, "answer": 0.7}
)


def test_an_unsure_crisis_keeps_112_first_then_answers_the_question(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crisis only the model saw, below even odds: 112 first, then the everyday answer under a line saying so
    with its sources, then a 24/7 line as text (the general crisis line: no need of a bullying question is served by
    the social emergency service of the kind the model read). The cards are the answer's everyday
    ones: 112 is in the red block above the answer, the model's line in the text. The triage twin (no index) leaves
    it to the full route."""
    _decided(assistant, monkeypatch, UNSURE)
    result = assistant.ask("Lasta kiusataan koulussa joka päivä, kenelle kertoa?")
    lines = result.reply.splitlines()
    assert result.route == "crisis" and result.safety == "crisis" and not result.sure
    assert lines[:2] == [t("crisis_intro", "fi"), t("crisis_unsure_answer", "fi")] and lines[2].strip()
    at = lines.index(t("crisis_unsure_line", "fi"))
    assert lines[at + 1].startswith("- MIELI Kriisipuhelin") and at > 2
    assert t("crisis_after", "fi") not in lines and t("crisis_lines", "fi") not in lines
    ids = [c["id"] for c in result.services]
    assert ids and not {"hatanumero-112", "sosiaalipaivystys"} & set(ids)
    assert not any(c["urgent"] for c in result.services)
    red = response_html(result.as_dict())
    red = red[red.index('class="pk-crisis pk-crisis-unsure"') : red.index('class="pk-reply"')]
    assert 'href="tel:112"' in red
    assert result.sources and MARKER.search("\n".join(lines[2:at]))
    twin = Triage().read(assistant, "Lasta kiusataan koulussa joka päivä, kenelle kertoa?", None, None, False)
    assert twin.crisis is None and twin.risk


def test_a_crisis_a_rule_saw_or_the_model_is_sure_of_stays_an_emergency_reply_only(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    for decision in (
        dataclasses.replace(UNSURE, reasons=("rule:child_danger", "model:0.30")),
        dataclasses.replace(UNSURE, reasons=("model:0.70",), scores={"crisis": 0.7}),
    ):
        _decided(assistant, monkeypatch, decision)
        result = assistant.ask("Lasta kiusataan koulussa joka päivä, kenelle kertoa?")
        assert result.route == "crisis" and result.sure
        assert t("crisis_unsure_answer", "fi") not in result.reply
        assert Triage().read(assistant, "Lasta kiusataan koulussa", None, None, False).crisis is not None


def test_a_channel_whose_hours_are_a_dash_shows_no_hours(assistant: Assistant) -> None:
    """services.yaml writes '-' where hours do not apply (Motti: the nurse convenes the group); the card said
    'kokoaa ryhmän – -'."""
    card = next(c for c in assistant.ask("Mikä on Motti-työryhmä?").services if c["id"] == "motti")
    assert all(channel["hours"] is None for channel in card["channels"])


def test_a_short_question_naming_the_material_is_answered_not_an_unsure_crisis(assistant: Assistant) -> None:
    """Only the learned router, unsure, read these as crises (without ä/ö, 'lasta' and 'apuu' look like crisis
    words): a short question that names the material's own term or service gets the answer with 112 on top."""
    from assistant.router import RouteDecision

    unsure = RouteDecision("crisis", "crisis", ("child_danger",), reasons=("model:0.29",), scores={"crisis": 0.29})
    assert assistant._asks_about_the_material("mika on lasta malli", unsure, "fi")
    assert assistant._asks_about_the_material("Apuu chat minka ikasille se on", unsure, "fi")
    # A sure crisis, a rule's crisis, a long message or no name of the material keep the crisis route.
    sure = dataclasses.replace(unsure, reasons=("model:0.62",), scores={"crisis": 0.62})
    ruled = dataclasses.replace(unsure, reasons=("rule:violence",))
    assert not assistant._asks_about_the_material("mika on lasta malli", sure, "fi")
    assert not assistant._asks_about_the_material("mika on lasta malli", ruled, "fi")
    long = "lasta malli puhuu väkivallasta ja nyt mieheni uhkaa minua keittiössä veitsen kanssa"
    assert not assistant._asks_about_the_material(long, unsure, "fi")
    assert not assistant._asks_about_the_material("en jaksa enää yhtään", unsure, "fi")


def test_an_adult_writer_counts_against_answers_written_for_young_people(assistant: Assistant) -> None:
    """A parent or another adult writing takes ADULT_PENALTY x the share of an answer's services meant for young
    people off its score: a mother asking about her husband's drinking is not answered as a teenager would be."""
    curated, analyzer = assistant.curated, assistant.analyzer
    assert curated is not None
    # (Until the leak filter's eighth pass the English 'My husband drinks a lot at weekends…' drew an answer for young
    # people among its candidates; it no longer does.)
    question = (
        "Mieheni juo viikonloppuisin ja 15-vuotias poikamme on alkanut olla paljon poissa kotoa. Kenelle voisin puhua?"
    )
    assert read_audience(question).parent
    terms, vector = analyzer.terms(question), assistant._embed(question)
    plain = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi")}
    adult = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi", adult=True)}
    assert any(c.features["adult_youth_services"] > 0 for c in adult.values())
    # The classifier's own candidates differ between the two readings (it gives an adult nothing for young people's
    # answers); the penalty is checked on the answers both lists hold.
    both = adult.keys() & plain.keys()
    assert any(adult[a].features["adult_youth_services"] > 0 for a in both)
    for answer_id in both:
        candidate = adult[answer_id]
        lost = curated._rule_score(plain[answer_id]) - curated._rule_score(candidate)
        young = WRITER_PENALTY * (candidate.answer.speaks_to == "young")
        assert lost == pytest.approx(ADULT_PENALTY * candidate.features["adult_youth_services"] + young)
    reply = assistant.ask(question)
    assert not {"sekasin-chat", "mll-lasten-ja-nuorten-puhelin"} & {s["id"] for s in reply.services}


def test_a_family_writing_counts_against_answers_about_the_material_itself(assistant: Assistant) -> None:
    """A parent, a young person or a child's age in the question takes MATERIAL_PENALTY off every answer that names
    no service (those answer questions about the material and get no cards)."""
    curated, analyzer = assistant.curated, assistant.analyzer
    assert curated is not None
    question = "Min treåring är hemma med mig, finns det träffar för småbarnsfamiljer?"
    terms, vector = analyzer.terms(question), assistant._embed(question)
    plain = {c.answer.id: c for c in curated.candidates(terms, vector, [], "sv")}
    family = {c.answer.id: c for c in curated.candidates(terms, vector, [], "sv", family=True)}
    assert any(not c.answer.cites.services for c in family.values())
    for answer_id, candidate in family.items():
        lost = curated._rule_score(plain[answer_id]) - curated._rule_score(candidate)
        assert lost == pytest.approx(MATERIAL_PENALTY if not candidate.answer.cites.services else 0.0)


def test_a_parents_question_gets_no_young_peoples_own_lines_unless_it_asks_for_one(
    assistant: Assistant,
) -> None:
    """Raters marked the children's and young people's line under a parent's bullying question misleading; a parent
    who asks for a chat or a line for the child still gets it."""
    young = {s.id for s in assistant.corpus.services if s.fits.users == "nuoret"}
    bullied = assistant.ask("poikani 13v kertoi että häntä kiusataan välitunneilla, opettaja ei tee mitään")
    assert bullied.services and not young & {card["id"] for card in bullied.services}
    asked = assistant.ask("Is there a chat for children around 10 years old?")
    assert young & {card["id"] for card in asked.services}


def test_the_classifier_gives_nothing_to_young_peoples_answers_when_an_adult_writes(assistant: Assistant) -> None:
    """The classifier reads words, not who writes: 'mieheni juo' resembled a young person's 'isä juo'."""
    curated = assistant.curated
    assert curated is not None and curated.classifier is not None
    question = "mieheni juo liikaa, kenelle voin puhua"
    terms, vector = assistant.analyzer.terms(question), assistant._embed(question)
    adult = curated.candidates(terms, vector, [], "fi", adult=True)
    young_answers = [c for c in adult if curated._youth_share(c.answer) >= 0.5]
    assert young_answers and all(c.features["classifier"] == 0.0 for c in young_answers)
    plain = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi")}
    assert any(plain[c.answer.id].features["classifier"] > 0.1 for c in young_answers if c.answer.id in plain)
    reply = assistant.ask(question)
    assert not {"varjomaailma", "sekasin-chat"} & {card["id"] for card in reply.services}


def test_a_question_naming_a_glossary_term_is_answered_not_out_of_scope(assistant: Assistant) -> None:
    """The router reads 'Hoito syytteen sijaan -malli' as off-topic; a question naming the material's own term by its
    full name is answered."""
    result = assistant.ask("Mikä on Hoito syytteen sijaan -malli?")
    assert result.route == "answer", result.reply
    assert any("HSS" in (s.chunk.title or "") or "syytteen" in s.chunk.text.lower() for s in result.sources[:3])


def test_cards_beyond_the_answers_own_services_serve_the_questions_needs(assistant: Assistant) -> None:
    """Under a curated answer, a card the answer does not name must serve one of the question's closest needs or be
    named in the question: a definition of VAY gets the VAY card alone, not open day care or a baby group."""
    ids = [card["id"] for card in assistant.ask("Mitä VAY tarkoittaa perheelle?").services]
    assert ids[0] == "vay" and not {"avoin-paivakoti", "vauvavoimaa"} & set(ids), ids
    # A named service keeps its card although no everyday need serves it.
    ids = [card["id"] for card in assistant.ask("Onko Rovaniemellä turvakotia?").services]
    assert "rovaniemen-turvakoti" in ids


def test_a_short_message_naming_another_part_of_the_material_is_not_a_follow_up(assistant: Assistant) -> None:
    """'lanupo mika se on' after a question about VAY asks about Lanupo; 'kuka sen voi tilata?' still asks about VAY."""
    history = ["Mitä VAY tarkoittaa perheelle?"]
    assert assistant.ask("lanupo mika se on", history).reply.startswith("Lanupo")
    assert "VAY" in assistant.ask("kuka sen voi tilata?", history).reply.split(".")[0]
    # A three-letter acronym counts too: 'entä VAY?' after Motti asks about VAY.
    assert assistant.ask("entä VAY?", ["Mikä on Motti?"]).reply.startswith("VAY")


def test_the_quote_under_a_definition_is_the_definition_not_the_label(assistant: Assistant) -> None:
    """A glossary entry opens with its label repeated ('HSS / Hoito syytteen sijaan: Hoito syytteen sijaan.'): the
    quote under the answer is the definition that follows, which speaks of the term though it does not name it."""
    reply = assistant.ask("Mikä on Hoito syytteen sijaan -malli?").reply
    quoted = reply.split(t("quote_intro", "fi"))[1]
    assert "Poliisin ohjauksesta" in quoted
    assert "Hoito syytteen sijaan: Hoito syytteen sijaan" not in quoted


def test_services_are_known_by_the_names_in_their_brackets_whatever_the_punctuation(assistant: Assistant) -> None:
    """'Ask for Help service (Ask for Help! button)': a question naming the button names the service, so the router's
    out-of-scope reading does not turn it away."""
    assert "ask for help button" in assistant._rare_names("How do I use the Ask for help button, is it quick?")
    assert "perheneuvola" in assistant._rare_names("Mitä perheneuvola tekee?") or assistant._names_the_material(
        "Mitä perheneuvola tekee?"
    )


def test_an_unsure_crisis_shows_its_kinds_line_only_when_the_needs_bear_it_out(assistant: Assistant) -> None:
    """The 24/7 line under an unsure crisis: the poison line only where the question is about poisoning, the
    general crisis line under an everyday question the model found a little alarming."""

    def line(question: str, kind_line: str) -> str | None:
        decision = RouteDecision("crisis", "crisis", ("x",), ("hatanumero-112", kind_line), ("model:0.2",))
        return assistant._unsure_line(decision, question, assistant._embed(question))

    eating = "Meidän 2-vuotias ei suostu syömään muuta kuin puuroa ja leipää, mitä teen?"
    assert line(eating, "myrkytystietokeskus") == GENERAL_LINE
    swallowed = "Lapsi nielaisi jotain pesuainetta, mitä nyt pitää tehdä?"
    assert line(swallowed, "myrkytystietokeskus") == "myrkytystietokeskus"
    assert line(eating, GENERAL_LINE) == GENERAL_LINE


def test_a_compound_whose_last_part_the_material_has_is_not_an_unknown_word(assistant: Assistant) -> None:
    """The corpus-words check read 'lastenlapsi' (grandchild), which the material never writes, as a sign of another
    topic: a grandmother asking for things to do with her grandchildren was told the material does not know."""
    assert assistant.scope is not None
    assert assistant.scope.frequency("lastenlapsi") == 0 and assistant.scope.frequency("lapsi") > 0
    assert assistant.scope.coverage(["lastenlapsi", "lapsi"]) == 1.0
    assert assistant.scope.coverage(["lastenlapsi"]) == 0.0  # alone, still unknown
    result = assistant.ask("Mitä mummi voi tehdä lastenlastensa kanssa Rovaniemellä?")
    assert result.route == "answer"


@pytest.mark.parametrize(
    ("turns", "service", "words"),
    [
        (["Mitä on Ankkuri-toiminta?", "poika on 15", "keitä siihen kuuluu?"], "ankkuri", ("poliisi",)),
        (["What is the Motti working group?", "our son is three", "who calls them together?"], "motti", ("nurse",)),
    ],
)
def test_a_follow_up_finds_what_it_points_to_two_turns_back(
    assistant: Assistant, turns: list[str], service: str, words: tuple[str, ...]
) -> None:
    """The thing a follow-up asks about is often two turns back, with the family's situation in between; with only the
    turn before it the follow-up was searched as 'poika on 15 keitä siihen kuuluu' and got a children's chat."""
    reply = assistant.ask(turns[-1], turns[:-1])
    assert reply.route == "answer"
    assert reply.services and reply.services[0]["id"] == service
    assert all(word in reply.reply.lower() for word in words)


@pytest.mark.parametrize(
    ("history", "question"),
    [
        ("Mitä perheneuvola tekee?", "saanko itse varata sieltä ajan?"),
        ("Mikä on Ankkuri-tiimi?", "voinko mä ite ottaa niihin yhteyttä?"),
    ],
)
def test_a_follow_up_about_using_the_service_just_named_is_answered_not_handed_off(
    assistant: Assistant, history: str, question: str
) -> None:
    """Alone, a short question about using a service read to the model as a request for a person (0.87, 0.98 until
    router data r36 taught it questions about calling or booking a service) and got only the ways to reach one; after
    the message naming the service it asks about that service and is answered."""
    assert assistant.ask(question).route in ("handoff", "answer")
    reply = assistant.ask(question, [history])
    assert reply.route == "answer", reply.reply


def test_a_request_for_a_person_in_plain_words_stays_one_after_any_question(assistant: Assistant) -> None:
    reply = assistant.ask("haluan puhua jonkun työntekijän kanssa", ["Mikä on Ankkuri-tiimi?"])
    assert reply.route == "handoff"


def test_a_follow_ups_asked_fact_is_quoted_from_the_answers_sources(assistant: Assistant) -> None:
    """'Is it open at night?' shares no word with 'avoinna ympäri vuorokauden': what the follow-up asks about (opening
    hours) finds it, first in the answer and among the quoted sentences, and a year is not read as an opening hour."""
    reply = assistant.ask("voiko sinne mennä keskellä yötä?", ["Onko Rovaniemellä turvakoti?"])
    assert reply.route == "answer"
    body, _, quoted = reply.reply.partition(t("quote_intro", "fi"))
    assert "ympäri vuorokauden" in body.split(". ")[0]
    assert "ympäri vuorokauden" in quoted and "2024" not in quoted


def test_the_sources_a_reply_draws_on_are_marked_cited_and_the_other_finds_are_not(assistant: Assistant) -> None:
    """The family's list of sources holds what the reply is drawn from: a curated answer's cited passages and every
    quoted one; retrieval's other finds stay in the response for staff and evaluation, marked ``cited: false``."""
    for question in ("Mistä saan apua lapsen uniongelmiin?", "Milloin Perheiden tori on?"):
        result = assistant.ask(question).as_dict()
        assert result["route"] == "answer"
        cited = [n for n, s in enumerate(result["sources"], start=1) if s["cited"]]
        assert cited
        quoted = {int(n) for n in re.findall(r"\[(\d+)\]", result["reply"])}
        assert quoted <= set(cited)
    found = assistant.ask("Mistä saan apua lapsen uniongelmiin?")
    marked = dataclasses.replace(found, drawn_from=frozenset({2})).as_dict()["sources"]
    assert [s["cited"] for s in marked] == [n == 2 for n in range(1, len(marked) + 1)]


def test_a_message_after_danger_now_keeps_112_and_the_line_first(assistant: Assistant) -> None:
    """Danger told a turn ago stays on top of the next reply ("whatever else happens"): a user trial found the follow-up
    of a woman being hit answered with no 112 block and church cards; now 112 and the violence line come first and the
    question is answered below them."""
    history = ["apua mun puoliso hakkaa mua just nyt ja lapset on kotona"]
    question = "en pysty soittamaan kun se kuulee, mitä mä teen?"
    alone = assistant.ask(question)
    assert alone.route != "crisis"  # the second message alone reads as no danger
    reply = assistant.ask(question, history)
    assert reply.route == "crisis" and reply.safety == "crisis"
    assert reply.reply.startswith(t("crisis_intro", "fi"))
    assert "nollalinja" in [s["id"] for s in reply.services][:2]


def test_a_statement_calm_in_context_gets_the_unsure_reply(assistant: Assistant) -> None:
    """A short statement of the family's situation only the model reads as danger alone ("I'm home alone with the baby
    all day": 0.78) stays a crisis, but read with the message before it (0.02) it is answered under the one 112 line,
    not with the emergency template; nor does it keep 112 on top of the next message."""
    history, statement = ["Is there a family café?"], "I'm home alone with the baby all day"
    alone = assistant.router.decide(statement, assistant._embed(statement), [], None, "en")
    assert alone.route == "crisis" and alone.scores["crisis"] >= UNSURE_CRISIS  # sure, read alone
    reply = assistant.ask(statement, history)
    assert reply.route == "crisis" and not reply.sure
    assert t("crisis_unsure_answer", "en") in reply.reply
    after = assistant.ask("is it free?", [*history, statement])
    assert after.route == "answer"


@pytest.mark.parametrize(
    ("history", "statement"),
    [("Mikä on Nollalinja?", "se on täällä nyt ja huutaa"), ("What is Nollalinja?", "he is outside the door now")],
)
def test_danger_told_after_a_calm_question_stays_a_sure_crisis(
    assistant: Assistant, history: str, statement: str
) -> None:
    """Read with the calm question before it, a danger statement the model alone is certain of looked calm, and the
    reply answered the earlier question under 'if this is not an emergency'."""
    reply = assistant.ask(statement, [history])
    assert reply.route == "crisis" and reply.sure
    assert t("crisis_unsure_answer", reply.lang) not in reply.reply


def test_an_everyday_question_in_another_language_gets_cards_by_meaning(assistant: Assistant) -> None:
    """A language we have no texts for gets 112 first and a person, and now also the services its meaning points to
    (the e5 model is multilingual): an Arabic-speaking wife asking where to find support for her husband's drinking."""
    reply = assistant.ask("زوجي يشرب كثيرا، أين أجد الدعم؟")
    assert reply.route == "handoff" and reply.lang == "other"
    ids = [c["id"] for c in reply.services]
    assert {"paihdeneuvonta-ehyt", "paihdelinkki"} & set(ids)
    assert not any(c.get("urgent") for c in reply.services)


@pytest.mark.parametrize(
    "message",
    [
        "Привіт! Моєму синові 2 роки, ми щойно переїхали до Рованiємі. Де зустрітися з іншими сім'ями з малюками?",
        "ابني عمره 10 سنوات ولا يريد الذهاب إلى المدرسة. مع من أتكلم؟",
        "Мой ребёнок 8 месяцев плохо спит ночью, я очень устала. Куда обратиться?",
    ],
)
def test_cards_under_another_language_are_for_the_childrens_ages_it_gives(assistant: Assistant, message: str) -> None:
    """The ages are read in the languages we translate into (text/audience.py): no card for babies under a two-year-old,
    none for children under school age under a ten-year-old (a tune-role rater marked a baby café under a two-year-old
    written of in Ukrainian harmful)."""
    result = assistant.ask(message)
    age = read_audience(message).ages[0][0]
    assert result.services
    for card in result.services:
        span = assistant.corpus.service(card["id"]).fits.ages
        assert span is None or span[0] <= age <= span[1], (card["id"], span, age)


def test_an_everyday_question_in_another_language_gets_the_closest_answer_in_english(assistant: Assistant) -> None:
    """A German-speaking parent (no translation of the answers into German) asks where to turn when their four-year-old
    speaks little: after the line saying we answer only in Finnish, Swedish and English comes the English version of
    the curated answer on speech, then the ways to a person, with the answer's sources and services as cards."""
    assert assistant.corpus is not None and "de" not in assistant.corpus.translations
    reply = assistant.ask("Mein Sohn ist 4 Jahre alt und spricht sehr wenig. Wohin kann ich mich wenden?")
    assert reply.route == "handoff" and reply.lang == "other"
    lines = reply.reply.splitlines()
    at = lines.index(t("english_answer_intro", "en"))
    assert lines[at - 1].startswith("Vastaan vain suomeksi")
    answer = lines[at + 1]
    assert "speech" in answer and language_checks(answer, "en") == [True]
    assert lines.index(t("handoff_intro", "en")) > at + 1
    assert "https://lapha.fi/pyyda-apua" in reply.reply
    assert reply.sources and "neuvola" in [c["id"] for c in reply.services]
    assert not any(c.get("urgent") for c in reply.services)


def test_an_everyday_question_in_a_translated_language_gets_the_answer_in_that_language(assistant: Assistant) -> None:
    """A Russian-speaking parent asks the same: the curated answer on speech comes in Russian (corpus/translations/),
    under a line saying it is translated; the ways to a person are in Russian, each with its address; 112 closes the
    reply in Russian and English. The English and Finnish lines saying what we answer in stay."""
    assert assistant.corpus is not None
    russian = assistant.corpus.translations["ru"]
    reply = assistant.ask("Мой сын 4 года плохо говорит, куда обратиться?")
    assert reply.route == "handoff" and reply.lang == "other"
    lines = reply.reply.splitlines()
    assert lines[0] == russian.lines.intro
    assert lines[1] == t("other_language", "en") and lines[2] == t("other_language", "fi")
    at = lines.index(russian.lines.answer_intro)
    answer = lines[at + 1]
    assert answer in russian.texts.values() and "neuvola" in answer and "https://lapha.fi/digipalvelut" in answer
    assert t("english_answer_intro", "en") not in reply.reply and t("handoff_intro", "en") not in reply.reply
    assert lines.index(russian.lines.handoff_intro) > at + 1
    assert [line for line in lines if line.startswith("- ")] == [
        f"- {russian.lines.handoff_pyyda_apua} https://lapha.fi/pyyda-apua",
        f"- {russian.lines.handoff_apua_huoliin} https://lapha.fi/apua-huoliin",
    ]
    assert lines[-2].startswith("Если кто-то в опасности") and lines[-1] == t("crisis_intro", "en")
    assert reply.sources and "neuvola" in [c["id"] for c in reply.services]


def test_a_crisis_in_another_language_is_answered_in_english_without_an_everyday_answer(assistant: Assistant) -> None:
    reply = assistant.ask("Мой муж бьёт меня прямо сейчас, дети плачут")
    assert reply.route == "crisis"
    lines = reply.reply.splitlines()
    assert lines.count(t("crisis_intro", "en")) == 1  # the head's English 112 line is not repeated
    assert t("english_answer_intro", "en") not in reply.reply
    assert any(line.startswith("- Nollalinja") for line in lines), reply.reply
    assert not any(line.startswith("Kun välitön vaara") for line in lines)


def test_an_everyday_question_in_another_language_read_as_an_unsure_crisis_gets_112_then_its_answer(
    assistant: Assistant,
) -> None:
    """A Turkish mother, tired after giving birth, asks for help at home: the learned router reads it as a crisis below
    even odds (the threshold for other languages is low on purpose). 112 comes first, in Turkish and English; then the
    answer (in Turkish: corpus/translations/tr.yaml), then the 24/7 line and the ways to a person; no emergency card."""
    assert assistant.corpus is not None
    turkish = assistant.corpus.translations["tr"]
    reply = assistant.ask("Doğum yaptım ve çok yorgunum, evde yardım alabilir miyim?")
    assert reply.route == "crisis" and reply.safety == "crisis" and not reply.sure
    lines = reply.reply.splitlines()
    assert "112" in lines[0] and t("crisis_intro", "en") in lines[:2]
    at = lines.index(turkish.lines.crisis_unsure_answer)
    assert lines[at + 1] in turkish.texts.values()
    assert lines.index(turkish.lines.crisis_unsure_line) > at + 1
    assert "https://lapha.fi/pyyda-apua" in reply.reply
    assert reply.services and not any(c.get("urgent") for c in reply.services)


def test_an_unsure_crisis_in_a_translated_language_gets_112_then_the_answer_in_that_language(
    assistant: Assistant,
) -> None:
    """A worn-out Russian-speaking mother whose daughter does not sleep at night: the router reads it as a crisis
    below even odds (0.18; with 'for a month' added it was 0.48 before the router was fitted to convergence and 0.53
    after, 2026-12-03: too close to UNSURE_CRISIS for a test). 112 comes first in Russian and English, then, in
    Russian, the line saying this is the answer if it is no emergency, the translated answer, the line before the
    24/7 line, and the ways to a person; no emergency card."""
    assert assistant.corpus is not None
    russian = assistant.corpus.translations["ru"]
    reply = assistant.ask("я без сил, дочь не спит ночами")
    assert reply.route == "crisis" and reply.safety == "crisis" and not reply.sure
    lines = reply.reply.splitlines()
    assert lines[0].startswith("Если кто-то в опасности") and lines[1] == t("crisis_intro", "en")
    assert lines[2] == russian.lines.intro
    at = lines.index(russian.lines.crisis_unsure_answer)
    assert lines[at + 1] in russian.texts.values()
    assert lines.index(russian.lines.crisis_unsure_line) > at + 1
    assert lines.index(russian.lines.handoff_intro) > at + 1
    assert t("crisis_unsure_answer", "en") not in lines and t("handoff_intro", "en") not in lines
    assert reply.services and not any(c.get("urgent") for c in reply.services)


def test_the_answer_the_classifier_and_the_need_agree_on_is_given_without_retrieval_support(
    assistant: Assistant,
) -> None:
    """A spoken message about a three-year-old who will not go to sleep: the sleep answer's citations are not among the
    passages retrieval found and its cosine alone fell just short; the answer classifier (0.88) and the need (sleep)
    carry it. Before, a child-development answer that also speaks of schools was given."""
    message = "meiän 3v ei suostu menee nukkuu ennen puolta yötä ja me ollaan ihan puhki, keltä vois kysyy neuvoo"
    reply = assistant.ask(message)
    assert reply.route == "answer"
    assert reply.reply.startswith("Kun lapsen uni ei suju ja vanhemmat ovat väsyneitä"), reply.reply
    assert "neuvola" in [c["id"] for c in reply.services]


def test_an_answer_for_other_ages_than_the_childrens_loses_age_penalty(assistant: Assistant) -> None:
    """The share of an answer's services meant for none of the children's ages costs AGE_PENALTY: a school answer
    is no answer to a four-year-old's parent."""
    curated = assistant.curated
    assert curated is not None
    question = "lapsi ei halua lähteä aamulla, itkee ja kiukuttelee ovella"
    terms, vector = assistant.analyzer.terms(question), assistant._embed(question)
    plain = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi")}
    four = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi", ages=((4, 4),))}
    assert set(plain) == set(four)
    schools = [a for a, c in four.items() if c.features["age_mismatch"] > 0]
    assert schools, "some candidate serves only school-aged children"
    for answer_id in schools:
        lost = curated._rule_score(plain[answer_id]) - curated._rule_score(four[answer_id])
        f = four[answer_id].features
        assert lost == pytest.approx(AGE_PENALTY * f["age_mismatch"] + TOPIC_AGE_PENALTY * f["topic_age_mismatch"])
    assert all(c.features["age_mismatch"] == 0.0 for c in plain.values())


def test_an_answer_about_a_school_service_loses_more_for_a_child_under_school_age(assistant: Assistant) -> None:
    """The school-absence answer names two school services of four, so the share alone (AGE_PENALTY x 0.5) left it
    first for a three-year-old crying at the day-care door (a user trial, 2026-12-02). An answer whose first service is
    a school's loses TOPIC_AGE_PENALTY for children under school age; one about the child health clinic that goes on
    to the school nurse loses nothing more for a school child."""
    curated = assistant.curated
    assert curated is not None
    question = "lapsi ei halua lähteä aamulla, itkee ja kiukuttelee ovella"
    terms, vector = assistant.analyzer.terms(question), assistant._embed(question)
    four = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi", ages=((4, 4),))}
    ten = {c.answer.id: c for c in curated.candidates(terms, vector, [], "fi", ages=((10, 10),))}
    spans = {s.id: s.fits.ages for s in assistant.corpus.services}

    def first_span(answer_id: str) -> tuple[float, float] | None:
        services = four[answer_id].answer.cites.services
        return spans.get(services[0]) if services else None

    about_school = [a for a in four if (first_span(a) or (0, 0))[0] >= 7]
    assert about_school, "some candidate is about a school service"
    assert all(four[a].features["topic_age_mismatch"] == 1.0 for a in about_school)
    assert all(ten[a].features["topic_age_mismatch"] == 0.0 for a in ten)
    assert all(four[a].features["topic_age_mismatch"] == 0.0 for a in four if a not in about_school)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Our kids want to do sports but the fees are too much for us. Is there anything free?", "en"),
        ("Who uses the school health care and family social work methods?", "en"),
        ("Vem använder metoderna i skolhälsovården?", "sv"),
    ],
)
def test_a_quoted_fallback_marks_only_finnish_sentences_as_finnish(
    assistant: Assistant, question: str, lang: str
) -> None:
    """The catalogue and glossary have Swedish and English sentences of their own: they stand under the plain heading,
    and only the handbook's Finnish sentences under the heading that says the quote is in Finnish."""
    knows = assistant.analyzer.knows  # type: ignore[attr-defined]
    retrieval = assistant._retrieve(question, assistant._embed(question))
    reply = assistant._compose(question, retrieval.sources, lang, lang)
    finnish_headings = {t("found_intro", lang), t("quote_in_finnish", lang)}
    heading = None
    cited = 0
    for line in reply.splitlines():
        if line in finnish_headings or line == t("quote_intro", lang):
            heading = line
        elif CITED_LINE.fullmatch(line):
            sentence = CITED_LINE.fullmatch(line)["sentence"]  # type: ignore[index]
            cited += 1
            if heading in finnish_headings:
                assert detect_language(sentence, knows) == "fi", (heading, line)
            else:
                assert heading == t("quote_intro", lang) and detect_language(sentence, knows) == lang, (heading, line)
    assert cited


def test_a_question_without_diacritics_is_searched_as_spelled_right(assistant: Assistant) -> None:
    # The embedding model reads 'sahkoinen' as another word than 'sähköinen': the question drew an answer about a fair
    # that mentions the site; the router still reads the message as written.
    own = next(a for a in assistant.corpus.answers if a.id == "sahkoinen-perhekeskus")
    for question in ("mika on sahkoinen perhekeskus", "mikä on sähköinen perhekeskus"):
        assert assistant.ask(question).reply.startswith(" ".join(own.answer.fi.split())), question
    vector = assistant._embed("sahkoinen perhekeskus")
    spelled, _ = assistant._spelled_vectors("sahkoinen perhekeskus", None, vector, None)
    assert spelled is not None and vector is not None
    assert np.allclose(spelled, assistant._embed("sähköinen perhekeskus"))


def test_one_word_most_passages_share_makes_no_quote(assistant: Assistant) -> None:
    # 'lapsi' is in half of the passages: a question about money and three children drew a sentence on violence.
    assert assistant.retriever is not None and assistant.scope is not None
    sources = assistant.retriever.retrieve("lähisuhdeväkivalta vaikuttaa lapsiin").sources
    assert assistant.scope.share("lapsi") > engine.GENERIC_SHARE >= assistant.scope.share("väkivalta")
    assert assistant._quote({"lapsi"}, sources, len(sources), "", "fi") == []
    quoted = assistant._quote({"lapsi", "väkivalta"}, sources, len(sources), "", "fi")
    assert quoted and all("väkival" in sentence for _, sentence in quoted)


def test_the_answers_of_a_named_service_and_of_the_close_needs_are_always_candidates(assistant: Assistant) -> None:
    # Eight answers sharing more words used to crowd them out: a message naming Lapset puheeksi got the speech
    # answer, a lonely single mother never had the single-parent answer to choose.
    assert assistant.curated is not None and assistant.needs is not None
    text = "onko uimahalli auki talvella sunnuntaisin"
    terms, vector = assistant.analyzer.terms(text), assistant._embed(text)
    plain = {c.answer.id for c in assistant.curated.candidates(terms, vector, [])}
    assert "svc-lapset-puheeksi" not in plain and "need-single-parent" not in plain
    single = next(n for n in assistant.corpus.needs if n.id == "single-parent")
    found = {
        c.answer.id for c in assistant.curated.candidates(terms, vector, [], named={"lapset-puheeksi"}, needs=[single])
    }
    assert {"svc-lapset-puheeksi", "need-single-parent"} <= found


def test_a_crisis_of_a_known_kind_shows_only_that_kinds_lines(assistant: Assistant) -> None:
    # Filled up by similarity, a suicidal message got the poison centre as its third card.
    result = assistant.ask("en halua enää elää, aion tappaa itseni tänä iltana")
    assert result.route == "crisis"
    assert [s["id"] for s in result.services] == ["hatanumero-112", "mieli-kriisipuhelin"]


def test_a_follow_up_moving_to_an_age_the_service_is_not_for_is_told_so_first(assistant: Assistant) -> None:
    # The answer about Motti was repeated for an eight-year-old as if it applied (raters of the tune roles).
    result = assistant.ask("mitä tarkoittaa motti ryhmä", ["Meidän 3-vuotiaan puheessa on viivettä"])
    assert "Motti" in result.reply
    moved = assistant.ask("entä jos poika on jo 9?", ["mitä tarkoittaa motti ryhmä"])
    first = moved.reply.splitlines()[0]
    assert first.startswith("Motti") and "0–6-vuotiaille" in first and t("age_ask", "fi") in first
    same_age = assistant.ask("entä jos hän on jo 5?", ["mitä tarkoittaa motti ryhmä"])
    assert "0–6-vuotiaille" not in same_age.reply


def test_a_baby_groups_answer_repeated_for_a_child_turning_one_says_first_that_it_is_for_babies(
    assistant: Assistant,
) -> None:
    first = "Onko Vauvavoimaa-ryhmä meille, vauva on 4 kk?"
    assert "Vauvavoimaa" in assistant.ask(first).reply
    older = assistant.ask("entä kun hän täyttää vuoden?", [first])
    lead = older.reply.splitlines()[0]
    assert lead.startswith("Vauvavoimaa") and "alle 1-vuotiaiden" in lead and t("age_ask", "fi") in lead


def test_a_follow_up_moving_the_child_past_the_answers_ages_gets_one_for_the_new_age(assistant: Assistant) -> None:
    first = "Vauva on 4 kuukautta, mihin vauvaryhmiin voisi mennä?"
    baby = assistant.ask(first)
    assert any(c["id"] in ("vauvavoimaa", "seurakunnan-vauvakahvila") for c in baby.services)
    older = assistant.ask("entä sitten kun hän on yksivuotias?", [first])
    ids = [c["id"] for c in older.services]
    # Not the baby groups again (they end at one): the meeting places for children under school age.
    assert ids and not {"vauvavoimaa", "seurakunnan-vauvakahvila"} & set(ids)
    assert {"mll-perhekahvilat", "avoin-paivakoti"} & set(ids)
    assert not older.reply.startswith("Vauvavoimaa")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Rovaniemen perhekeskus, missä se on", set()),  # 'rovaniemen' is a word of rovaniemen-turvakoti's id
        ("lapset ei nuku ja puhe viivästyy", set()),  # 'lapset' of lapset-puheeksi
        ("tyttö on koulussa alla päin", set()),
        ("päiväkoti ehdotti lapset puheeksi -keskustelua", {"lapset-puheeksi"}),
        ("Mikä on Apua huoliin -chat?", {"apua-huoliin-chat"}),
        ("saako apua eroon chatista neuvoa", {"apua-eroon-chat"}),
    ],
)
def test_a_service_is_named_by_a_distinctive_word_or_its_whole_name(
    assistant: Assistant, text: str, named: set[str]
) -> None:
    assert assistant.ranker is not None
    asked = [*assistant.analyzer.terms(text), *(w.lower() for w in re.findall(r"\w+", text))]
    assert assistant.ranker.named(asked) == named


def test_a_follow_up_the_model_alone_is_unsure_of_and_finds_calm_in_context_gets_112_under_the_answer(
    assistant: Assistant,
) -> None:
    # 'pelottaa mennä yksin sinne' alone reads a little alarming to the model (0.26); after a question about family
    # cafés it is calm: the answer, and 112 in one line under it.
    result = assistant.ask("pelottaa mennä yksin sinne", ["Onko Rovaniemellä perhekahviloita?"])
    assert result.route == "answer" and result.safety == "notice"
    assert "112" not in result.reply.splitlines()[0] and "112" in result.reply.splitlines()[-1]
    assert all(s["id"] != "hatanumero-112" for s in result.services)
    # A user trial: 'onks se ilmanen' after a question on custody arrangements got the emergency block on top. Read
    # as 'onko se ilmainen' it asks only about cost, as 'onks se maksullinen' does: no 112 at all.
    result = assistant.ask("onks se ilmanen", ["mista saa apua tapaamissopimukseen"])
    assert result.route == "answer" and "112" not in result.reply
    assert "lastenvalvoja" in result.reply.lower()
    # Danger told in a follow-up stays on top.
    assert assistant.ask("se on täällä nyt ja uhkaa lyödä", ["Mikä on Nollalinja?"]).route == "crisis"


def test_a_follow_up_naming_nothing_takes_the_topic_of_the_turn_it_names_with_the_turn_that_one_leans_on(
    assistant: Assistant,
) -> None:
    # 'entä ruoka-apu?' after a money worry is about food aid; 'pitääkö sinne varata aika?' after it got feeding advice.
    history = ["rahat ei riitä mihinkään ja lapsia on neljä", "entä ruoka-apu?"]
    assert assistant._topic("pitääkö sinne varata aika?", history) == " ".join(history)
    assert assistant._topic("pitääkö sinne varata aika?", history[1:]) == history[1]


def test_the_english_answers_gate_counts_the_answers_on_the_same_service_together(assistant: Assistant) -> None:
    # The answer written for a need and the one about its service split the classifier's certainty: a calm message in
    # another language lost its English answer.
    curated = assistant.curated
    assert curated is not None and curated.classifier is not None
    vector = assistant._embed("rahat ei riitä ja lapsia on kolme, kuka auttaa")
    probabilities = curated.classifier.probabilities(vector)
    answer = next(a for a in assistant.corpus.answers if a.id == "need-finances")
    same = [a.id for a in assistant.corpus.answers if a.cites.services[:1] == answer.cites.services[:1]]
    assert len(same) > 1
    assert curated.service_mass(answer, vector) == pytest.approx(sum(probabilities.get(a, 0.0) for a in same))
    assert curated.service_mass(answer, vector) > probabilities.get(answer.id, 0.0)


def test_an_unsure_crisis_with_no_answer_gets_112_one_line_and_everyday_cards(assistant: Assistant) -> None:
    """A message the model alone reads as violence below even odds, with no answer to give beside the emergency reply
    (the router read it in Finnish): 112, one 24/7 line the message's needs bear out (the general one here, not the
    shelter and Nollalinja the guessed kind names) and the everyday cards of its needs."""
    question = "Opettaja puhui harrastusreseptistä pojalleni, mikä se on?"
    decision = RouteDecision(
        "crisis",
        "crisis",
        ("violence",),
        ("hatanumero-112", "nollalinja", "rovaniemen-turvakoti"),
        ("model:0.20",),
        {"crisis": 0.2},
    )
    reply = assistant._unsure_emergency(decision, "fi", "fi", False, question, assistant._embed(question))
    ids = [c["id"] for c in reply.services]
    assert reply.route == "crisis" and not reply.sure
    assert ids[:2] == ["hatanumero-112", GENERAL_LINE], ids
    assert not {"nollalinja", "rovaniemen-turvakoti"} & set(ids)
    assert any(not c.get("urgent") for c in reply.services), ids
    assert "112" in reply.reply.splitlines()[0]
    # The full emergency reply of the same decision lists the guessed kind's lines: the test above can fail.
    full = assistant._crisis(decision, "fi", "fi", False, question, assistant._embed(question))
    assert "nollalinja" in [c["id"] for c in full.services]


def test_the_words_of_a_named_service_are_no_need_of_their_own(assistant: Assistant) -> None:
    # 'hoito' in 'hoito syytteen sijaan' is no child minding: its cards stay away; the named service keeps its card.
    result = assistant.ask("Mikä se hoito syytteen sijaan on?")
    ids = [card["id"] for card in result.services]
    assert ids and ids[0] == "hss-hoito-syytteen-sijaan"
    assert not {"mll-lastenhoitoapu", "lapsiperheiden-kotipalvelu"} & set(ids), ids


def test_a_service_named_in_english_without_its_last_word_is_not_off_topic(assistant: Assistant) -> None:
    result = assistant.ask("How long until the Ask for Help form gets a reply?")
    assert result.route == "answer" and "1–2" in result.reply


def test_an_answered_message_that_also_asks_for_a_person_gets_the_ways_to_one(assistant: Assistant) -> None:
    result = assistant.ask(
        "Vår son på 13 vill inte gå till skolan och vi vet inte vad vi ska göra. "
        "Kan jag prata med en riktig människa om det?"
    )
    assert result.route == "answer" and result.handoff.get("asked") is True
    lines = result.reply.splitlines()
    at = lines.index("Så här kan du kontakta en anställd vid familjecentret:")
    assert at > 2  # the answer comes first
    assert lines[at - 1].startswith("Den här chatten är en automatisk guide")
    # A question that only mentions people is no request for one.
    calm = assistant.ask("Mitä muut ihmiset tekevät, kun vauva ei nuku öisin?")
    assert "asked" not in calm.handoff


def test_a_phone_number_left_in_the_chat_is_told_to_go_to_the_form(assistant: Assistant) -> None:
    result = assistant.ask("mun numero on 044 987 6543, soittakaa iltapäivällä", ["voisiko joku soittaa minulle"])
    assert result.route == "handoff"
    assert result.reply.splitlines()[0].startswith("Yhteystiedot eivät välity tästä chatista")


def test_baby_cards_wait_until_the_message_speaks_of_a_baby_or_a_pregnancy(assistant: Assistant) -> None:
    general = [card["id"] for card in assistant.ask("Maksaako kohtaamispaikoissa käyminen mitään?").services]
    assert general and "vauvavoimaa" not in general, general
    expecting = [
        card["id"] for card in assistant.ask("Odotan ensimmäistä lasta, onko raskausajalle jotain ryhmää?").services
    ]
    assert "perhevalmennus-meijan-polku" in expecting, expecting


def test_a_family_from_the_city_of_vasa_is_not_answered_about_the_vasa_network(assistant: Assistant) -> None:
    for message in (
        "Vi kom från Vasa förra månaden och barnen är små, vi känner ingen här.",
        "We just moved from Vasa with two toddlers, where can we meet people?",
    ):
        result = assistant.ask(message)
        assert "vasa-verkosto" not in [card["id"] for card in result.services], message
        assert "VaSa" not in result.reply


@pytest.mark.parametrize(
    "question",
    [
        "Mulla on kaksi pientä ja oon ihan lopussa, mistä apua arkeen?",
        "Ollaan kaksi isää ja meillä on adoptoitu lapsi, huomioidaanko meidät?",
    ],
)
def test_what_families_said_in_a_survey_is_not_quoted_under_an_everyday_answer(
    assistant: Assistant, question: str
) -> None:
    """What families said at an event or in a survey ('Rovaniemeläiset perheet kertovat…') is their voice, not a fact
    about a service: the quote under an answer is another sentence (both messages quoted such a sentence before)."""
    from assistant.compose import voices

    result = assistant.ask(question)
    assert result.route == "answer"
    said = [s for source in result.sources for s in voices(source.chunk.text) if s in result.reply]
    assert said == [], result.reply


def test_a_question_about_the_survey_may_quote_what_families_said(assistant: Assistant) -> None:
    from assistant.compose import voices

    result = assistant.ask("Mitä lapsiperhekyselyssä toivottiin lisää?")
    said = [s for source in result.sources for s in voices(source.chunk.text) if s in result.reply]
    assert said, result.reply
