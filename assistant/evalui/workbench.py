"""What the evaluators' tool does, without Gradio: list and run test sets, gate the metrics, ask one question,
write a rating sheet of a run. The numbers are those of ``perhekeskus eval --json`` (same runner, same metrics)."""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.corpus import Corpus, load_corpus
from assistant.engine import Assistant, ChatResult
from assistant.errors import InputError
from assistant.evaluation.gate import check_gate, load_thresholds
from assistant.evaluation.metrics import CaseResult, compute_metrics
from assistant.evaluation.ratings import write_sheet
from assistant.evaluation.runner import RETRIEVERS, Progress, RetrieverName, build_assistant, run_cases
from assistant.evaluation.testset import load_testset
from assistant.factory import make_assistant

AssistantFor = Callable[[RetrieverName], Assistant]
NOT_TEST_SETS = frozenset({"thresholds.yaml"})  # YAML under eval/ that is not in the test-set format


def offered_testsets(eval_dir: Path) -> list[str]:
    """Test sets under ``eval_dir`` by name only (no file is opened): every folder below it that holds
    ``*.yaml`` sets, and every ``*.yaml`` file but the gate's thresholds, sorted."""
    eval_dir = Path(eval_dir)
    if not eval_dir.is_dir():
        return []
    files = [p for p in eval_dir.rglob("*.yaml") if p.name not in NOT_TEST_SETS]
    folders = {p.parent for p in files if p.parent != eval_dir}
    return sorted(str(p) for p in [*folders, *files])


@dataclass(frozen=True)
class MetricRow:
    """One metric of a run with its gate bounds (empty when the gate has none) and whether it passed."""

    metric: str
    value: Any
    bounds: dict[str, float]
    passed: bool | None  # None: the gate has no threshold for this metric


@dataclass(frozen=True)
class RunReport:
    """A finished run: ``metrics`` is exactly what ``perhekeskus eval --json`` prints for the same set."""

    testset: str
    retriever: str
    metrics: dict[str, Any]
    results: list[CaseResult]
    thresholds: dict[str, dict[str, float]]
    violations: list[str]
    seconds: float

    @property
    def passed(self) -> bool:
        return not self.violations

    def metric_rows(self) -> list[MetricRow]:
        """The scalar metrics in the order of the JSON, then any gated metric the run has no value for."""
        names = [k for k, v in self.metrics.items() if not isinstance(v, dict | list)]
        names += [k for k in self.thresholds if k not in names]
        rows = []
        for name in names:
            bounds = self.thresholds.get(name, {})
            passed = not check_gate(self.metrics, {name: bounds}) if bounds else None
            rows.append(MetricRow(name, self.metrics.get(name), bounds, passed))
        return rows


class EvalWorkbench:
    """Runs test sets with a chosen retriever and answers single questions, for the evaluators' tool.

    Safe to share between Gradio's worker threads: assistants are built once per retriever under a lock and
    are themselves shared by threads in the server too."""

    def __init__(
        self,
        settings: Settings,
        *,
        thresholds: Path,
        assistant_for: AssistantFor | None = None,
        chat_assistant: Callable[[], Assistant] | None = None,
        corpus: Corpus | None = None,
    ) -> None:
        self.settings = settings
        self.thresholds = Path(thresholds)
        self._assistant_for = assistant_for or self._build
        self._chat_assistant = chat_assistant or (lambda: make_assistant(settings))
        self._corpus = corpus
        self._assistants: dict[str, Assistant] = {}
        self._chat: Assistant | None = None
        self._lock = threading.RLock()
        self._workdir: tempfile.TemporaryDirectory[str] | None = None

    # -- parts, built on first use ------------------------------------------------------------------------
    def _build(self, name: RetrieverName) -> Assistant:
        if self._workdir is None:  # the naive pipeline's temporary index lives as long as the tool
            self._workdir = tempfile.TemporaryDirectory(prefix="pk-eval-ui-")
        return build_assistant(name, self.settings, Path(self._workdir.name))

    def assistant(self, name: RetrieverName) -> Assistant:
        """The full assistant with retriever ``name`` (built on first use, then kept)."""
        with self._lock:
            if name not in self._assistants:
                self._assistants[name] = self._assistant_for(name)
            return self._assistants[name]

    @property
    def corpus(self) -> Corpus:
        with self._lock:
            if self._corpus is None:
                self._corpus = load_corpus(self.settings.corpus_dir)
            return self._corpus

    def service_names(self) -> dict[str, str]:
        """Catalogue id to Finnish name, in catalogue order."""
        return {s.id: s.name.fi for s in self.corpus.services}

    # -- work ---------------------------------------------------------------------------------------------
    def run(self, testset: str | Path, retriever: str, progress: Progress | None = None) -> RunReport:
        """Run every case of ``testset`` (a file or a folder of sets) through the assistant with ``retriever``
        and gate the metrics with the thresholds file. Errors name the file, case and field."""
        if retriever not in RETRIEVERS:
            raise InputError(f"retriever must be one of {', '.join(RETRIEVERS)}, not {retriever!r}")
        if not str(testset).strip():
            raise InputError("choose a test set: a YAML file or a folder of them")
        path = Path(str(testset).strip())
        started = time.perf_counter()
        cases = load_testset(path, set(self.corpus.service_ids))
        thresholds = load_thresholds(self.thresholds)
        if progress:
            progress(retriever, 0, len(cases))
        results = run_cases(self.assistant(retriever), cases, progress, retriever)  # type: ignore[arg-type]
        metrics = compute_metrics(results)
        return RunReport(
            testset=str(path),
            retriever=retriever,
            metrics=metrics,
            results=results,
            thresholds=thresholds,
            violations=check_gate(metrics, thresholds),
            seconds=round(time.perf_counter() - started, 1),
        )

    def ask(self, question: str, history: list[str], lang: str | None = None, plain: bool = False) -> ChatResult:
        """One chat response from the assistant the chat serves (hybrid, the configured number of sources)."""
        if not question.strip():
            raise InputError("write a question")
        with self._lock:
            if self._chat is None:
                self._chat = self._chat_assistant()
            chat = self._chat
        return chat.ask(question, history, lang or None, plain)

    def write_rating_sheet(self, report: RunReport, path: str | Path) -> int:
        """The run's replies as a rating sheet (the CSV of ``eval --rating-sheet``); never overwrites a sheet,
        which may hold ratings already."""
        target = Path(str(path).strip())
        if not str(path).strip() or target.suffix.lower() != ".csv":
            raise InputError(f"a rating sheet is a .csv file, not {str(path)!r}")
        if target.exists():
            raise InputError(f"{target} exists already; choose another name (its ratings are kept)")
        target.parent.mkdir(parents=True, exist_ok=True)
        names = self.service_names()
        cards = {r.case.id: [f"{names.get(i, i)} ({i})" for i in r.services] for r in report.results}
        return write_sheet(target, report.results, cards)
