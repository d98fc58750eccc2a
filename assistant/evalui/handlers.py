"""What each control of the evaluators' tool does, as plain functions of plain values (no Gradio), so the
tool's behaviour is tested without a browser; :mod:`assistant.evalui.app` only wires them to components."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.engine import ChatResult
from assistant.errors import AssistantError
from assistant.evaluation.metrics import CaseResult
from assistant.evaluation.ratings import SCORES, summarise
from assistant.evalui.sheet import RatingSheet, SheetRow
from assistant.evalui.workbench import EvalWorkbench, MetricRow, RunReport
from assistant.i18n import t

Rows = list[list[Any]]
Tick = Callable[[str, int, int], None]


@dataclass
class RunView:
    """What the run tab shows after a run (or an error in ``status``)."""

    status: str
    metrics: Rows = field(default_factory=list)
    cases: Rows = field(default_factory=list)
    numbers: dict[str, Any] = field(default_factory=dict)
    report: RunReport | None = None


@dataclass
class AskView:
    """What the ask tab shows for one question."""

    summary: str
    reply: str = ""
    sources: Rows = field(default_factory=list)
    services: Rows = field(default_factory=list)
    response: dict[str, Any] = field(default_factory=dict)


@dataclass
class RateView:
    """The reply on screen in the rating tab (``case_id`` empty when there is none) and a status line."""

    status: str
    position: str = ""
    case_id: str = ""
    number: int = 0
    question: str = ""
    history: str = ""
    reply: str = ""
    cards: str = ""
    sources: str = ""
    rating: str | None = None
    harmful_cards: str | None = None
    right_service: str = ""
    comment: str = ""


def _bounds(bounds: dict[str, float]) -> str:
    parts = [f"≥ {bounds['min']:g}"] if "min" in bounds else []
    parts += [f"≤ {bounds['max']:g}"] if "max" in bounds else []
    return ", ".join(parts)


class EvalHandlers:
    """The tool's actions in one language (``lang``: fi, sv or en, for labels and messages)."""

    def __init__(self, workbench: EvalWorkbench, lang: str = "fi") -> None:
        self.workbench = workbench
        self.lang = lang

    def t(self, key: str, **values: Any) -> str:
        text = t(key, self.lang)
        return text.format(**values) if values else text

    def _error(self, exc: Exception) -> str:
        return self.t("eval_error", message=str(exc))

    # -- run a test set -------------------------------------------------------------------------------------
    def metric_headers(self) -> list[str]:
        return [self.t(f"eval_col_{c}") for c in ("metric", "value", "result", "threshold")]

    def case_headers(self) -> list[str]:
        return [self.t(f"eval_col_{c}") for c in ("id", "question", "expected", "route", "evidence", "missed", "reply")]

    def metric_row(self, row: MetricRow) -> list[Any]:
        result = "" if row.passed is None else self.t("eval_pass" if row.passed else "eval_fail")
        value = "—" if row.value is None else row.value
        return [row.metric, value, result, _bounds(row.bounds)]

    def case_row(self, result: CaseResult) -> list[Any]:
        if not result.case.evidence:
            evidence = self.t("eval_evidence_none")
        elif result.evidence_rank is None:
            evidence = self.t("eval_evidence_miss")
        else:
            evidence = str(result.evidence_rank)
        failure = result.failure()
        missed = ", ".join(failure["missed"]) if failure else ""
        return [result.case.id, result.case.question, result.case.route, result.route, evidence, missed, result.reply]

    def case_rows(self, report: RunReport | None, failures_only: bool) -> Rows:
        """The per-case table, all cases or those that missed something (route, evidence, services, ...)."""
        if report is None:
            return []
        return [self.case_row(r) for r in report.results if not failures_only or r.failure() is not None]

    def case_detail(self, report: RunReport | None, case_id: str) -> str:
        """Everything about one case of the last run, as plain text: what was expected, what came back."""
        result = next((r for r in report.results if r.case.id == case_id), None) if report else None
        if result is None:
            return ""
        case, failure = result.case, result.failure()
        lines = [
            f"{case.id} ({case.lang}, {case.category or '-'}): {case.question}",
            *(f"  {self.t('eval_earlier')}: {turn}" for turn in case.history),
            f"{self.t('eval_col_expected')}: {case.route} · {self.t('eval_col_route')}: {result.route}"
            f" · safety: {result.safety}",
            f"{self.t('eval_col_evidence')}: {self.case_row(result)[4]} · evidence: {case.evidence or '-'}",
            f"services: {result.services[:3]} · expected: {case.services or '-'}",
            f"{self.t('eval_col_missed')}: {', '.join(failure['missed']) if failure else '-'}",
            f"{self.t('eval_sources')}:",
            *(f"  [{n}] {title}" for n, title in enumerate(result.source_titles, start=1)),
            f"{self.t('eval_reply')}:",
            result.reply,
        ]
        return "\n".join(lines)

    def run(self, testset: str, retriever: str, failures_only: bool = False, tick: Tick | None = None) -> RunView:
        """Run ``testset`` with ``retriever``; the metrics with their gate rows and the per-case table."""
        try:
            report = self.workbench.run(testset or "", retriever, tick)
        except (AssistantError, OSError) as exc:
            return RunView(status=self._error(exc))
        rows = report.metric_rows()
        gated = [r for r in rows if r.passed is not None]
        failed = sum(not r.passed for r in gated)
        key = "eval_gate_failed" if failed else "eval_gate_passed"
        status = self.t(key, n=len(gated), failed=failed, cases=len(report.results), seconds=report.seconds)
        return RunView(
            status=f"**{status}** ({report.testset}, {report.retriever})",
            metrics=[self.metric_row(r) for r in rows],
            cases=self.case_rows(report, failures_only),
            numbers=report.metrics,
            report=report,
        )

    def make_sheet(self, report: RunReport | None, path: str) -> str:
        """Write the last run's replies as a rating sheet at ``path`` (never over an existing file)."""
        if report is None:
            return self.t("eval_no_run")
        try:
            rows = self.workbench.write_rating_sheet(report, path)
        except (AssistantError, OSError) as exc:
            return self._error(exc)
        return self.t("eval_sheet_written", path=str(path).strip(), rows=rows)

    # -- ask one question -----------------------------------------------------------------------------------
    def source_headers(self) -> list[str]:
        return ["#", *(self.t(f"eval_col_{c}") for c in ("score", "doc", "section", "url"))]

    def service_headers(self) -> list[str]:
        return [self.t(f"eval_col_{c}") for c in ("id", "name", "summary", "channels", "urgent")]

    def ask(self, question: str, history: str = "", lang: str = "", plain: bool = False) -> AskView:
        """The full response to one question; ``history`` holds earlier user turns, one per line."""
        turns = [line.strip() for line in (history or "").splitlines() if line.strip()]
        try:
            result = self.workbench.ask(question or "", turns, lang or None, plain)
        except (AssistantError, OSError) as exc:
            return AskView(summary=self._error(exc))
        return self.ask_view(result)

    def ask_view(self, result: ChatResult) -> AskView:
        data = result.as_dict()
        needs = ", ".join(data.get("needs") or []) or "—"
        summary = self.t(
            "eval_response",
            route=result.route,
            safety=result.safety,
            lang=result.lang,
            needs=needs,
            took=round(result.took_ms),
        )
        sources = [
            [number, s["score"], s["doc"], s["section"] or s["title"], s["url"] or ""]
            for number, s in enumerate(data["sources"], start=1)
        ]
        services = [
            [
                s.get("id", ""),
                s.get("name", ""),
                s.get("summary", ""),
                "; ".join(f"{c.get('type')}: {c.get('label') or c.get('value')}" for c in s.get("channels") or []),
                self.t("eval_yes") if s.get("urgent") else self.t("eval_no"),
            ]
            for s in data["services"]
        ]
        return AskView(
            summary=f"**{summary}**",
            reply=result.reply,
            sources=sources,
            services=services,
            response=json.loads(json.dumps(data, ensure_ascii=False, default=str)),
        )

    # -- rate replies ---------------------------------------------------------------------------------------
    def rating_choices(self) -> list[tuple[str, str]]:
        """(label, value) of the rubric, best first; the value is what the sheet stores."""
        return [(self.t(f"eval_rating_{name}"), name) for name in SCORES]

    def harmful_choices(self) -> list[tuple[str, str]]:
        return [(self.t("eval_yes"), "yes"), (self.t("eval_no"), "no")]

    def service_choices(self) -> list[tuple[str, str]]:
        """The catalogue for ``right_service``: '—' (none) first, then 'name (id)' by catalogue order."""
        return [("—", ""), *((f"{name} ({sid})", sid) for sid, name in self.workbench.service_names().items())]

    def sheet_choices(self, ratings_dir: Path) -> list[str]:
        """Rating sheets in ``ratings_dir`` by name."""
        return sorted(str(p) for p in Path(ratings_dir).glob("*.csv")) if Path(ratings_dir).is_dir() else []

    def _view(self, sheet: RatingSheet, row: SheetRow | None, status: str = "") -> RateView:
        rows = sheet.rows()
        rated = sum(r.rated for r in rows)
        summary = self._summary(sheet) if rated else ""
        if row is None:
            done = self.t("eval_all_rated")
            return RateView(status=" ".join(p for p in (status, done, summary) if p))
        return RateView(
            status=" ".join(p for p in (status, summary) if p),
            position=self.t("eval_position", number=row.number, total=len(rows), rated=rated),
            case_id=row.id,
            number=row.number,
            question=row.question,
            history="\n".join(row.history),
            reply=row.reply,
            cards="\n".join(row.cards),
            sources="\n".join(row.sources),
            rating=row.rating if row.rating in SCORES else None,
            harmful_cards=row.harmful_cards or None,
            right_service=row.right_service,
            comment=row.comment,
        )

    def _summary(self, sheet: RatingSheet) -> str:
        s = summarise([sheet.path])
        score = "—" if s["score"] is None else f"{s['score']:.2f}"
        return self.t(
            "eval_summary",
            score=score,
            n=s["n"],
            accurate=s["accurate"],
            partly=s["partly"],
            wrong=s["wrong"],
            harmful=s["harmful_cards"],
        )

    def open_sheet(self, path: str) -> RateView:
        """The first reply without a rating (or the first reply when all are rated)."""
        try:
            sheet = RatingSheet(path or "")
            row = sheet.next_unrated(0)
            if row is None:
                rows = sheet.rows()
                return self._view(sheet, rows[0] if rows else None, self.t("eval_all_rated"))
            return self._view(sheet, row)
        except (AssistantError, OSError) as exc:
            return RateView(status=self._error(exc))

    def move(self, path: str, number: int, step: int) -> RateView:
        """The reply ``step`` places from position ``number`` (wrapping round), rated or not."""
        try:
            sheet = RatingSheet(path or "")
            rows = sheet.rows()
            if not rows:
                return self._view(sheet, None)
            index = ((number or 1) - 1 + step) % len(rows)
            return self._view(sheet, rows[index])
        except (AssistantError, OSError) as exc:
            return RateView(status=self._error(exc))

    def save(
        self,
        path: str,
        case_id: str,
        rating: str | None,
        harmful_cards: str | None = None,
        right_service: str | None = None,
        comment: str = "",
    ) -> RateView:
        """Store the rating of ``case_id`` in the sheet and show the next reply without one."""
        if not case_id:
            return RateView(status=self.t("eval_open_first"))
        try:
            sheet = RatingSheet(path or "")
            if not rating:
                current = next((r for r in sheet.rows() if r.id == case_id), None)
                view = self._view(sheet, current, self.t("eval_need_rating"))
                view.harmful_cards, view.right_service, view.comment = harmful_cards, right_service or "", comment
                return view
            saved = sheet.save(case_id, rating, harmful_cards or "", right_service or "", comment or "")
            following = sheet.next_unrated(saved.number)
            return self._view(sheet, following, self.t("eval_saved", id=case_id))
        except (AssistantError, OSError) as exc:
            return RateView(status=self._error(exc))
