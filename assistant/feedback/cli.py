"""``perhekeskus feedback``: the families' "no" ratings for evaluators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.config import get_settings
from assistant.feedback.export import parse_days, to_csv, to_testset

feedback_app = typer.Typer(help="Families' ratings of answers.", no_args_is_help=True)


@feedback_app.command("export")
def feedback_export(
    since: Annotated[str, typer.Option("--since", help="How far back, e.g. 30d.")] = "30d",
    fmt: Annotated[str, typer.Option("--format", help="testset (YAML cases) or csv.")] = "testset",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write; default stdout.")] = None,
) -> None:
    """Write the scrubbed questions rated "no" as test-set cases (route and evidence for a person to fill)
    or as CSV for a spreadsheet. Crisis turns are never among them: no text is kept of them."""
    from datetime import timedelta

    from assistant.factory import make_handoff
    from assistant.feedback.store import FeedbackStore
    from assistant.handoff.db import session_factory

    if fmt not in ("testset", "csv"):
        raise typer.BadParameter("testset or csv", param_hint="--format")
    try:
        days = parse_days(since)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--since") from exc
    handoff = make_handoff(get_settings())
    try:
        rows = FeedbackStore(session_factory(handoff.engine)).unhelpful(timedelta(days=days))
    finally:
        handoff.engine.dispose()
    text = to_testset(rows) if fmt == "testset" else to_csv(rows)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {len(rows)} case(s) to {output}", err=True)
