"""The queue on both databases: a SQLite file in tmp_path, and a throw-away schema on the PostgreSQL
server named by ``PK_TEST_DATABASE_URL`` (default 127.0.0.1:5432, database ``test``), dropped afterwards.

Without a reachable server the PostgreSQL cases are skipped with the reason, except with
``PK_REQUIRE_POSTGRES=1`` (CI), where they fail."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from assistant.config import Settings
from assistant.factory import Handoff, make_handoff

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Seconds to wait for the server: an absent one must cost the suite seconds, not minutes.
CONNECT_TIMEOUT = "2"


class Clock:
    """A settable clock, so due dates and retention can be tested on chosen days."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
def postgres_url() -> URL:
    """``PK_TEST_DATABASE_URL`` with a short connect timeout, checked once per session (pytest keeps a
    session fixture's skip or failure and repeats it for every test that asks)."""
    configured = make_url(os.environ.get("PK_TEST_DATABASE_URL") or DEFAULT_PG_URL)
    url = configured.update_query_dict({"connect_timeout": configured.query.get("connect_timeout", CONNECT_TIMEOUT)})
    probe = create_engine(url)
    reason: str | None = None
    try:
        with probe.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        cause = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        reason = (
            f"PostgreSQL not reachable at {configured.render_as_string(hide_password=True)}; "
            f"set PK_TEST_DATABASE_URL ({cause})"
        )
    finally:
        probe.dispose()
    if reason is not None:
        if os.environ.get("PK_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def handoff(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Handoff]:
    settings = Settings(data_dir=tmp_path / "data", chat_hours="mon-thu 12:00-15:00; fri 10:00-12:00")
    if request.param == "sqlite":
        built = make_handoff(settings)
        yield built
        built.engine.dispose()
        return
    url: URL = request.getfixturevalue("postgres_url")
    schema = f"pk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    in_schema = url.update_query_dict({"options": f"-csearch_path={schema}"})
    built = make_handoff(settings, in_schema.render_as_string(hide_password=False))
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
