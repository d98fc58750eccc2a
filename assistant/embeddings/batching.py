"""Query vectors for many threads at once: the questions that arrive while a forward pass runs are embedded
together in the next one.

A forward pass of e5-small on one core is bound by reading the weights from memory, so eight questions in one
pass cost little more than one (on the bench machine, about 4 ms per question instead of 11 for a typical
question of 28 tokens). Nothing waits on purpose: a question that finds the model idle is embedded at once
(alone), and only questions that arrive while the model is busy are gathered, so the batches grow with the
load and a quiet server answers as fast as before.

One thread per process runs the model; the callers wait on a future. torch releases the GIL inside each
kernel, so the other threads keep answering (retrieval, composing) while it works.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from typing import Protocol

import numpy as np

logger = logging.getLogger(__name__)

MAX_BATCH = 16  # questions in one forward pass; 16 gave the lowest CPU per question on the bench machine


class BatchModel(Protocol):
    id: str
    dim: int

    def embed_many(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class BatchedQueries:
    """``model`` for queries through one worker thread that embeds whatever has queued up in one call of
    ``model.embed_many`` (at most ``max_batch`` texts), with ``prefix`` before each query. Passages go to the
    model directly, in the caller's thread.

    Safe to share between threads. If a batch fails, each of its callers gets the exception; the worker goes
    on with the next batch."""

    def __init__(self, model: BatchModel, prefix: str, max_batch: int = MAX_BATCH) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self.model = model
        self.prefix = prefix
        self.max_batch = max_batch
        self.id = model.id
        self.dim = model.dim
        self.batches = 0  # forward passes run (for the bench: questions / batches = mean batch size)
        self.questions = 0
        self._queue: queue.SimpleQueue[tuple[str, Future[np.ndarray]]] = queue.SimpleQueue()
        self._worker = threading.Thread(target=self._run, name="pk-embed-batch", daemon=True)
        self._worker.start()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.model.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        future: Future[np.ndarray] = Future()
        self._queue.put((self.prefix + text, future))
        return future.result()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                vectors = self.model.embed_many([text for text, _ in batch])
            except Exception as exc:  # every caller of this batch learns why; the worker stays up
                logger.exception("query batch of %d failed", len(batch))
                for _, future in batch:
                    future.set_exception(exc)
                continue
            self.batches += 1
            self.questions += len(batch)
            for (_, future), vector in zip(batch, vectors, strict=True):
                future.set_result(vector)
