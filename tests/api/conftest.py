"""Fixtures of the API tests: the queue on both databases (from the handoff tests) and an assistant without
an index, which answers the crisis and handoff routes and costs seconds, not the index build."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.engine import Assistant
from assistant.factory import make_assistant
from tests.handoff.conftest import Clock, handoff, postgres_url  # noqa: F401  (fixtures shared with tests/handoff)


@pytest.fixture(scope="session")
def bare_assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The real assistant with no index built: rules and router, no retrieval."""
    return make_assistant(Settings(index_dir=tmp_path_factory.mktemp("no-index")))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(index_dir=tmp_path / "no-index", data_dir=tmp_path / "data", chat_hours="mon-fri 00:00-23:59")


__all__ = ["Clock"]
