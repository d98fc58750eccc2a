"""`perhekeskus feedback export`: "no" ratings as test-set cases (eval/tune.yaml's shape) or CSV, and
`perhekeskus purge` deleting turns and ratings past the retention period."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings
from assistant.factory import make_handoff
from assistant.feedback import FeedbackStore
from assistant.handoff.db import session_factory
from tests.feedback.test_store import response
from tests.handoff.conftest import Clock

pytestmark = pytest.mark.integration
runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FeedbackStore:
    monkeypatch.setenv("PK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PK_LOG_LEVEL", "WARNING")
    handoff = make_handoff(Settings(data_dir=tmp_path / "data"))
    return FeedbackStore(session_factory(handoff.engine), clock=Clock(datetime.now(UTC)))


def rate(store: FeedbackStore, rid: str, question: str, helpful: bool, days_ago: int = 0) -> None:
    clock = store.clock
    assert isinstance(clock, Clock)
    saved = clock.now
    clock.now = saved - timedelta(days=days_ago)
    store.log_turn(response(rid), question, 1.0)
    store.add_feedback(rid, helpful, None if helpful else "not_answered", None if helpful else "ei auttanut")
    clock.now = saved


def test_export_writes_the_no_questions_as_test_cases(store: FeedbackStore) -> None:
    rate(store, "aaaaaaaa01", "Saako neuvolaan tuoda koiran? Soita 040 123 4567", False)
    rate(store, "bbbbbbbb02", "Mikä on Motti?", True)
    rate(store, "cccccccc03", "Vanha kysymys", False, days_ago=40)
    result = runner.invoke(app, ["feedback", "export", "--since", "30d", "--format", "testset"])
    assert result.exit_code == 0, result.output
    [case] = yaml.safe_load(result.stdout)
    assert case["question"] == "Saako neuvolaan tuoda koiran? Soita [puhelin]"
    assert case["lang"] == "fi" and case["route"] == "TODO" and case["id"].endswith("aaaaaaaa")
    assert case["comment"] == "not_answered / ei auttanut"

    table = runner.invoke(app, ["feedback", "export", "--since", "60d", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [r["question"] for r in rows] == ["Vanha kysymys", "Saako neuvolaan tuoda koiran? Soita [puhelin]"]
    assert rows[0]["reason"] == "not_answered"

    bad = runner.invoke(app, ["feedback", "export", "--since", "a month"])
    assert bad.exit_code == 2 and "30d" in bad.output


def test_purge_deletes_turns_and_ratings_past_retention(store: FeedbackStore) -> None:
    rate(store, "dddddddd04", "Vanha kysymys", False, days_ago=100)
    rate(store, "eeeeeeee05", "Uusi kysymys", False, days_ago=1)
    purged = runner.invoke(app, ["purge", "--older-than", "90d"])
    assert purged.exit_code == 0 and "deleted 2 logged chat turn(s) and rating(s)" in purged.stdout
    assert [row.question for row in store.unhelpful(timedelta(days=365))] == ["Uusi kysymys"]
