"""The turn log and ratings on SQLite and PostgreSQL (migrations 0003 and 0004): what is kept, and retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from assistant.errors import InputError
from assistant.factory import Handoff
from assistant.feedback import FeedbackStore
from assistant.feedback.names import always_a_name
from assistant.handoff.db import MIGRATIONS, migrate, session_factory
from tests.handoff.conftest import Clock

pytestmark = pytest.mark.integration


def response(rid: str, route: str = "answer", safety: str = "none", needs: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": rid,
        "route": route,
        "safety": safety,
        "lang": "fi",
        "reply": "…",
        "sources": [{"id": "handbook-1", "score": 0.91}, {"id": "glossary-motti", "score": 0.5}],
        "services": [{"id": "neuvola"}, {"id": "perheneuvola"}],
        "handoff": {},
        "needs": ["sleep"] if needs is None and route == "answer" else (needs or []),
    }


@pytest.fixture
def store(handoff: Handoff) -> FeedbackStore:
    return FeedbackStore(session_factory(handoff.engine), clock=Clock(datetime(2026, 6, 18, 7, 0, tzinfo=UTC)))


def test_a_turn_is_kept_scrubbed_with_its_route_services_sources_and_latency(store: FeedbackStore) -> None:
    store.log_turn(response("a1b2c3d4"), "Soita 040 123 4567, lapsen hetu 010203A123X: milloin neuvola?", 812.34)
    store.add_feedback("a1b2c3d4", False, "not_answered", "sähköposti maija@example.fi")
    [row] = store.unhelpful(timedelta(days=30))
    assert row.question == "Soita [puhelin], lapsen hetu [hetu]: milloin neuvola?"
    assert (row.reason, row.comment, row.lang, row.route) == ("not_answered", "sähköposti [sähköposti]", "fi", "answer")
    [turn] = store.turns(timedelta(days=1))
    assert turn["helpful"] is False and turn["route"] == "answer" and turn["needs"] == ["sleep"]
    assert row.needs == ("sleep",)


def test_unanswered_questions_need_attention_unless_rated_yes(store: FeedbackStore) -> None:
    store.log_turn(response("0000000b", route="out_of_scope"), "Missä on lähin koirapuisto?", 1.0)
    store.log_turn(response("0000000c", route="out_of_scope"), "Millainen sää huomenna?", 1.0)
    store.add_feedback("0000000c", True)
    store.log_turn(response("0000000d"), "Mikä on Motti?", 1.0)
    store.add_feedback("0000000d", False, "wrong_info")
    rows = store.attention(timedelta(days=1))
    assert [(r.question, r.reason) for r in rows] == [
        ("Missä on lähin koirapuisto?", None),
        ("Mikä on Motti?", "wrong_info"),
    ]


def test_migration_0004_keeps_the_turns_logged_before_it(handoff: Handoff) -> None:
    """Down to 0003 (no needs column) with a turn logged, and up again: the old turn has no needs."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with handoff.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert "needs" not in {c["name"] for c in inspect(handoff.engine).get_columns("chat_turns")}
    with handoff.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO chat_turns (response_id, at, route, safety, lang, services, sources, scores, latency_ms,"
                " question) VALUES ('0ld0ld00', :at, 'answer', 'none', 'fi', '', '', '', 1.0, 'vanha')"
            ),
            {"at": datetime(2026, 6, 18, 6, 0, tzinfo=UTC)},
        )
    migrate(handoff.engine)
    store = FeedbackStore(session_factory(handoff.engine), clock=Clock(datetime(2026, 6, 18, 7, 0, tzinfo=UTC)))
    store.log_turn(response("a1b2c3d5", needs=["fathers"]), "uusi", 1.0)
    assert [(t["question"], t["needs"]) for t in store.turns(timedelta(days=1))] == [
        ("vanha", []),
        ("uusi", ["fathers"]),
    ]


def test_a_crisis_turn_keeps_no_text_and_its_rating_no_comment(store: FeedbackStore) -> None:
    store.log_turn(response("c0ffee01", route="crisis", safety="crisis"), "puoliso lyö, olen Koskikatu 3", 5.0)
    store.log_turn(response("c0ffee02", safety="notice"), "en jaksa enää elää", 5.0)
    store.add_feedback("c0ffee01", False, "needed_person", "olen Maija")
    assert [t["question"] for t in store.turns(timedelta(days=1))] == [None, None]
    assert store.unhelpful(timedelta(days=1)) == []


def test_a_new_rating_replaces_the_earlier_and_yes_keeps_no_reason(store: FeedbackStore) -> None:
    store.log_turn(response("abcdef12"), "Mikä on Motti?", 10.0)
    store.add_feedback("abcdef12", False, "wrong_info", "väärin")
    store.add_feedback("abcdef12", True, "wrong_info", "hyvä")
    assert store.unhelpful(timedelta(days=1)) == []
    assert store.turns(timedelta(days=1))[0]["helpful"] is True


def test_invalid_ratings_are_refused(store: FeedbackStore) -> None:
    with pytest.raises(InputError, match="reason"):
        store.add_feedback("abcdef12", False, "rude")
    with pytest.raises(InputError, match="id"):
        store.add_feedback("not an id", True)


def test_purge_deletes_old_turns_and_ratings_only(store: FeedbackStore) -> None:
    clock = store.clock
    assert isinstance(clock, Clock)
    store.log_turn(response("00000001"), "vanha kysymys", 1.0)
    store.add_feedback("00000001", False, "hard_to_understand")
    clock.now += timedelta(days=80)
    store.log_turn(response("00000002"), "uusi kysymys", 1.0)
    store.add_feedback("00000002", False, "wrong_language")
    clock.now += timedelta(days=20)  # the first pair is 100 days old, the second 20
    assert store.purge(timedelta(days=90)) == 2
    assert [row.question for row in store.unhelpful(timedelta(days=365))] == ["uusi kysymys"]


def test_logging_the_same_response_twice_keeps_one_turn(store: FeedbackStore) -> None:
    store.log_turn(response("deadbeef"), "kysymys", 1.0)
    store.log_turn(response("deadbeef"), "kysymys", 1.0)
    assert len(store.turns(timedelta(days=1))) == 1


def test_the_name_check_is_a_collaborator(handoff: Handoff) -> None:
    """Without Voikko (here: a check that takes every word for a name) the place goes too."""
    store = FeedbackStore(session_factory(handoff.engine), names=always_a_name)
    store.log_turn(response("a1b2c3d6"), "Olen Rovaniemellä, missä neuvola?", 1.0)
    store.log_turn(response("a1b2c3d7"), "Olen Rovaniemellä, missä perheneuvola?", 1.0)
    voikko = FeedbackStore(session_factory(handoff.engine))
    voikko.log_turn(response("a1b2c3d8"), "Olen Rovaniemellä, missä kirjasto?", 1.0)
    assert sorted(t["question"] for t in store.turns(timedelta(days=1))) == [
        "Olen Rovaniemellä, missä kirjasto?",
        "Olen [nimi], missä neuvola?",
        "Olen [nimi], missä perheneuvola?",
    ]
