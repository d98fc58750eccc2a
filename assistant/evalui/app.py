"""The evaluators' tool as a Gradio Blocks app: three tabs wired to :class:`EvalHandlers`.

Import this module only through :mod:`assistant.evalui.launch`, which turns Gradio's telemetry off first."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.evaluation.runner import RETRIEVERS
from assistant.evalui.handlers import AskView, EvalHandlers, RateView, RunView
from assistant.evalui.workbench import offered_testsets

CSS = """
.pk-status { min-height: 1.5em; }
"""


def launch_options() -> dict[str, Any]:
    """Options of ``Blocks.launch`` that keep the tool local: no footer links to the API page, no MCP server,
    no progressive-web-app manifest, no server-side rendering (which needs Node), the theme's bundled fonts."""
    return {
        "footer_links": [],
        "mcp_server": False,
        "pwa": False,
        "ssr_mode": False,
        "enable_monitoring": False,
        "theme": _theme(),
        "css": CSS,
    }


def _theme() -> gr.themes.Base:
    """Gradio's default theme with WCAG AA contrast: orange-700 instead of orange-500 for primary buttons and the
    accent (white on orange-500 is 2.8:1), and darker help texts."""
    return gr.themes.Default().set(
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_border_color="*primary_700",
        body_text_color_subdued="*neutral_600",
        color_accent="*primary_700",  # the chosen tab's text, among others
    )


