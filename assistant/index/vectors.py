"""The Chroma side: an embedded PersistentClient by default, an HttpClient when a server URL is set."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings


def chroma_client(persist_dir: Path | None, url: str | None) -> Any:
    """A Chroma client; telemetry off, since nothing may leave the machine."""
    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url)
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    assert persist_dir is not None
    return chromadb.PersistentClient(path=str(persist_dir), settings=settings)


def collection_name(build_id: str) -> str:
    return f"perhekeskus-{build_id}"
