"""``perhekeskus corpus check``: every problem of the corpus files, each with file, line, entry and field."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.config import get_settings

corpus_app = typer.Typer(help="Check the corpus files.", no_args_is_help=True)


@corpus_app.command("check")
def check(
    corpus_dir: Annotated[
        Path | None, typer.Option("--corpus", help="Corpus directory (default: PK_CORPUS_DIR).")
    ] = None,
) -> None:
    """Validate handbook, glossary, services, needs, curated answers and their translations, and the answers and
    services that presuppose a situation (assistant/picking/conditions.yaml); exit 1 when anything is wrong."""
    from assistant.corpus import check_corpus, load_corpus
    from assistant.corpus.translations import StaleTranslation
    from assistant.picking.conditions import AnswerConditions, ConditionsError

    directory = corpus_dir or get_settings().corpus_dir
    problems: list[object] = list(check_corpus(directory))
    if all(isinstance(p, StaleTranslation) for p in problems):  # the corpus loads: its answers can be checked too
        try:
            corpus = load_corpus(directory)
            problems += AnswerConditions.load().problems(
                {a.id for a in corpus.answers}, {s.id for s in corpus.services}, {n.id for n in corpus.needs}
            )
        except ConditionsError as exc:
            problems.append(exc)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.secho(f"{len(problems)} problem(s) in {directory}", fg=typer.colors.RED, err=True)
        raise typer.Exit(code=1)
    corpus = load_corpus(directory)
    translated = ", ".join(f"{code} {len(t.texts)}" for code, t in sorted(corpus.translations.items()))
    typer.echo(
        f"{directory}: ok ({len(corpus.sections)} handbook sections, {len(corpus.glossary)} glossary terms, "
        f"{len(corpus.services)} services, {len(corpus.needs)} needs, {len(corpus.answers)} curated answers"
        + (f"; translated answers: {translated})" if translated else ")")
    )
