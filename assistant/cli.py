"""``perhekeskus``: build the index, ask from the command line, serve the web app."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli_corpus import corpus_app
from assistant.cli_needs import needs_app
from assistant.cli_picker import picker_app
from assistant.cli_router import _fail, router_app
from assistant.config import get_settings
from assistant.errors import AssistantError
from assistant.evalui.cli import eval_ui
from assistant.feedback.cli import feedback_app

app = typer.Typer(help="Perhekeskus guidance assistant.", no_args_is_help=True, add_completion=False)
index_app = typer.Typer(help="Build and inspect the search index.", no_args_is_help=True)
app.add_typer(index_app, name="index")
staff_app = typer.Typer(help="Staff accounts of the console.", no_args_is_help=True)
app.add_typer(staff_app, name="staff")
app.add_typer(router_app, name="router")
app.add_typer(picker_app, name="picker")
app.add_typer(needs_app, name="needs")
app.add_typer(corpus_app, name="corpus")
app.add_typer(feedback_app, name="feedback")
app.command("eval-ui")(eval_ui)


def _setup_logging() -> None:
    logging.basicConfig(
        level=get_settings().log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)


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
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="chunk", file=sys.stderr, disable=None)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    try:
        builder = make_builder(settings, make_analyzer(settings), make_embedder(settings, threads=0))
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
        assistant = make_assistant(get_settings())
        if assistant.index_error:
            typer.secho(f"warning: searching is unavailable: {assistant.index_error}", fg=typer.colors.YELLOW, err=True)
        result = assistant.ask(question, history or [], lang, plain)
    except AssistantError as exc:
        raise _fail(exc) from exc
    if as_json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    print(result.reply)
    for number, source in enumerate(result.sources, start=1):
        print(f"[{number}] {source.chunk.section} ({source.chunk.doc}) {source.chunk.url or ''}".rstrip())


def _advance(bar: Any) -> Callable[[str, int, int], None]:
    """A progress callback that moves a tqdm bar to ``done``."""

    def update(_label: str, done: int, _total: int) -> None:
        bar.update(done - bar.n)

    return update


@app.command("eval")
def evaluate(
    testset: Annotated[Path, typer.Option("--testset", help="Test set (TESTSET.md format).")] = Path("eval/tune.yaml"),
    retriever: Annotated[
        str, typer.Option("--retriever", help="hybrid | bm25 | dense | naive (ignored with --compare).")
    ] = "hybrid",
    compare: Annotated[bool, typer.Option("--compare", help="Run all four retrievers on the same cases.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Write report.md/.html and plots here.")] = None,
    gate: Annotated[bool, typer.Option("--gate", help="Exit 1 when a threshold is missed.")] = False,
    thresholds: Annotated[Path, typer.Option("--thresholds", help="Gate thresholds.")] = Path("eval/thresholds.yaml"),
    rating_sheet: Annotated[
        Path | None, typer.Option("--rating-sheet", help="Write a CSV of the replies for people to rate.")
    ] = None,
    ratings: Annotated[
        list[Path] | None, typer.Option("--ratings", help="Summarise filled rating sheets (no run).")
    ] = None,
) -> None:
    """Run the answer test set through the full assistant and report the metrics of TESTSET.md."""
    import tempfile
    import time

    if ratings:
        from assistant.evaluation.ratings import summarise

        try:
            print(json.dumps(summarise(ratings), ensure_ascii=False, indent=2))
        except (AssistantError, OSError) as exc:
            raise _fail(exc) from exc
        return

    from tqdm import tqdm

    from assistant.evaluation.gate import check_gate, load_thresholds
    from assistant.evaluation.metrics import compute_metrics
    from assistant.evaluation.report import comparison_table, write_report
    from assistant.evaluation.runner import RETRIEVERS, build_assistant, run_cases
    from assistant.evaluation.testset import load_testset

    _setup_logging()
    if retriever not in RETRIEVERS:
        raise _fail(ValueError(f"--retriever must be one of {', '.join(RETRIEVERS)}, not {retriever!r}"))
    names = list(RETRIEVERS) if compare else [retriever]
    settings = get_settings()
    started = time.perf_counter()
    try:
        from assistant.corpus import load_corpus

        cases = load_testset(testset, set(load_corpus(settings.corpus_dir).service_ids))
        limits = load_thresholds(thresholds) if gate else {}
        runs: dict[str, dict] = {}
        results: dict[str, list] = {}
        with tempfile.TemporaryDirectory() as workdir:
            for name in names:
                bar = tqdm(total=len(cases), desc=name, unit="case", file=sys.stderr, disable=None)
                assistant = build_assistant(name, settings, Path(workdir))  # type: ignore[arg-type]
                results[name] = run_cases(assistant, cases, _advance(bar), name)
                bar.close()
                runs[name] = compute_metrics(results[name])
    except AssistantError as exc:
        raise _fail(exc) from exc
    seconds = time.perf_counter() - started
    primary = names[0]
    if rating_sheet is not None:
        from assistant.corpus import load_corpus
        from assistant.evaluation.ratings import write_sheet

        corpus = load_corpus(settings.corpus_dir)
        names_of = {s.id: s.name.fi for s in corpus.services}
        cards = {r.case.id: [f"{names_of.get(i, i)} ({i})" for i in r.services] for r in results[primary]}
        rows = write_sheet(rating_sheet, results[primary], cards)
        typer.echo(f"rating sheet with {rows} replies written to {rating_sheet}", err=True)
    if report is not None:
        path = write_report(report, runs, results, testset=str(testset), primary=primary, seconds=seconds)
        typer.echo(f"report written to {path}", err=True)
    if as_json:
        print(json.dumps(runs if compare else runs[primary], ensure_ascii=False, indent=2))
    else:
        print(comparison_table(runs))
        print(f"failures ({primary}): {len(runs[primary]['failures'])}")
    typer.echo(f"total time {seconds:.1f} s for {len(cases)} cases x {len(names)} retriever(s)", err=True)
    if gate:
        violations = check_gate(runs[primary], limits)
        if violations:
            typer.secho("gate failed: " + "; ".join(violations), fg=typer.colors.RED, err=True)
            raise typer.Exit(code=1)
        typer.secho(f"gate passed ({primary})", fg=typer.colors.GREEN, err=True)


@staff_app.command("add")
def staff_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option("--role", help="staff or admin.")] = "staff",
) -> None:
    """Create a staff account. The password is read from a prompt, or from stdin when piped (never a flag)."""
    _setup_logging()
    password = _new_password()
    try:
        identity = _staff_auth().add_user(name, password, role)
    except (ValueError, AssistantError) as exc:
        raise _fail(exc) from exc
    print(f"created {identity.role} account {identity.name!r} (id {identity.id})")


@staff_app.command("list")
def staff_list() -> None:
    """Every account: name, role, whether it is disabled and its live sessions."""
    _setup_logging()
    try:
        accounts = _staff_auth().accounts()
    except AssistantError as exc:
        raise _fail(exc) from exc
    print(f"{'name':<24} {'role':<6} {'state':<9} {'sessions':>8}  created")
    for account in accounts:
        state = "disabled" if account.disabled else "active"
        created = account.created_at.date().isoformat()
        print(f"{account.name:<24} {account.role:<6} {state:<9} {account.sessions:>8}  {created}")


@staff_app.command("disable")
def staff_disable(name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Disable an account: it can no longer log in, and its sessions end at once."""
    _set_disabled(name, True)


