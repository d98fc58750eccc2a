"""``perhekeskus eval-ui``: the evaluators' tool in the browser (Gradio, an optional extra)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from assistant.config import get_settings


def eval_ui(
    host: Annotated[str | None, typer.Option(help="Bind address (PK_EVAL_UI_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (PK_EVAL_UI_PORT).")] = None,
    lang: Annotated[str, typer.Option(help="Language of the tool: fi, sv or en.")] = "fi",
    eval_dir: Annotated[Path, typer.Option("--eval-dir", help="Test sets offered by name.")] = Path("eval"),
    ratings_dir: Annotated[
        Path, typer.Option("--ratings-dir", help="Where rating sheets are offered and written.")
    ] = Path("eval/ratings"),
    thresholds: Annotated[Path, typer.Option("--thresholds", help="Gate thresholds.")] = Path("eval/thresholds.yaml"),
) -> None:
    """The evaluators' tool: run a test set with a retriever and see the gated metrics and every case, ask one
    question and see the whole response, rate replies into a rating sheet. Needs Gradio (the eval-ui extra)."""
    from assistant.evalui.launch import INSTALL_HINT, create_app, gradio_available, launch

    if not gradio_available():
        typer.secho(f"error: {INSTALL_HINT}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=2)
    if lang not in ("fi", "sv", "en"):
        typer.secho(f"error: --lang must be fi, sv or en, not {lang!r}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=2)
    from assistant.cli import _setup_logging

    _setup_logging()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # Gradio's requests to itself at start-up
    settings = get_settings()
    app = create_app(settings, eval_dir=eval_dir, ratings_dir=ratings_dir, thresholds=thresholds, lang=lang)
    try:
        url = launch(app, host or settings.eval_ui_host, port or settings.eval_ui_port, block=False)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"evaluators' tool on {url} (Ctrl+C stops it)", err=True)
    app.block_thread()
