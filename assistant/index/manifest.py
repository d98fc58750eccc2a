"""``manifest.json``: what an index was built from and with, checked whenever it is opened."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assistant.errors import IndexNotFoundError

MANIFEST = "manifest.json"


class Manifest(BaseModel):
    """Facts of one build. ``build_key`` changes exactly when the inputs of a build change."""

    build_id: str
    build_key: str
    corpus_digest: str
    embedder: str
    embedding_dim: int
    analyzer: str
    voikko_backend: str | None
    chunking: dict[str, int]
    counts: dict[str, int]
    chroma: dict[str, str]
    built_at: str
    build_seconds: float

    def write(self, directory: Path) -> None:
        (directory / MANIFEST).write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        if not path.is_file():
            raise IndexNotFoundError(f"no index manifest at {path}: run `perhekeskus index build`")
        try:
            return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, ValidationError) as exc:
            raise IndexNotFoundError(f"{path} is unreadable ({exc}): run `perhekeskus index build`") from exc
