"""The queue on both databases: a SQLite file in tmp_path, and a throw-away schema on the PostgreSQL
server at 127.0.0.1:5432 (database ``test``), dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from assistant.config import Settings
from assistant.factory import Handoff, make_handoff

PG_URL = os.environ.get("PK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


class Clock:
    """A settable clock, so due dates and retention can be tested on chosen days."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["sqlite", "postgresql"])
def handoff(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Handoff]:
    settings = Settings(data_dir=tmp_path / "data", chat_hours="mon-thu 12:00-15:00; fri 10:00-12:00")
    if request.param == "sqlite":
        built = make_handoff(settings)
        yield built
        built.engine.dispose()
        return
    schema = f"pk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    built = make_handoff(settings, f"{PG_URL}{separator}options=-csearch_path%3D{schema}")
    try:
        yield built
    finally:
        built.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def clock(handoff: Handoff) -> Clock:
    """Thursday 18 June 2026, 10:00 Helsinki time: the day before Midsummer Eve."""
    fixed = Clock(datetime(2026, 6, 18, 7, 0, tzinfo=UTC))
    handoff.queue.clock = fixed
    return fixed
