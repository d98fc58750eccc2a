"""``make bench``: full index build time and warm ``ask`` latency on this machine."""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from assistant.config import get_settings
from assistant.factory import make_analyzer, make_assistant, make_builder, make_embedder

QUESTIONS = [
    "Mistä saan apua jos puoliso lyö?",
    "Mikä on Vakkanen?",
    "Onko Rovaniemellä perhekahviloita?",
    "Var kan jag få hjälp när vi skiljer oss?",
    "Where can I meet other parents with a baby?",
]


def _questions(testset: Path) -> list[str]:
    if not testset.is_file():
        return QUESTIONS
    cases = yaml.safe_load(testset.read_text(encoding="utf-8")) or []
    return [str(c["question"]) for c in cases if isinstance(c, dict) and c.get("question")] or QUESTIONS


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    settings = get_settings()
    analyzer, embedder = make_analyzer(settings), make_embedder(settings)
    with tempfile.TemporaryDirectory() as tmp:
        bench_settings = settings.model_copy(update={"index_dir": Path(tmp) / "index"})
        started = time.perf_counter()
        result = make_builder(bench_settings, analyzer, embedder).build(force=True)
        build_s = time.perf_counter() - started
        _say(f"index build: {build_s:.1f} s for {result.manifest.counts['chunks']} chunks")

        assistant = make_assistant(bench_settings)
        questions = _questions(Path("eval/tune.yaml"))
        assistant.ask(questions[0])  # warm-up
        times = []
        for question in questions:
            started = time.perf_counter()
            assistant.ask(question)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        _say(
            f"warm ask over {len(times)} questions: p50 {statistics.median(times):.1f} ms, "
            f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