@staff_app.command("enable")
def staff_enable(name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Enable a disabled account again."""
    _set_disabled(name, False)


@staff_app.command("reset")
def staff_reset(name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Set a new password (from a prompt, or stdin when piped); the account's sessions end."""
    _setup_logging()
    password = _new_password()
    try:
        _staff_auth().reset_password(name, password)
    except (ValueError, AssistantError) as exc:
        raise _fail(exc) from exc
    print(f"new password set for {name!r}; its sessions have ended")


def _set_disabled(name: str, disabled: bool) -> None:
    _setup_logging()
    try:
        _staff_auth().set_disabled(name, disabled)
    except (ValueError, AssistantError) as exc:
        raise _fail(exc) from exc
    print(f"{name!r} is {'disabled; its sessions have ended' if disabled else 'enabled'}")


def _new_password() -> str:
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    return sys.stdin.readline().rstrip("\n")


def _staff_auth() -> Any:
    from assistant.factory import make_handoff

    return make_handoff(get_settings()).auth


@app.command()
def purge(
    older_than: Annotated[str, typer.Option("--older-than", help="Age of closed requests to delete, e.g. 90d.")] = "",
) -> None:
    """Delete closed Pyydä apua requests and their transcripts, logged chat turns and ratings past the
    retention period."""
    import re
    from datetime import timedelta

    from assistant.factory import make_handoff
    from assistant.feedback import FeedbackStore
    from assistant.handoff.db import session_factory

    _setup_logging()
    settings = get_settings()
    text = older_than or f"{settings.retention_days}d"
    match = re.fullmatch(r"(\d+)d", text.strip())
    if not match:
        raise _fail(ValueError(f"--older-than: write days like 90d, not {text!r}"))
    try:
        handoff = make_handoff(settings)
        age = timedelta(days=int(match.group(1)))
        # Turns and ratings first: the queue's purge then erases the freed space of both.
        logged = FeedbackStore(session_factory(handoff.engine)).purge(age)
        removed = handoff.queue.purge(age)
    except AssistantError as exc:
        raise _fail(exc) from exc
    print(f"deleted {removed} closed request(s) older than {match.group(1)} days")
    print(f"deleted {logged} logged chat turn(s) and rating(s) older than {match.group(1)} days")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (PK_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (PK_PORT).")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes; each loads the index once.")] = 1,
) -> None:
    """Start the API (and, when present, the web UI)."""
    import uvicorn

    from assistant.threads import limit_compute_threads

    _setup_logging()
    settings = get_settings()
    limit_compute_threads(settings.compute_threads)  # before the workers start: they inherit the environment
    _log_voikko_backend(settings.voikko_backend)
    uvicorn.run(
        "ui.mount:serve_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level.lower(),
    )


def _log_voikko_backend(preference: str) -> None:
    """Say which Voikko backend serves, and how to get the fast native one when it is missing. The backend is
    only looked up here (pyvoikko is not loaded: each worker loads what it uses)."""
    from assistant.text.voikko import available_backend

    backend = available_backend(preference)
    names = {"native": "native (libvoikko)", "python": "python (pyvoikko, slower)"}
    logging.getLogger("assistant.cli").info("voikko backend: %s", names.get(backend or "", "none (Snowball stems)"))
    if backend != "native":
        logging.getLogger("assistant.cli").warning(
            "Finnish analysis is not using native libvoikko, so it is slower. Install it with "
            "`sudo apt-get install -y libvoikko1 voikko-fi python3-libvoikko` (or `make system-deps`) "
            "and leave PK_VOIKKO_BACKEND unset (auto) or set it to native"
        )


if __name__ == "__main__":  # pragma: no cover
    app()
