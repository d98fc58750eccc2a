"""Metric arithmetic on hand-made results; no model involved."""

from __future__ import annotations

import pytest

from assistant.evaluation.metrics import CaseResult, compute_metrics, evidence_rank, percentile
from assistant.evaluation.testset import Case

pytestmark = pytest.mark.unit


def case(id: str, route: str = "answer", **fields: object) -> Case:
    return Case.model_validate({"id": id, "lang": fields.pop("lang", "fi"), "route": route, "question": "q", **fields})


def result(
    c: Case,
    route: str | None = None,
    texts: list[str] | None = None,
    services: list[str] | None = None,
    latency: float = 10.0,
) -> CaseResult:
    return CaseResult(
        c, route or c.route, texts or [], [f"s{i}" for i in range(len(texts or []))], services or [], latency
    )


def test_evidence_rank_folds_case_and_white_space() -> None:
    texts = ["ei mitään", "Tässä on  VAKKANEN\n yhteistyöryhmä", "vakkanen"]
    assert evidence_rank(["vakkanen yhteistyöryhmä"], texts) == 2
    assert evidence_rank(["puuttuu"], texts) is None
    assert evidence_rank(["vakkanen"], ["x"] * 10 + ["vakkanen"]) is None  # only the first 10 count


def test_hit_at_k_and_mrr() -> None:
    results = [
        result(case("a", evidence=["x"]), texts=["x", "y"]),  # rank 1
        result(case("b", evidence=["x"]), texts=["y", "y", "x"]),  # rank 3
        result(case("c", evidence=["x"]), texts=["y"] * 6 + ["x"]),  # rank 7
        result(case("d", evidence=["x"]), texts=["y"]),  # miss
        result(case("e"), texts=["x"]),  # no evidence: not counted
    ]
    metrics = compute_metrics(results)
    assert metrics["evidence_hit@1"] == 0.25
    assert metrics["evidence_hit@5"] == 0.5
    assert metrics["evidence_mrr@10"] == pytest.approx(round((1 + 1 / 3 + 1 / 7 + 0) / 4, 4))
    assert metrics["n"] == 5


def test_routes_crisis_recall_false_positives_and_services() -> None:
    results = [
        result(case("c1", "crisis", services=["hatanumero-112"]), services=["hatanumero-112", "nollalinja"]),
        result(case("c2", "crisis"), route="answer"),
        result(case("a1", services=["neuvola"]), route="crisis", services=["x", "y", "z", "neuvola"]),
        result(case("a2", services=["neuvola"]), services=["neuvola"]),
        result(case("h1", "handoff")),
    ]
    metrics = compute_metrics(results)
    assert metrics["route_accuracy"] == 0.6
    assert metrics["crisis_recall"] == 0.5
    assert metrics["crisis_false_positives"] == 1
    assert metrics["service_hit@3"] == pytest.approx(2 / 3, abs=1e-4)  # 4th place does not count
    assert {f["id"] for f in metrics["failures"]} == {"c2", "a1"}
    failure = next(f for f in metrics["failures"] if f["id"] == "a1")
    assert failure["expected"]["route"] == "answer" and failure["got"]["route"] == "crisis"
    assert set(failure["missed"]) == {"route", "services"}


def test_groups_by_category_lang_and_route() -> None:
    results = [
        result(case("a", category="ch1", evidence=["x"]), texts=["x"]),
        result(case("b", category="ch1", lang="sv", evidence=["x"]), texts=["y"]),
        result(case("c", "out_of_scope"), route="answer"),
    ]
    metrics = compute_metrics(results)
    assert metrics["by_category"]["ch1"]["evidence_hit@5"] == 0.5
    assert metrics["by_category"]["none"]["route_accuracy"] == 0.0
    assert metrics["by_lang"]["sv"]["n"] == 1 and metrics["by_lang"]["fi"]["n"] == 2
    assert metrics["by_route"]["out_of_scope"]["route_accuracy"] == 0.0
    assert metrics["by_route"]["answer"]["crisis_recall"] is None  # no crisis cases in the group


def test_latency_percentiles() -> None:
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile(list(map(float, range(1, 101))), 95) == 95.0
    assert percentile([], 50) is None
    metrics = compute_metrics([result(case(str(i)), latency=float(i)) for i in range(1, 21)])
    assert metrics["latency_ms_p50"] == 10.0 and metrics["latency_ms_p95"] == 19.0


def test_other_language_replies_count_when_their_own_text_is_in_the_writers_language() -> None:
    """An everyday question in Russian: a reply whose answer is in Russian counts; one that says only, in Russian, that
    we answer in Finnish, Swedish and English (a fixed line) and answers in English does not; crisis cases and our
    three languages are not counted."""
    question = "Моему сыну четыре года, он почти не говорит. Куда обратиться за помощью?"
    fixed = (
        "Я могу отвечать только на финском, шведском и английском языках, поэтому мой ответ ниже на английском. "
        "Сотрудник семейного центра может вам помочь."
    )
    english = (
        "If your child's speech worries you, talk to the child health clinic (neuvola), which follows the growth of "
        "children under school age."
    )
    russian = (
        "Если вас беспокоит речь ребёнка, расскажите об этом в детской консультации (neuvola), которая наблюдает за "
        "развитием детей дошкольного возраста."
    )

    def replied(id: str, route: str, lang: str, reply: str) -> CaseResult:
        return CaseResult(case(id, route, lang=lang, question=question), route, [], [], [], 1.0, reply=reply)

    own = replied("a", "handoff", "other", f"{fixed}\n{russian}")
    not_own = replied("b", "handoff", "other", f"{fixed}\n{english}")
    crisis = replied("c", "crisis", "other", english)
    finnish = replied("d", "answer", "fi", english)
    assert own.own_language is True and not_own.own_language is False
    assert crisis.own_language is None and finnish.own_language is None
    assert compute_metrics([own, not_own, crisis, finnish])["own_language_reply"] == 0.5
