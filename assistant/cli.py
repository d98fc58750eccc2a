"""``perhekeskus``: build the index, ask from the command line, serve the web app."""

from __future__ import annotations

import json
import logging
import sys
from typing import Annotated

import typer

from assistant.config import get_settings
from assistant.errors import AssistantError

app = typer.Typer(help="Perhekeskus guidance assistant.", no_args_is_help=True, add_completion=False)
index_app = typer.Typer(help="Build and inspect the search index.", no_args_is_help=True)
app.add_typer(index_app, name="index")


def _setup_logging() -> None:
    logging.basicConfig(
        level=get_settings().log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)


def _fail(exc: Exception) -> typer.Exit:
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    return typer.Exit(code=2)


@index_app.command("build")
def index_build(
    force: Annotated[bool, typer.Option("--force", help="Rebuild even when the index is up to date.")] = False,
) -> None:
    """Build the index from corpus/ (a no-op when nothing changed). The old index serves until the swap."""
    from tqdm import tqdm

    from assistant.factory import make_analyzer, make_builder, make_embedder

    _setup_logging()
    settings = get_settings()
    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="chunk", file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    try:
        builder = make_builder(settings, make_analyzer(settings), make_embedder(settings))
        result = builder.build(force=force, progress=progress)
    except AssistantError as exc:
        raise _fail(exc) from exc
    m = result.manifest
    if result.skipped:
        print(f"index {m.build_id} is up to date ({m.counts['chunks']} chunks)")
    else:
        print(
            f"built index {m.build_id}: {m.counts['chunks']} chunks "
            f"(handbook {m.counts['handbook']}, glossary {m.counts['glossary']}, services {m.counts['services']}) "
            f"in {m.build_seconds:.1f} s; analyzer {m.analyzer} ({m.voikko_backend}), embedder {m.embedder}"
        )


@index_app.command("info")
def index_info() -> None:
    """Print the serving index's manifest."""
    from assistant.index.builder import current_dir
    from assistant.index.manifest import Manifest

    try:
        manifest = Manifest.read(current_dir(get_settings().index_dir))
    except AssistantError as exc:
        raise _fail(exc) from exc
    print(manifest.model_dump_json(indent=2))


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in any language.")],
    history: Annotated[
        list[str] | None, typer.Option("--history", help="An earlier user turn (repeat, oldest first).")
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="fi, sv or en; detected when left out.")] = None,
    plain: Annotated[bool, typer.Option("--plain", help="Plain-language (selkokieli) summaries.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the chat response as JSON.")] = False,
) -> None:
    """Answer one question from the corpus."""
    from assistant.factory import make_assistant

    _setup_logging()
    try:
        result = make_assistant(get_settings()).ask(question, history or [], lang, plain)
    except AssistantError as exc:
        raise _fail(exc) from exc
    if as_json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    print(result.reply)
    for number, source in enumerate(result.sources, start=1):
        print(f"[{number}] {source.chunk.section} ({source.chunk.doc}) {source.chunk.url or ''}".rstrip())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (PK_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (PK_PORT).")] = None,
) -> None:
    """Start the API (and, when present, the web UI)."""
    import uvicorn

    from assistant.api.app import create_app

    _setup_logging()
    settings = get_settings()
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


if __name__ == "__main__":  # pragma: no cover
    app()
