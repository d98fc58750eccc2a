"""``perhekeskus needs``: learn which family need a message is about, from the written messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from assistant.cli_router import _fail
from assistant.config import get_settings
from assistant.errors import AssistantError

needs_app = typer.Typer(help="Train the need classifier.", no_args_is_help=True)
REPORT = Path("eval/reports/needs/report.txt")


@needs_app.command("train")
def train(
    output: Annotated[Path | None, typer.Option("--output", help="Where to write the classifier.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; keep the shipped classifier.")] = False,
    weights: Annotated[
        str, typer.Option("--weights", help="Class weights to report out of fold, comma-separated.")
    ] = "",
) -> None:
    """Learn the classifier from assistant/needmodel/data/ and the need descriptions; print the out-of-fold
    report (the need matcher's first need without and with the classifier)."""
    from assistant.factory import make_assistant
    from assistant.needmodel import CLASSIFIER_PATH
    from assistant.needmodel.train import (
        description_texts,
        load_need_examples,
        out_of_fold,
        summarise,
        train_need_classifier,
    )
    from assistant.needs import CLASS_WEIGHT, NeedMatcher
    from assistant.picking.classifier import AnswerClassifier
    from assistant.picking.data import Example
    from assistant.router.vectors import embed_messages

    settings = get_settings()
    try:
        assistant = make_assistant(settings)
        if assistant.corpus is None or assistant.embedder is None or assistant.needs is None:
            raise AssistantError("the index has no needs or no embedder: run `perhekeskus index build` first")
        corpus, embedder, analyzer = assistant.corpus, assistant.embedder, assistant.analyzer
        examples = load_need_examples(corpus)
        cache = settings.cache_dir or settings.index_dir / "cache"
        vectors = embed_messages([e.text for e in examples], embedder, cache)
        base_texts, base_labels = description_texts(corpus)
        base_vectors = embed_messages(base_texts, embedder, cache)
        phrases = assistant.needs.phrases
        report: list[str] = [f"{len(examples)} written messages, {len(base_texts)} descriptions"]
        for weight in [float(w) for w in weights.split(",") if w.strip()] or [CLASS_WEIGHT]:

            def decide(
                example: Example, vector: np.ndarray, classifier: AnswerClassifier | None, weight: float = weight
            ) -> str | None:
                matcher = NeedMatcher(corpus, phrases, classifier, class_weight=weight)
                found = matcher.match(analyzer.terms(example.text), vector)
                return found[0].id if found else None

            outcomes = out_of_fold(examples, vectors, base_labels, base_vectors, decide)
            report += [f"class weight {weight}", *summarise(outcomes)]
        classifier = train_need_classifier(corpus, examples, embedder, cache, date.today())
    except AssistantError as exc:
        raise _fail(exc) from exc
    print("\n".join(report))
    if dry_run:
        return
    path = output or CLASSIFIER_PATH
    classifier.save(path)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"need classifier ({len(classifier.classes)} classes) written to {path}; report to {REPORT}")
