"""Query vectors of the training messages, cached on disk by the content hash of each text.

Embedding four thousand messages takes about a minute on two cores; the cache makes a retrain after a
small data change (or a second index directory, as in the tests) embed only the new lines.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import numpy as np

from assistant.embeddings import Embedder

logger = logging.getLogger(__name__)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _cache_file(cache_dir: Path, embedder: Embedder) -> Path:
    name = hashlib.sha1(embedder.id.encode()).hexdigest()[:12]
    return Path(cache_dir) / f"router-vectors-{name}.npz"


def embed_messages(texts: list[str], embedder: Embedder, cache_dir: Path | None = None) -> np.ndarray:
    """Vectors of ``texts`` as queries (the way a chat message is embedded), reusing cached ones."""
    cached: dict[str, np.ndarray] = {}
    path = _cache_file(cache_dir, embedder) if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            with np.load(path) as data:
                cached = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
        except Exception as exc:  # a broken cache is rebuilt, never trusted
            logger.warning("ignoring unreadable vector cache %s: %s", path, exc)
    keys = [_key(t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cached}.items(), key=lambda kt: len(kt[1]))
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
