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
    assert body["route"] == "crisis" and body["services"][0]["id"] == "hatanumero-112"
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
    assert json.loads(info.stdout)["analyzer"] == "voikko-compounds-v5"


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


def test_staff_add_reads_the_password_from_stdin_and_purge_runs(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PK_LOG_LEVEL", "WARNING")
    added = runner.invoke(app, ["staff", "add", "maija", "--role", "admin"], input="hyvin-pitkä-salasana\n")
    assert added.exit_code == 0, added.output
    assert "created admin account 'maija'" in added.stdout
    assert "hyvin-pitkä-salasana" not in added.output
    again = runner.invoke(app, ["staff", "add", "maija"], input="hyvin-pitkä-salasana\n")
    assert again.exit_code == 2 and "exists already" in again.stderr
    short = runner.invoke(app, ["staff", "add", "pekka"], input="lyhyt\n")
    assert short.exit_code == 2 and "at least 12" in short.stderr
    purged = runner.invoke(app, ["purge", "--older-than", "90d"])
    assert purged.exit_code == 0 and "deleted 0 closed request(s)" in purged.stdout
    bad = runner.invoke(app, ["purge", "--older-than", "3 months"])
    assert bad.exit_code == 2 and "90d" in bad.stderr
