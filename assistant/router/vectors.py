"""Query vectors of the training messages, cached on disk by the content hash of each text.

Embedding four thousand messages takes about a minute on two cores; the cache makes a retrain after a
small data change (or a second index directory, as in the tests) embed only the new lines.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

import numpy as np

from assistant.embeddings import Embedder
from assistant.embeddings.passages import read_vectors

logger = logging.getLogger(__name__)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _cache_file(cache_dir: Path, embedder: Embedder) -> Path:
    return Path(cache_dir) / _file_name(embedder)


def vector_cache_name(embedder: Embedder) -> str:
    """The file name of ``embedder``'s query-vector cache in a cache folder (and of the shipped seed)."""
    return _file_name(embedder)


def _file_name(embedder: Embedder) -> str:
    return f"router-vectors-{hashlib.sha1(embedder.id.encode()).hexdigest()[:12]}.npz"


# Vectors of the shipped training messages (float16, keyed by text hash): a fresh clone trains the router
# without embedding four thousand messages first. Only lines whose hash is found are taken from it;
# `python -m assistant.router.vectors` rewrites it after the data changed.
SEED_DIR = Path(__file__).with_name("data")


def embed_messages(texts: list[str], embedder: Embedder, cache_dir: Path | None = None) -> np.ndarray:
    """Vectors of ``texts`` as queries (the way a chat message is embedded), reusing cached ones."""
    seed = SEED_DIR / _file_name(embedder)
    path = _cache_file(cache_dir, embedder) if cache_dir is not None else None
    cached: dict[str, np.ndarray] = read_vectors(path) if path is not None and path.is_file() else {}
    # The shipped vectors win over a local cache, so every machine trains the same model from the same data.
    cached.update(read_vectors(seed) if seed.is_file() else {})
    keys = [_key(t) for t in texts]
    missing = sorted(
        {k: t for k, t in zip(keys, texts, strict=True) if k not in cached}.items(), key=lambda kt: len(kt[1])
    )
    if missing:
        logger.info("embedding %d router messages (%d cached)", len(missing), len(texts) - len(missing))
        for key, text in missing:
            cached[key] = embedder.embed_query(text)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
            np.savez(tmp, keys=np.array(list(cached)), vectors=np.vstack(list(cached.values())).astype(np.float32))
            os.replace(tmp, path)
    return np.vstack([cached[k] for k in keys]).astype(np.float32)


def write_seed(embedder: Embedder, texts: list[str], cache_dir: Path | None = None) -> Path:
    """Rewrite the shipped seed with the vectors of exactly ``texts`` (the training messages)."""
    vectors = embed_messages(texts, embedder, cache_dir)
    keys = list(dict.fromkeys(_key(t) for t in texts))
    by_key = {_key(t): v for t, v in zip(texts, vectors, strict=True)}
    path = SEED_DIR / _file_name(embedder)
    np.savez_compressed(path, keys=np.array(keys), vectors=np.vstack([by_key[k] for k in keys]).astype(np.float16))
    return path


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    from assistant.config import get_settings
    from assistant.factory import make_embedder
    from assistant.router.data import load_examples

    settings = get_settings()
    texts = [e.text for e in load_examples(settings.router_data_dir)]
    path = write_seed(make_embedder(settings), texts, settings.cache_dir or settings.index_dir / "cache")
    sys.stdout.write(f"{path}\n")
