"""Passage vectors kept by the content hash of each text, so an index build embeds only what changed.

Embedding is nine tenths of a build (about 2,400 passages and phrases: one to three minutes on two cores).
Two stores feed the cache: the local one under the cache folder (written after every build) and a seed shipped
with the package (float16, the corpus as committed), so a fresh clone's first build embeds only the passages
that differ from the committed corpus. The seed wins over the local cache, so every machine indexes the
committed corpus with the same vectors. `python -m assistant.embeddings.passages` rewrites the seed from
the corpus folder (do it when corpus/ changes; a stale seed is only slower, never wrong).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

import numpy as np

from assistant.embeddings.base import Embedder

logger = logging.getLogger(__name__)

SEED_DIR = Path(__file__).resolve().parents[1] / "index" / "data"


def passage_key(text: str) -> str:
    return hashlib.sha1(("passage\x1f" + text).encode()).hexdigest()


def file_name(embedder_id: str) -> str:
    return f"passage-vectors-{hashlib.sha1(embedder_id.encode()).hexdigest()[:12]}.npz"


def read_vectors(path: Path) -> dict[str, np.ndarray]:
    """A vector file of text hashes (``keys``) and ``vectors`` as float32; empty when unreadable (a broken
    cache is rebuilt, never trusted). Shared with the router's message vectors."""
    try:
        with np.load(path) as data:
            return dict(zip(data["keys"].tolist(), data["vectors"].astype(np.float32), strict=True))
    except Exception as exc:
        logger.warning("ignoring unreadable vector cache %s: %s", path, exc)
        return {}


class CachedPassages:
    """``embedder`` with its passage vectors looked up by text hash first; queries go straight to it.

    ``cache_dir``: where the local cache lives (None: no local cache). ``seed_dir``: the shipped seed's folder
    (None: no seed).
    """

    def __init__(self, embedder: Embedder, cache_dir: Path | None, seed_dir: Path | None = SEED_DIR) -> None:
        self.embedder = embedder
        self.id, self.dim = embedder.id, embedder.dim
        self.path = Path(cache_dir) / file_name(embedder.id) if cache_dir is not None else None
        self._vectors: dict[str, np.ndarray] = {}
        if self.path is not None and self.path.is_file():
            self._vectors.update(read_vectors(self.path))
        seed = Path(seed_dir) / file_name(embedder.id) if seed_dir is not None else None
        if seed is not None and seed.is_file():
            self._vectors.update(read_vectors(seed))
        self.embedded = 0  # passages embedded by the model (not found in either store)
        self.used: set[str] = set()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        keys = [passage_key(t) for t in texts]
        missing = dict((k, t) for k, t in zip(keys, texts, strict=True) if k not in self._vectors)
        if missing:
            vectors = self.embedder.embed_passages(list(missing.values()))
            for key, vector in zip(missing, vectors, strict=True):
                self._vectors[key] = np.asarray(vector, dtype=np.float32)
            self.embedded += len(missing)
        self.used.update(keys)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._vectors[k] for k in keys]).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embedder.embed_query(text)

    def keys(self) -> list[str]:
        """Hashes of every passage vector held (from either store or embedded now)."""
        return list(self._vectors)

    def save(self) -> None:
        """Write the local cache: the vectors this build used (older corpora's passages are dropped)."""
        if self.path is None or not self.used:
            return
        keys = sorted(self.used)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=np.array(keys), vectors=np.vstack([self._vectors[k] for k in keys]).astype(np.float32))
        os.replace(tmp, self.path)

    def write_seed(self, seed_dir: Path = SEED_DIR) -> Path:
        """The vectors this build used, as the shipped float16 seed."""
        keys = sorted(self.used)
        path = Path(seed_dir) / file_name(self.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        vectors = np.vstack([self._vectors[k] for k in keys]).astype(np.float16)
        np.savez_compressed(path, keys=np.array(keys), vectors=vectors)
        return path


def main() -> None:
    """Build the corpus folder's index from scratch (no seed, an empty cache) and write the seed from it."""
    import tempfile

    from assistant.config import get_settings
    from assistant.factory import make_analyzer, make_embedder
    from assistant.index.builder import IndexBuilder

    settings = get_settings()
    embedder = make_embedder(settings)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        IndexBuilder(
            settings.corpus_dir, Path(tmp) / "index", make_analyzer(settings), embedder, cache_dir=cache, seed_dir=None
        ).build()
        cached = CachedPassages(embedder, cache_dir=cache, seed_dir=None)
        cached.used.update(cached.keys())
        path = cached.write_seed()
    sys.stdout.write(f"{path}: {len(cached.used)} passage vectors\n")


if __name__ == "__main__":
    main()
