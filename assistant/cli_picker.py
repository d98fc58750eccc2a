"""``perhekeskus picker``: learn which curated answer fits a message, from the helper-written messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli_router import _fail
from assistant.config import get_settings
from assistant.errors import AssistantError

picker_app = typer.Typer(help="Train the curated-answer picking model.", no_args_is_help=True)
REPORT = Path("eval/reports/picker/report.txt")


@picker_app.command("train")
def train(
    output: Annotated[Path | None, typer.Option("--output", help="Where to write the model.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; keep the shipped model.")] = False,
) -> None:
    """Learn the model from assistant/picking/data/ with the built index; print the out-of-fold report."""
    from assistant.factory import make_assistant
    from assistant.picking.classifier import DEFAULT_PATH as CLASSIFIER_PATH
    from assistant.picking.classifier import FOREIGN_PATH
    from assistant.picking.data import load_examples
    from assistant.picking.model import DEFAULT_PATH
    from assistant.picking.train import train_classifier_for, train_model

    settings = get_settings()
    try:
        assistant = make_assistant(settings)
        if assistant.curated is None:
            raise AssistantError("the index has no curated answers: run `perhekeskus index build` first")
        examples = load_examples(known={a.id for a in assistant.corpus.answers} if assistant.corpus else None)
        cache = settings.cache_dir or settings.index_dir / "cache"
        # The classifier first: its best answers join the candidates the model learns from, so the model is learned
        # with the classifier it will serve with (trained after it, a second run on the same data gave other weights).
        classifier = train_classifier_for(assistant, examples, cache, date.today())
        assistant.curated.classifier = classifier
        model, report = train_model(assistant, examples, cache, date.today())
        foreign = train_classifier_for(assistant, examples, cache, date.today(), foreign=True)
    except AssistantError as exc:
        raise _fail(exc) from exc
    print("\n".join(report))
    if dry_run:
        return
    path = output or DEFAULT_PATH
    model.save(path)
    classifier.save(CLASSIFIER_PATH if output is None else path.with_name("classifier.npz"))
    foreign.save(FOREIGN_PATH if output is None else path.with_name(FOREIGN_PATH.name))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(report) + "\n", encoding="utf-8")
    print(
        f"model written to {path}, two answer classifiers ({len(classifier.classes)} answers) beside it; "
        f"report to {REPORT}"
    )
