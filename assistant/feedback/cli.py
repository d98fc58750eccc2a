"""``perhekeskus feedback``: the families' "no" ratings for evaluators, and the groups of questions that did
not help with a draft curated answer for each, for the coordinator."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.config import Settings, get_settings
from assistant.feedback.export import parse_days, to_csv, to_testset

if TYPE_CHECKING:
    from assistant.engine import Assistant
    from assistant.feedback.insight import Group

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
    days = _days(since)
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


def _days(since: str) -> int:
    try:
        return parse_days(since)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--since") from exc


def _groups(settings: Settings, days: int, assistant: Assistant | None) -> list[Group]:
    """The groups of the last ``days`` days, grouped with ``assistant``'s embedder (None: equal texts)."""
    from assistant.factory import make_handoff
    from assistant.feedback.insight import Insight
    from assistant.feedback.store import FeedbackStore
    from assistant.handoff.db import session_factory

    handoff = make_handoff(settings)
    embedder = assistant.embedder if assistant is not None else None
    try:
        store = FeedbackStore(session_factory(handoff.engine))
        return Insight(store, embedder.embed_query if embedder is not None else None).groups(days)
    finally:
        handoff.engine.dispose()


@feedback_app.command("groups")
def feedback_groups(
    since: Annotated[str, typer.Option("--since", help="How far back, e.g. 30d.")] = "30d",
) -> None:
    """The questions rated "no" or left unanswered, grouped by meaning, largest first: number, key, count and
    the first question (draft one with `perhekeskus feedback draft NUMBER`)."""
    from assistant.factory import make_assistant

    settings = get_settings()
    groups = _groups(settings, _days(since), make_assistant(settings))
    if not groups:
        typer.echo("no questions rated no or left unanswered in that time", err=True)
    for number, group in enumerate(groups, start=1):
        typer.echo(f"{number}\t{group.key}\t{group.count}\t{group.question}")


@feedback_app.command("draft")
def feedback_draft(
    group: Annotated[str, typer.Argument(help="The group's number in `feedback groups` (1 = largest) or its key.")],
    since: Annotated[str, typer.Option("--since", help="How far back, e.g. 30d.")] = "30d",
    lang: Annotated[str, typer.Option("--lang", help="Language of the notes: fi, sv or en.")] = "fi",
) -> None:
    """A curated answer to complete for one group, in the format of corpus/answers.yaml: the group's wordings
    as question variants, the best sources as cites, the answer texts marked !KESKEN (the corpus loader
    refuses them until written). Printed for copying; corpus/answers.yaml is not touched."""
    from assistant.factory import make_assistant
    from assistant.feedback.curated_draft import best_cites, draft_yaml
    from assistant.i18n import ui_language

    settings = get_settings()
    assistant = make_assistant(settings)
    groups = _groups(settings, _days(since), assistant)
    chosen = next((g for g in groups if g.key == group), None)
    if chosen is None and group.isdigit() and 1 <= int(group) <= len(groups):
        chosen = groups[int(group) - 1]
    if chosen is None:
        raise typer.BadParameter(
            f"no group {group!r} in the last {since}: give a number from 1 to {len(groups)} or a key "
            "(perhekeskus feedback groups lists them)",
            param_hint="GROUP",
        )
    taken = [answer.id for answer in assistant.corpus.answers] if assistant.corpus else []
    typer.echo(
        draft_yaml(chosen, best_cites(assistant, chosen.question, chosen.lang), taken, ui_language(lang)), nl=False
    )