def _table(headers: list[str], rows: list[list[Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=headers)


def _sheet_path(ratings_dir: Path, testset: str, retriever: str) -> str:
    stem = Path(str(testset).strip().rstrip("/")).stem or "sheet"
    return str(ratings_dir / f"{stem}_{retriever}_{date.today().isoformat()}.csv")


def build_app(h: EvalHandlers, *, eval_dir: Path, ratings_dir: Path) -> gr.Blocks:
    """The Blocks app. ``eval_dir`` offers its test sets by name; new rating sheets go to ``ratings_dir``."""
    with gr.Blocks(title=h.t("eval_title"), analytics_enabled=False) as app:
        gr.Markdown(f"# {h.t('eval_title')}\n{h.t('eval_intro')}")
        with gr.Tabs():
            with gr.Tab(h.t("eval_tab_run"), id="run"):
                _run_tab(h, eval_dir, ratings_dir)
            with gr.Tab(h.t("eval_tab_ask"), id="ask"):
                _ask_tab(h)
            with gr.Tab(h.t("eval_tab_rate"), id="rate"):
                _rate_tab(h, ratings_dir)
    return app


def _run_tab(h: EvalHandlers, eval_dir: Path, ratings_dir: Path) -> None:
    report = gr.State(None)
    with gr.Row():
        testset = gr.Dropdown(
            choices=offered_testsets(eval_dir),
            value=None,
            allow_custom_value=True,
            label=h.t("eval_testset"),
            info=h.t("eval_testset_info"),
            elem_id="pk-testset",
            scale=3,
            min_width=300,
        )
        retriever = gr.Radio(list(RETRIEVERS), value="hybrid", label=h.t("eval_retriever"), scale=2, min_width=300)
    run = gr.Button(h.t("eval_run"), variant="primary", elem_id="pk-run")
    status = gr.Markdown(elem_id="pk-run-status", elem_classes="pk-status")
    metrics = gr.Dataframe(
        _table(h.metric_headers(), []),
        label=h.t("eval_metrics"),
        interactive=False,
        wrap=True,
        max_height=800,
        column_widths=["44%", "16%", "18%", "22%"],
        elem_id="pk-metrics",
    )
    failures_only = gr.Checkbox(label=h.t("eval_failures_only"), value=False, elem_id="pk-failures-only")
    cases = gr.Dataframe(
        _table(h.case_headers(), []),
        label=h.t("eval_cases"),
        interactive=False,
        wrap=True,
        max_chars=300,
        column_widths=["64px", "260px", "110px", "110px", "110px", "150px", "480px"],
        elem_id="pk-cases",
    )
    detail = gr.Textbox(label=h.t("eval_case_detail"), lines=6, interactive=False, elem_id="pk-case-detail")
    with gr.Accordion(h.t("eval_all_numbers"), open=False):
        numbers = gr.JSON(elem_id="pk-numbers")
    with gr.Row():
        sheet_path = gr.Textbox(label=h.t("eval_sheet_path"), scale=3, elem_id="pk-sheet-path")
        make_sheet = gr.Button(h.t("eval_make_sheet"), scale=1)
    sheet_status = gr.Markdown(elem_classes="pk-status")

    def on_run(path: str, name: str, only_failures: bool, progress: gr.Progress = gr.Progress()) -> tuple:  # noqa: B008
        def tick(label: str, done: int, total: int) -> None:
            progress((done, total), desc=h.t("eval_running", retriever=label), unit="case")

        view: RunView = h.run(path, name, only_failures, tick)
        return (
            view.status,
            _table(h.metric_headers(), view.metrics),
            _table(h.case_headers(), view.cases),
            view.numbers,
            view.report,
            _sheet_path(ratings_dir, path or "", name) if view.report else gr.skip(),
        )

    run.click(
        on_run,
        [testset, retriever, failures_only],
        [status, metrics, cases, numbers, report, sheet_path],
        concurrency_limit=1,
    )
    failures_only.change(
        lambda last, only: _table(h.case_headers(), h.case_rows(last, only)), [report, failures_only], cases
    )
    make_sheet.click(h.make_sheet, [report, sheet_path], sheet_status)

    def on_select(last: Any, event: gr.SelectData) -> str:
        row = event.row_value or []
        return h.case_detail(last, str(row[0])) if row else ""

    cases.select(on_select, report, detail)


def _ask_tab(h: EvalHandlers) -> None:
    with gr.Row():
        with gr.Column(scale=3):
            question = gr.Textbox(label=h.t("eval_question"), lines=2, elem_id="pk-question")
            history = gr.Textbox(label=h.t("eval_history"), lines=2)
        with gr.Column(scale=1):
            lang = gr.Dropdown(
                [(h.t("eval_lang_auto"), ""), ("suomi", "fi"), ("svenska", "sv"), ("English", "en")],
                value="",
                label=h.t("eval_lang"),
            )
            plain = gr.Checkbox(label=h.t("eval_plain"), value=False)
            ask = gr.Button(h.t("eval_ask"), variant="primary", elem_id="pk-ask")
    summary = gr.Markdown(elem_id="pk-ask-summary", elem_classes="pk-status")
    reply = gr.Textbox(label=h.t("eval_reply"), lines=8, interactive=False, elem_id="pk-reply")
    sources = gr.Dataframe(_table(h.source_headers(), []), label=h.t("eval_sources"), interactive=False, wrap=True)
    services = gr.Dataframe(
        _table(h.service_headers(), []),
        label=h.t("eval_services"),
        interactive=False,
        wrap=True,
        column_widths=["170px", "200px", "400px", "260px", "90px"],
    )
    with gr.Accordion(h.t("eval_json"), open=False):
        response = gr.JSON()

    def on_ask(text: str, turns: str, language: str, is_plain: bool) -> tuple:
        view: AskView = h.ask(text, turns, language, is_plain)
        return (
            view.summary,
            view.reply,
            _table(h.source_headers(), view.sources),
            _table(h.service_headers(), view.services),
            view.response,
        )

    outputs = [summary, reply, sources, services, response]
    ask.click(on_ask, [question, history, lang, plain], outputs)
    question.submit(on_ask, [question, history, lang, plain], outputs)


def _rate_tab(h: EvalHandlers, ratings_dir: Path) -> None:
    gr.Markdown(h.t("eval_rate_intro"))
    case_id = gr.State("")
    number = gr.State(0)
    with gr.Row():
        sheet = gr.Dropdown(
            choices=h.sheet_choices(ratings_dir),
            value=None,
            allow_custom_value=True,
            label=h.t("eval_sheet"),
            elem_id="pk-sheet",
            scale=3,
        )
        open_sheet = gr.Button(h.t("eval_open"), scale=1, elem_id="pk-open-sheet")
    position = gr.Markdown(elem_id="pk-position", elem_classes="pk-status")
    question = gr.Textbox(label=h.t("eval_question"), interactive=False, lines=2)
    history = gr.Textbox(label=h.t("eval_earlier"), interactive=False, lines=1)
    reply = gr.Textbox(label=h.t("eval_reply"), interactive=False, lines=8, elem_id="pk-rate-reply")
    cards = gr.Textbox(label=h.t("eval_cards"), interactive=False, lines=3)
    sources = gr.Textbox(label=h.t("eval_sources"), interactive=False, lines=3)
    rating = gr.Radio(h.rating_choices(), label=h.t("eval_rating"), elem_id="pk-rating")
    harmful = gr.Radio(h.harmful_choices(), label=h.t("eval_harmful"), elem_id="pk-harmful")
    right_service = gr.Dropdown(h.service_choices(), value="", allow_custom_value=True, label=h.t("eval_right_service"))
    comment = gr.Textbox(label=h.t("eval_comment"), lines=2)
    with gr.Row():
        previous = gr.Button(h.t("eval_previous"))
        save = gr.Button(h.t("eval_save"), variant="primary", elem_id="pk-save")
        following = gr.Button(h.t("eval_next"))
    status = gr.Markdown(elem_id="pk-rate-status", elem_classes="pk-status")

    view_outputs = [
        status, position, case_id, number, question, history, reply, cards, sources,
        rating, harmful, right_service, comment,
    ]  # fmt: skip

    def show(view: RateView) -> tuple:
        return (
            view.status,
            view.position,
            view.case_id,
            view.number,
            view.question,
            view.history,
            view.reply,
            view.cards,
            view.sources,
            view.rating,
            view.harmful_cards,
            view.right_service,
            view.comment,
        )

    open_sheet.click(lambda path: show(h.open_sheet(path)), sheet, view_outputs)
    previous.click(lambda path, at: show(h.move(path, at, -1)), [sheet, number], view_outputs)
    following.click(lambda path, at: show(h.move(path, at, 1)), [sheet, number], view_outputs)
    saved = save.click(
        lambda path, cid, r, hc, rs, c: show(h.save(path, cid, r, hc, rs, c)),
        [sheet, case_id, rating, harmful, right_service, comment],
        view_outputs,
    )
    # The next reply starts at the top of the page; on a phone the save button is far below it.
    saved.then(None, js="() => document.getElementById('pk-position')?.scrollIntoView({block: 'start'})")
