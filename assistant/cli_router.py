"""``perhekeskus router``: train the learned router and report its cross-validated quality."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from assistant.config import get_settings
from assistant.errors import AssistantError

router_app = typer.Typer(help="Train and inspect the learned router.", no_args_is_help=True)


def _fail(exc: Exception) -> typer.Exit:
    """An error a person can act on, on stderr, and exit code 2 (shared by every ``perhekeskus`` command)."""
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=2)


@router_app.command("train")
def train(
    force: Annotated[bool, typer.Option("--force", help="Retrain even if the data did not change.")] = False,
) -> None:
    """Train the router from assistant/router/data/ (also done by `index build` when the data changed)."""
    from assistant.factory import make_embedder
    from assistant.router.store import train_router

    settings = get_settings()
    try:
        path, trained = train_router(
            make_embedder(settings, threads=0),
            settings.index_dir,
            data_dir=settings.router_data_dir,
            cache_dir=settings.cache_dir,
            force=force,
        )
    except AssistantError as exc:
        raise _fail(exc) from exc
    print(f"router {'trained' if trained else 'up to date'}: {path}")


@router_app.command("report")
def report(
    folds: Annotated[int, typer.Option("--folds", help="Cross-validation folds.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    output: Annotated[Path | None, typer.Option("--output", help="Also write the JSON here.")] = None,
) -> None:
    """Cross-validated precision/recall per route, crisis type, language and style; confusion matrix."""
    from assistant.factory import make_embedder
    from assistant.router.data import ROUTES, load_examples
    from assistant.router.policy import Thresholds
    from assistant.router.report import crisis_sweep, out_of_fold, summary
    from assistant.router.vectors import embed_messages

    settings = get_settings()
    try:
        examples = load_examples(settings.router_data_dir)
    except AssistantError as exc:
        raise _fail(exc) from exc
    vectors = embed_messages(
        [e.text for e in examples],
        make_embedder(settings, threads=0),
        settings.cache_dir or settings.index_dir / "cache",
    )
    oof = out_of_fold(examples, vectors, folds=folds)
    limits = Thresholds.load()
    result = summary(oof, limits.crisis, limits.handoff, limits.out_of_scope)
    result["crisis_sweep"] = crisis_sweep(oof, [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6])
    if output is not None:
        output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(f"{result['n']} messages, {folds}-fold cross-validation, thresholds {result['thresholds']}")
    print(f"accuracy {result['accuracy']}")
    print("route          precision recall  f1     support")
    for route in ROUTES:
        r = result["per_route"][route]
        print(f"{route:14} {r['precision']:.3f}     {r['recall']:.3f}   {r['f1-score']:.3f}  {int(r['support'])}")
    print("confusion (rows gold, columns routed):", " ".join(ROUTES))
    for route, row in zip(ROUTES, result["confusion"]["matrix"], strict=True):
        print(f"  {route:14} {row}")
    for key in (
        "crisis_recall_by_type",
        "crisis_recall_by_lang",
        "crisis_recall_by_style",
        "false_alarm_by_lang",
        "near_miss_false_alarm",
        "accuracy_by_lang",
        "accuracy_by_style",
    ):
        print(f"{key}: {result.get(key)}")
    print("crisis threshold sweep (model alone):")
    for row in result["crisis_sweep"]:
        print(f"  {row['threshold']:.2f}  recall {row['recall']:.3f}  false alarms {row['false_alarm_rate']:.3f}")
