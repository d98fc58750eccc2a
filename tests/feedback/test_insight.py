"""Staff insight: counts per day and route, the share of "no", the most common needs with their titles, the
questions that did not help grouped by meaning, pages, the chart, export and drafts, on both databases."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import yaml
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import Handoff
from assistant.feedback import FeedbackStore
from assistant.feedback.insight import group_questions
from assistant.handoff.db import session_factory
from assistant.i18n import t
from tests.conftest import ROOT
from tests.feedback.test_store import response

PARAPHRASES = ["Saako neuvolaan tuoda koiran?", "Voiko koiran ottaa mukaan neuvolaan?"]
OTHER = "Mitkä ovat perheneuvolan aukioloajat?"


@pytest.mark.unit
def test_groups_follow_the_similarity_threshold() -> None:
    vectors = {"a": np.array([1.0, 0.0]), "a2": np.array([0.95, 0.31]), "b": np.array([0.0, 1.0])}
    assert group_questions(["a", "b", "a2"], vectors.__getitem__, threshold=0.9) == [[0, 2], [1]]
    assert group_questions(["a", "b", "a2"], vectors.__getitem__, threshold=0.99) == [[0], [1], [2]]
    assert group_questions(["Mikä on Motti?", "mikä on  motti?", "Muu"], None) == [[0, 1], [2]]


@pytest.fixture
def client(tmp_path: Path, handoff: Handoff, bare_assistant: Assistant) -> Iterator[TestClient]:
    handoff.auth.add_user("maija", "maijan-salasana-1", "staff")
    settings = Settings(index_dir=tmp_path / "no-index", data_dir=tmp_path / "data")
    app = create_app(settings, assistant_factory=lambda _: bare_assistant, handoff_factory=lambda _: handoff)
    with TestClient(app) as test_client:
        yield test_client


def signed_in(client: TestClient) -> dict[str, str]:
    token = client.post("/api/staff/login", json={"name": "maija", "password": "maijan-salasana-1"}).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def fill(handoff: Handoff) -> None:
    """Two paraphrases and another question rated "no", an unanswered question, a "yes" out of scope."""
    store = FeedbackStore(session_factory(handoff.engine))
    needs = [["sleep"], ["sleep"], ["fathers"]]
    for number, question in enumerate([*PARAPHRASES, OTHER]):
        rid = f"{number:08x}"
        store.log_turn(response(rid, needs=needs[number]), question, 5.0)
        store.add_feedback(rid, False, "not_answered")
    store.log_turn(response("0000000a", route="out_of_scope"), "Millainen sää huomenna?", 5.0)
    store.add_feedback("0000000a", True)
    store.log_turn(response("0000000b", route="out_of_scope"), "Missä on lähin koirapuisto?", 5.0)


@pytest.mark.integration
def test_staff_see_paraphrases_as_one_row_and_the_share_of_no(client: TestClient, handoff: Handoff) -> None:
    fill(handoff)
    assert client.get("/api/staff/insight").status_code == 401
    auth = signed_in(client)
    body = client.get("/api/staff/insight?days=7", headers=auth).json()
    assert (body["questions"], body["rated"], body["unhelpful"], body["share_no"]) == (5, 4, 3, 0.75)
    assert body["share_out_of_scope"] == 0.4 and body["days_total"] == 1 and body["needs_total"] == 2

    groups = client.get("/api/staff/insight/groups?days=7", headers=auth).json()
    assert groups["total"] == 3
    rows = [(g["question"], g["count"], g["unanswered"]) for g in groups["items"]]
    assert rows == [(PARAPHRASES[0], 2, 0), (OTHER, 1, 0), ("Missä on lähin koirapuisto?", 1, 1)]
    first = groups["items"][0]
    assert first["examples"] == PARAPHRASES and first["reasons"] == {"not_answered": 2} and first["key"] == "00000000"

    [day] = client.get("/api/staff/insight/days?days=7", headers=auth).json()["items"]
    assert day["routes"] == {"answer": 3, "out_of_scope": 2}


@pytest.mark.integration
def test_the_most_common_needs_carry_their_finnish_titles(client: TestClient, handoff: Handoff) -> None:
    fill(handoff)
    needs = client.get("/api/staff/insight/needs?days=7", headers=signed_in(client)).json()
    assert needs["total"] == 2
    assert [(n["id"], n["title"], n["count"], n["share"]) for n in needs["items"]] == [
        ("sleep", "Lapsi ei nuku / vanhemmat väsyneitä unettomuudesta", 2, 0.667),
        ("fathers", "Isät ja isyys", 1, 0.333),
    ]


@pytest.mark.integration
def test_tables_come_in_pages(client: TestClient, handoff: Handoff) -> None:
    fill(handoff)
    auth = signed_in(client)
    second = client.get("/api/staff/insight/groups?days=7&limit=2&offset=2", headers=auth).json()
    assert (second["total"], second["limit"], second["offset"]) == (3, 2, 2)
    assert [g["question"] for g in second["items"]] == ["Missä on lähin koirapuisto?"]
    one = client.get("/api/staff/insight/needs?days=7&limit=1&offset=1", headers=auth).json()
    assert [n["id"] for n in one["items"]] == ["fathers"]
    refused = client.get("/api/staff/insight/groups?limit=0", headers=auth)
    assert refused.status_code == 422 and refused.json()["detail"].startswith("query.limit")


@pytest.mark.integration
def test_the_chart_is_an_svg_for_staff_only(client: TestClient, handoff: Handoff) -> None:
    fill(handoff)
    assert client.get("/api/staff/insight/chart.svg").status_code == 401
    chart = client.get("/api/staff/insight/chart.svg?days=7&lang=sv", headers=signed_in(client))
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.content.lstrip().startswith(b"<?xml") and b"<svg" in chart.content
    assert chart.headers["cache-control"] == "no-store"


@pytest.mark.integration
def test_export_gives_the_no_questions_as_test_cases(client: TestClient, handoff: Handoff) -> None:
    fill(handoff)
    auth = signed_in(client)
    cases = client.get("/api/staff/insight/export?days=7&format=testset", headers=auth)
    assert cases.status_code == 200 and "attachment" in cases.headers["content-disposition"]
    assert [c["question"] for c in yaml.safe_load(cases.text)] == [*PARAPHRASES, OTHER]
    table = client.get("/api/staff/insight/export?days=7&format=csv", headers=auth)
    assert table.headers["content-type"].startswith("text/csv") and PARAPHRASES[1] in table.text


@pytest.mark.integration
def test_a_draft_for_a_group_and_for_a_group_that_is_gone(client: TestClient, handoff: Handoff) -> None:
    fill(handoff)
    auth = signed_in(client)
    drafted = client.get("/api/staff/insight/groups/00000000/draft?days=7", headers=auth).json()
    assert drafted["count"] == 2 and "!KESKEN" in drafted["yaml"]
    assert PARAPHRASES[1] in drafted["yaml"]
    gone = client.get("/api/staff/insight/groups/0000ffff/draft?days=7&lang=en", headers=auth)
    assert gone.status_code == 404 and gone.json()["detail"] == t("staff_draft_gone", "en")


@pytest.mark.unit
def test_matplotlib_waits_for_the_first_chart() -> None:
    """Server start-up does not import matplotlib; drawing a chart does."""
    code = (
        "import sys, ui.mount, assistant.api.app, assistant.feedback.chart as c; from datetime import date; "
        "print('matplotlib' in sys.modules); c.day_route_svg([(date(2026, 6, 1), {'answer': 1})], "
        "c.ChartTexts('t', 'y', {'answer': 'a'})); print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "True"]
