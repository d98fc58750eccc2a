"""Metric arithmetic of shared/TESTSET.md over per-case results. Pure functions, no I/O."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.evaluation.testset import Case

MAX_RANK = 10
GROUPS = {"by_category": "category", "by_lang": "lang", "by_route": "route"}


def fold(text: str) -> str:
    """Case-insensitive, runs of white space folded to one space."""
    return re.sub(r"\s+", " ", text).strip().lower()


def evidence_rank(phrases: Iterable[str], texts: list[str], max_rank: int = MAX_RANK) -> int | None:
    """1-based rank of the first returned text containing any phrase, within ``max_rank``; None if none."""
    folded = [fold(p) for p in phrases]
    for rank, text in enumerate(texts[:max_rank], start=1):
        haystack = fold(text)
        if any(p in haystack for p in folded):
            return rank
    return None


@dataclass
class CaseResult:
    """What the assistant did with one case."""

    case: Case
    route: str
    source_texts: list[str]
    source_titles: list[str]
    services: list[str]
    latency_ms: float
    reply: str = ""
    safety: str = "none"
    reply_fact: bool | None = None  # every content term of an evidence phrase is in the reply (answer cases)
    evidence_rank: int | None = field(init=False)
    reply_evidence: bool | None = field(init=False)
    citations: list[bool] = field(init=False)
    languages: list[bool] = field(init=False)
    # Another language's non-crisis case: whether the reply answers in the writer's language (None for other cases).
    own_language: bool | None = field(init=False)

    def __post_init__(self) -> None:
        from assistant.evaluation.replies import (
            answered_in_own_language,
            citation_checks,
            language_checks,
            reply_has_evidence,
        )

        self.evidence_rank = evidence_rank(self.case.evidence, self.source_texts) if self.case.evidence else None
        answerable = self.case.evidence and self.case.route == "answer"
        self.reply_evidence = reply_has_evidence(self.reply, self.case.evidence or []) if answerable else None
        self.citations = citation_checks(self.reply, self.source_texts)
        self.languages = language_checks(self.reply, self.case.lang) if self.case.lang in ("fi", "sv", "en") else []
        other = self.case.lang == "other" and self.case.route != "crisis"
        self.own_language = answered_in_own_language(self.reply, self.case.question) if other else None

    @property
    def route_ok(self) -> bool:
        return self.route == self.case.route

    @property
    def service_hit(self) -> bool | None:
        if not self.case.services:
            return None
        return any(s in self.services[:3] for s in self.case.services)

    def failure(self) -> dict[str, Any] | None:
        """``{id, expected, got}`` when the case missed route, evidence (not in top 5) or services."""
        missed: list[str] = []
        if not self.route_ok:
            missed.append("route")
        if self.case.evidence and (self.evidence_rank is None or self.evidence_rank > 5):
            missed.append("evidence")
        if self.service_hit is False:
            missed.append("services")
        if self.reply_evidence is False:
            missed.append("reply_evidence")
        if not all(self.citations):
            missed.append("citations")
        if not all(self.languages):
            missed.append("language")
        if not missed:
            return None
        return {
            "id": self.case.id,
            "missed": missed,
            "question": self.case.question,
            "expected": {
                "route": self.case.route,
                "evidence": self.case.evidence,
                "services": self.case.services,
            },
            "got": {
                "route": self.route,
                "evidence_rank": self.evidence_rank,
                "services": self.services[:3],
                "sources": self.source_titles[:5],
                "reply": self.reply,
            },
        }


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 100)) - 1))
    return round(ordered[index], 2)


def hit_at(results: list[CaseResult], k: int) -> float | None:
    """Share of evidence cases with a hit at rank <= k."""
    with_evidence = [r for r in results if r.case.evidence]
    return _share([r.evidence_rank is not None and r.evidence_rank <= k for r in with_evidence])


def core_metrics(results: list[CaseResult]) -> dict[str, Any]:
    """The metrics of one group of results (no groups, no failures)."""
    with_evidence = [r for r in results if r.case.evidence]
    crisis = [r for r in results if r.case.route == "crisis"]
    with_services = [r for r in results if r.case.services]
    latencies = [r.latency_ms for r in results]
    mrr = (
        round(sum(1.0 / r.evidence_rank if r.evidence_rank else 0.0 for r in with_evidence) / len(with_evidence), 4)
        if with_evidence
        else None
    )
    oos_expected = [r for r in results if r.case.route == "out_of_scope"]
    oos_given = [r for r in results if r.route == "out_of_scope"]
    citations = [c for r in results for c in r.citations]
    languages = [c for r in results for c in r.languages]
    return {
        "n": len(results),
        "route_accuracy": _share([r.route_ok for r in results]),
        "crisis_recall": _share([r.route == "crisis" for r in crisis]),
        "crisis_false_positives": sum(r.route == "crisis" and r.case.route != "crisis" for r in results),
        "evidence_hit@1": hit_at(results, 1),
        "evidence_hit@5": hit_at(results, 5),
        "evidence_mrr@10": mrr,
        "service_hit@3": _share([bool(r.service_hit) for r in with_services]),
        "reply_evidence": _share([bool(r.reply_evidence) for r in results if r.reply_evidence is not None]),
        "reply_fact": _share([bool(r.reply_fact) for r in results if r.reply_fact is not None]),
        "citation_precision": _share(citations),
        "language_match": _share(languages),
        # Other languages: replies whose own text (beyond 112 and what we answer in) is in the writer's language.
        "own_language_reply": _share([bool(r.own_language) for r in results if r.own_language is not None]),
        "crisis_to_out_of_scope": sum(r.route == "out_of_scope" for r in crisis),
        "out_of_scope_precision": _share([r.case.route == "out_of_scope" for r in oos_given]),
        "out_of_scope_recall": _share([r.route == "out_of_scope" for r in oos_expected]),
        "latency_ms_p50": percentile(latencies, 50),
        "latency_ms_p95": percentile(latencies, 95),
    }


def _grouped(results: list[CaseResult], key: Callable[[CaseResult], str]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[CaseResult]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    return {name: core_metrics(members) for name, members in sorted(groups.items())}


def _group_key(attribute: str) -> Callable[[CaseResult], str]:
    def key(result: CaseResult) -> str:
        return str(getattr(result.case, attribute) or "none")

    return key


def compute_metrics(results: list[CaseResult]) -> dict[str, Any]:
    """Every metric of TESTSET.md, per group too, with the list of failures."""
    metrics = core_metrics(results)
    for name, attribute in GROUPS.items():
        metrics[name] = _grouped(results, _group_key(attribute))
    metrics["failures"] = [f for f in (r.failure() for r in results) if f is not None]
    return metrics
