"""Test-set validation errors name the case and field; the gate's exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.errors import TestSetError
from assistant.evaluation.gate import check_gate, load_thresholds
from assistant.evaluation.testset import load_testset
from tests.conftest import ROOT
from tests.utils.corpus_files import small_corpus

runner = CliRunner()


def write(tmp_path: Path, text: str, name: str = "set.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.unit
def test_project_testset_is_valid() -> None:
    cases = load_testset(ROOT / "eval" / "tune.yaml")
    assert len(cases) >= 150
    assert {c.route for c in cases} == {"answer", "handoff", "crisis", "out_of_scope"}
    assert {"fi", "sv", "en"} <= {c.lang for c in cases}
    assert any(c.history for c in cases)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("body", "case", "field", "message"),
    [
        ("- {id: q1, lang: de, route: answer, question: x}", "q1", "lang", "Input should be"),
        ("- {id: q1, lang: fi, route: maybe, question: x}", "q1", "route", "Input should be"),
        ("- {id: q1, lang: fi, route: answer}", "q1", "question", "Field required"),
        ("- {id: q1, lang: fi, route: answer, question: x, evidence: []}", "q1", "evidence", "at least 1"),
        ("- {id: q1, lang: fi, route: answer, question: x, colour: red}", "q1", "colour", "Extra inputs"),
        (
            "- {id: q1, lang: fi, route: answer, question: x}\n- {id: q1, lang: fi, route: answer, question: y}",
            "q1",
            "id",
            "duplicate id",
        ),
        ("- {id: q1, lang: fi, route: answer, question: x, services: [no-such]}", "q1", "services", "unknown service"),
        ("- {lang: fi, route: answer, question: x}", "#1", "id", "Field required"),
    ],
)
def test_invalid_cases_name_case_and_field(tmp_path: Path, body: str, case: str, field: str, message: str) -> None:
    with pytest.raises(TestSetError) as info:
        load_testset(write(tmp_path, body), known_services={"neuvola"})
    assert info.value.case == case and info.value.field == field
    assert message in str(info.value) and "set.yaml" in str(info.value)


@pytest.mark.unit
def test_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(TestSetError, match="non-empty YAML list"):
        load_testset(write(tmp_path, "{a: 1}"))
    with pytest.raises(TestSetError, match="invalid YAML at line 2"):
        load_testset(write(tmp_path, "- id: q1\n- [unclosed"))


@pytest.mark.unit
def test_gate_checks_min_and_max(tmp_path: Path) -> None:
    limits = load_thresholds(write(tmp_path, "route_accuracy: {min: 0.9}\ncrisis_false_positives: {max: 2}", "t.yaml"))
    assert check_gate({"route_accuracy": 0.95, "crisis_false_positives": 2}, limits) == []
    violations = check_gate({"route_accuracy": 0.8, "crisis_false_positives": 3}, limits)
    assert len(violations) == 2 and "below 0.9" in violations[0] and "above 2.0" in violations[1]
    assert "no value" in check_gate({"route_accuracy": None, "crisis_false_positives": 0}, limits)[0]
    with pytest.raises(TestSetError, match="route_accuracy"):
        load_thresholds(write(tmp_path, "route_accuracy: 0.9", "bad.yaml"))


@pytest.mark.integration
def test_gate_exit_codes(tmp_path: Path, built_index: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PK_INDEX_DIR", str(built_index.index_dir))
    monkeypatch.setenv("PK_LOG_LEVEL", "WARNING")
    testset = write(
        tmp_path,
        "- {id: c1, lang: fi, route: crisis, question: 'Mieheni lyö minua nyt', services: [hatanumero-112]}\n"
        "- {id: a1, lang: fi, route: answer, question: 'Mikä on Vakkanen?', evidence: ['yhteistyöryhmä Vakkanen']}\n",
    )
    easy = write(tmp_path, "crisis_recall: {min: 1.0}\nroute_accuracy: {min: 1.0}", "easy.yaml")
    hard = write(tmp_path, "evidence_hit@1: {min: 1.0}\nlatency_ms_p95: {max: 0.001}", "hard.yaml")
    passed = runner.invoke(app, ["eval", "--testset", str(testset), "--gate", "--thresholds", str(easy), "--json"])
    assert passed.exit_code == 0, passed.output
    metrics = json.loads(passed.stdout)
    assert metrics["crisis_recall"] == 1.0 and metrics["n"] == 2
    failed = runner.invoke(app, ["eval", "--testset", str(testset), "--gate", "--thresholds", str(hard)])
    assert failed.exit_code == 1
    assert "latency_ms_p95" in failed.stderr
    without_gate = runner.invoke(app, ["eval", "--testset", str(testset), "--thresholds", str(hard)])
    assert without_gate.exit_code == 0


@pytest.mark.integration
def test_compare_and_report(tmp_path: Path, built_index: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PK_INDEX_DIR", str(built_index.index_dir))
    # The naive pipeline embeds its corpus with MiniLM in a temporary index: a small corpus keeps it quick.
    monkeypatch.setenv("PK_CORPUS_DIR", str(small_corpus(tmp_path / "corpus")))
    monkeypatch.setenv("PK_LOG_LEVEL", "WARNING")
    testset = write(
        tmp_path,
        "- {id: a1, lang: fi, route: answer, question: 'Mikä on Vakkanen?', evidence: ['yhteistyöryhmä Vakkanen']}\n"
        "- {id: a2, lang: fi, route: answer, question: 'Mikä on MARAK?', evidence: ['MARAK']}\n",
    )
    out = tmp_path / "report"
    result = runner.invoke(app, ["eval", "--testset", str(testset), "--compare", "--json", "--report", str(out)])
    assert result.exit_code == 0, result.output
    runs = json.loads(result.stdout)
    assert set(runs) == {"hybrid", "bm25", "dense", "naive"}
    assert all(run["n"] == 2 for run in runs.values())
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| metric" in report and "naive" in report and "## Failures" in report
    assert (out / "hit_at_k.png").stat().st_size > 1000 and (out / "latency.png").exists()
    assert "<table>" in (out / "report.html").read_text(encoding="utf-8")
