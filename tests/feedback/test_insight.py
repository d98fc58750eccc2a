"""Staff insight: counts per day and route, the share of "no", and "no" questions grouped by meaning."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import Handoff
from assistant.feedback import FeedbackStore
from assistant.feedback.insight import group_questions
from assistant.handoff.db import session_factory
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


@pytest.mark.integration
def test_staff_see_paraphrases_as_one_row_and_the_share_of_no(client: TestClient, handoff: Handoff) -> None:
    store = FeedbackStore(session_factory(handoff.engine))
    for number, question in enumerate([*PARAPHRASES, OTHER]):
        rid = f"{number:08x}"
        store.log_turn(response(rid), question, 5.0)
        store.add_feedback(rid, False, "not_answered")
    store.log_turn(response("0000000a", route="out_of_scope"), "Millainen sää huomenna?", 5.0)
    store.add_feedback("0000000a", True)

    assert client.get("/api/staff/insight").status_code == 401
    token = client.post("/api/staff/login", json={"name": "maija", "password": "maijan-salasana-1"}).json()["token"]
    body = client.get("/api/staff/insight?days=7", headers={"Authorization": f"Bearer {token}"}).json()
    assert [(g["question"], g["count"]) for g in body["groups"]] == [(PARAPHRASES[0], 2), (OTHER, 1)]
    assert body["groups"][0]["examples"] == PARAPHRASES and body["groups"][0]["reasons"] == {"not_answered": 2}
    assert (body["questions"], body["rated"], body["unhelpful"], body["share_no"]) == (4, 4, 3, 0.75)
    assert body["share_out_of_scope"] == 0.25
    [day] = body["per_day"]
    assert day["routes"] == {"answer": 3, "out_of_scope": 1}
