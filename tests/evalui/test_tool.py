"""The evaluators' tool without a browser: run the tiny set, ask one question, rate replies into a sheet."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.engine import Assistant
from assistant.evaluation.gate import check_gate, load_thresholds
from assistant.evaluation.metrics import compute_metrics
from assistant.evaluation.ratings import COLUMNS, summarise
from assistant.evaluation.runner import run_cases
from assistant.evaluation.testset import load_testset
from assistant.evalui.handlers import EvalHandlers
from assistant.evalui.sheet import RatingSheet
from assistant.evalui.workbench import EvalWorkbench, offered_testsets
from tests.conftest import ROOT
from tests.evalui.conftest import TINY

pytestmark = pytest.mark.integration
TINY_IDS = ["t1", "t2", "t3", "t4", "t5"]


def _without_latency(value: Any) -> Any:
    """Metrics with the wall-clock figures left out (the only numbers two runs may disagree on)."""
    if isinstance(value, dict):
        return {k: _without_latency(v) for k, v in value.items() if not k.startswith("latency_ms")}
    if isinstance(value, list):
        return [_without_latency(v) for v in value]
    return value


def test_test_sets_are_offered_by_name_folders_and_files_but_not_the_thresholds(tmp_path: Path) -> None:
    (tmp_path / "blind").mkdir()
    (tmp_path / "blind" / "a.yaml").write_text("not opened", encoding="utf-8")
    (tmp_path / "tune.yaml").write_text("not opened", encoding="utf-8")
    (tmp_path / "thresholds.yaml").write_text("{}", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "x.md").write_text("", encoding="utf-8")

    assert offered_testsets(tmp_path) == [
        str(tmp_path / "blind"),
        str(tmp_path / "blind" / "a.yaml"),
        str(tmp_path / "tune.yaml"),
    ]
    assert offered_testsets(tmp_path / "missing") == []


def test_a_run_gives_the_numbers_of_eval_json(handlers: EvalHandlers, assistant: Assistant) -> None:
    ticks: list[tuple[int, int]] = []
    view = handlers.run(str(TINY), "hybrid", tick=lambda _label, done, total: ticks.append((done, total)))

    assert view.report is not None, view.status
    expected = compute_metrics(run_cases(assistant, load_testset(TINY)))  # what `perhekeskus eval --json` does
    assert _without_latency(view.numbers) == _without_latency(expected)
    assert view.numbers["n"] == 5
    assert ticks[0] == (0, 5) and ticks[-1] == (5, 5)
    shown = {row[0]: row[1] for row in view.metrics}
    assert shown["route_accuracy"] == expected["route_accuracy"]
    assert shown["evidence_hit@5"] == expected["evidence_hit@5"]


def test_the_gate_and_the_failure_filter(handlers: EvalHandlers, thresholds: Path) -> None:
    view = handlers.run(str(TINY), "hybrid")
    assert view.report is not None, view.status

    rows = {row[0]: row for row in view.metrics}
    assert rows["evidence_hit@5"][2:] == ["ei läpi", "≥ 0.99"]  # t5's evidence is in no passage
    limits = load_thresholds(thresholds)
    for metric, bounds in limits.items():
        passed = not check_gate(view.numbers, {metric: bounds})
        assert rows[metric][2] == ("läpi" if passed else "ei läpi")
    assert rows["latency_ms_p50"][2:] == ["", ""]  # no threshold, no verdict
    assert view.status.startswith("**Portti ei läpäisty")

    assert [row[0] for row in view.cases] == TINY_IDS
    failures = handlers.case_rows(view.report, failures_only=True)
    failed_ids = {f["id"] for f in view.numbers["failures"]}
    assert {row[0] for row in failures} == failed_ids
    t5 = next(row for row in failures if row[0] == "t5")
    assert t5[4] == "ei löytynyt" and "evidence" in t5[5]
    assert t5[6] == view.report.results[-1].reply
    t2 = next(row for row in view.cases if row[0] == "t2")
    assert t2[2] == "crisis" and t2[4] == "ei odotettu"


def test_the_gate_reads_eval_thresholds_yaml(built_index: Any, assistant: Assistant) -> None:
    gate = ROOT / "eval" / "thresholds.yaml"
    bench = EvalWorkbench(built_index, thresholds=gate, assistant_for=lambda _name: assistant)
    report = bench.run(TINY, "bm25")
    rows = {row.metric: row for row in report.metric_rows()}
    for metric, bounds in load_thresholds(gate).items():
        assert rows[metric].bounds == bounds
        assert rows[metric].passed is (not check_gate(report.metrics, {metric: bounds}))
    assert report.passed is (not check_gate(report.metrics, load_thresholds(gate)))


def test_run_errors_are_shown_with_what_to_fix(handlers: EvalHandlers, tmp_path: Path) -> None:
    missing = handlers.run(str(tmp_path / "nope.yaml"), "hybrid")
    assert missing.report is None and missing.metrics == []
    assert missing.status.startswith("Virhe:") and "nope.yaml: file not found" in missing.status

    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x1\n  lang: fi\n  route: maybe\n  question: Mikä?\n", encoding="utf-8")
    assert "case 'x1', field 'route'" in handlers.run(str(bad), "hybrid").status
    assert "retriever must be one of" in handlers.run(str(TINY), "google").status
    assert "choose a test set" in handlers.run("  ", "hybrid").status


def test_ask_shows_the_whole_response(handlers: EvalHandlers) -> None:
    view = handlers.ask("Pitääkö eron ensiapupisteeseen varata aika etukäteen?", "", "", False)

    assert view.summary.startswith("**Reitti: answer · turvallisuus: none · kieli: fi")
    assert view.reply and view.reply == view.response["reply"]
    assert set(view.response) >= {"id", "route", "safety", "lang", "reply", "sources", "services", "handoff", "needs"}
    assert [row[0] for row in view.sources] == list(range(1, len(view.response["sources"]) + 1))
    assert [row[1] for row in view.sources] == [s["score"] for s in view.response["sources"]]
    assert [row[0] for row in view.services] == [s["id"] for s in view.response["services"]]
    assert "eron-ensiapupiste" in [row[0] for row in view.services]


def test_ask_with_history_language_and_a_crisis(handlers: EvalHandlers) -> None:
    swedish = handlers.ask("Vad kostar det?", "Finns det öppen daghem i Rovaniemi?", "sv", False)
    assert swedish.response["lang"] == "sv"

    crisis = handlers.ask("Mieheni uhkaa juuri nyt lyödä minua ja lapsia, olen kotona ja pelkään")
    assert "Reitti: crisis · turvallisuus: crisis" in crisis.summary
    assert "112" in crisis.reply

    assert handlers.ask("   ").summary == "Virhe: write a question"


def test_a_run_becomes_a_rating_sheet_that_is_rated_one_reply_at_a_time(handlers: EvalHandlers, tmp_path: Path) -> None:
    run = handlers.run(str(TINY), "hybrid")
    path = tmp_path / "ratings" / "tiny.csv"
    assert handlers.make_sheet(None, str(path)) == "Aja ensin testijoukko."
    assert "5 vastausta" in handlers.make_sheet(run.report, str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        assert csv.DictReader(handle).fieldnames == COLUMNS
    assert "exists already" in handlers.make_sheet(run.report, str(path))  # never over a sheet's ratings

    first = handlers.open_sheet(str(path))
    assert (first.case_id, first.position) == ("t1", "Vastaus 1 / 5 · 0 / 5 arvioitu")
    assert first.question == load_testset(TINY)[0].question and first.reply == run.report.results[0].reply
    assert first.cards.splitlines()[0].endswith("(eron-ensiapupiste)")

    unrated = handlers.save(str(path), "t1", None, "no", "", "kesken")
    assert unrated.status.startswith("Valitse arvio") and unrated.case_id == "t1" and unrated.comment == "kesken"
    assert summarise([path])["n"] == 0

    after = handlers.save(str(path), "t1", "accurate", "no", "", "hyvä vastaus")
    assert after.case_id == "t2" and after.status.startswith("Tallennettu (t1).")
    assert "Pisteet 1.00 maksimista (1 arvioitu" in after.status
    handlers.save(str(path), "t2", "partly", "yes", "sosiaalipaivystys", "")
    stored = {row["id"]: row for row in csv.DictReader(path.open(encoding="utf-8", newline=""))}
    assert (stored["t1"]["rating"], stored["t1"]["harmful_cards"], stored["t1"]["comment"]) == (
        "accurate", "no", "hyvä vastaus",
    )  # fmt: skip
    assert (stored["t2"]["rating"], stored["t2"]["right_service"]) == ("partly", "sosiaalipaivystys")
    assert stored["t2"]["route"] == "crisis" and stored["t2"]["expected_route"] == "crisis"  # kept, not shown
    summary = summarise([path])
    assert (summary["n"], summary["score"], summary["harmful_cards"]) == (2, 0.75, 1)

    back = handlers.move(str(path), after.number, -1)
    assert (back.case_id, back.rating, back.harmful_cards) == ("t1", "accurate", "no")
    wrapped = handlers.move(str(path), 1, -1)
    assert wrapped.case_id == "t5"

    for case_id in ("t3", "t4", "t5"):
        last = handlers.save(str(path), case_id, "wrong", "", "", "")
    assert last.case_id == "" and "Kaikki vastaukset on arvioitu." in last.status
    reopened = handlers.open_sheet(str(path))
    assert reopened.case_id == "t1" and "5 / 5 arvioitu" in reopened.position


def test_a_sheet_takes_only_the_rubric(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow({c: "" for c in COLUMNS} | {"id": "x1", "question": "Q", "cards": "A (a) | B (b)"})
        writer.writerow({c: "" for c in COLUMNS} | {"id": "x2", "rating": "Partly", "harmful_cards": "kyllä"})
    sheet = RatingSheet(path)
    assert sheet.rows()[0].cards == ["A (a)", "B (b)"]
    assert (sheet.rows()[1].rating, sheet.rows()[1].harmful_cards) == ("partly", "yes")  # a sheet filled by hand
    from assistant.errors import InputError, TestSetError

    with pytest.raises(InputError, match="rating must be one of accurate, partly, wrong"):
        sheet.save("x1", "2")
    with pytest.raises(InputError, match="harmful_cards must be yes, no or empty"):
        sheet.save("x1", "wrong", harmful_cards="maybe")
    with pytest.raises(TestSetError, match="case 'x9'"):
        sheet.save("x9", "wrong")
    (tmp_path / "other.csv").write_text("id,answer\n1,2\n", encoding="utf-8")
    with pytest.raises(TestSetError, match="not a rating sheet: no column lang"):
        RatingSheet(tmp_path / "other.csv").rows()
    assert sheet.rows()[0].rating == ""


def test_the_app_builds_with_telemetry_off(
    workbench: EvalWorkbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GRADIO_ANALYTICS_ENABLED", raising=False)
    from assistant.evalui.launch import create_app

    app = create_app(
        workbench.settings,
        eval_dir=tmp_path,
        ratings_dir=tmp_path,
        thresholds=workbench.thresholds,
        workbench=workbench,
    )
    import gradio

    assert isinstance(app, gradio.Blocks)
    assert app.analytics_enabled is False
    assert app.title == "Perhekeskuksen avustajan arviointityökalu"
    assert __import__("os").environ["GRADIO_ANALYTICS_ENABLED"] == "False"


def test_the_server_and_the_cli_do_not_import_gradio() -> None:
    code = (
        "import sys, assistant.api.app, ui.mount, assistant.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('gradio', 'gradio_client')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_without_gradio_the_command_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import app

    monkeypatch.setitem(sys.modules, "gradio", None)  # what find_spec reports for a package that is not there
    result = CliRunner().invoke(app, ["eval-ui"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "pip install -e '.[eval-ui]'" in result.stderr
