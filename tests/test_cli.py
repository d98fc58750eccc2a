"""The `perhekeskus` command line, run in-process with Typer's runner on a real index."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings

pytestmark = pytest.mark.integration
runner = CliRunner()


@pytest.fixture
def env(built_index: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PK_INDEX_DIR", str(built_index.index_dir))
    monkeypatch.setenv("PK_LOG_LEVEL", "WARNING")


def test_ask_json_prints_one_chat_response(env: None) -> None:
    result = runner.invoke(app, ["ask", "Mistä saan apua jos puoliso lyö?", "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["route"] in {"answer", "crisis"}
    texts = [s["text"].lower() for s in body["sources"][:5]]
    assert any("marak" in t or "lähisuhdeväkiva" in t for t in texts)


def test_ask_with_history_uses_the_earlier_turn(env: None) -> None:
    result = runner.invoke(app, ["ask", "Keitä siihen kuuluu?", "--history", "Mikä on Motti?", "--json"])
    assert result.exit_code == 0, result.output
    assert any("motti" in s["text"].lower() for s in json.loads(result.stdout)["sources"][:3])


def test_index_build_is_a_no_op_when_up_to_date(env: None) -> None:
    result = runner.invoke(app, ["index", "build"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.stdout
    info = runner.invoke(app, ["index", "info"])
    assert json.loads(info.stdout)["analyzer"] == "voikko-compounds-v2"


def test_without_index_ask_still_answers_and_says_why(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PK_INDEX_DIR", str(tmp_path / "empty"))
    result = runner.invoke(app, ["ask", "Mikä on Vakkanen?", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["route"] == "handoff"
    assert "perhekeskus index build" in result.stderr


def test_errors_are_reported_without_a_traceback(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PK_INDEX_DIR", str(tmp_path / "empty"))
    result = runner.invoke(app, ["eval", "--testset", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert "missing.yaml: file not found" in result.stderr
    assert "Traceback" not in result.output
