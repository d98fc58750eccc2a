"""Database engine for the queue: SQLite (WAL) by default, PostgreSQL when ``PK_DATABASE_URL`` says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine; SQLite gets WAL, foreign keys and a busy timeout so concurrent writers wait, not fail.

    Statement parameters never appear in an error's text (``hide_parameters``): they hold what families
    wrote and their contact details, and error texts end up in logs. A pooled connection is tested before
    use (``pool_pre_ping``), so a database that went away and came back is reconnected to lazily."""
    kwargs = {"hide_parameters": True, "pool_pre_ping": True, **kwargs}
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted text is overwritten, not left in free pages
            cursor.close()

        return engine
    return create_engine(url, **kwargs)


def describe_error(exc: BaseException) -> str:
    """A database error for the log without the driver's text, which can quote stored values (an integrity
    error names the duplicate key, a data error the value it could not read): the kind and the SQLSTATE."""
    original = getattr(exc, "orig", None) or exc
    state = getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None)
    return f"{type(exc).__name__}/{type(original).__name__}" + (f" ({state})" if state else "")


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
