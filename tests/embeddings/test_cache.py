"""The query-vector cache: the model's own vectors, each text embedded once, bounded."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import Embedder
from assistant.embeddings.cache import CachedQueries


class CountingEmbedder:
    """A deterministic embedder that counts its calls (a real implementation of the protocol)."""

    id = "counting"
    dim = 4

    def __init__(self) -> None:
        self.queries: list[str] = []

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self.embed_query(t) for t in texts]) if texts else np.zeros((0, self.dim))

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        vector = np.array([len(text), text.count("a"), text.count(" "), 1.0], dtype=np.float32)
        return vector / np.linalg.norm(vector)


def test_a_repeated_text_is_embedded_once_and_gets_the_same_vector() -> None:
    inner = CountingEmbedder()
    cached = CachedQueries(inner)
    first = cached.embed_query("Mikä on Vakkanen?")
    again = cached.embed_query("Mikä on Vakkanen?")
    assert inner.queries == ["Mikä on Vakkanen?"]
    assert np.array_equal(first, again) and np.array_equal(first, inner.embed_query("Mikä on Vakkanen?"))
    assert (cached.hits, cached.misses) == (1, 1)
    assert cached.id == inner.id and cached.dim == inner.dim


def test_texts_that_differ_at_all_are_embedded_apart() -> None:
    inner = CountingEmbedder()
    cached = CachedQueries(inner)
    cached.embed_query("mikä on vakkanen")
    cached.embed_query("Mikä on Vakkanen?")
    assert len(inner.queries) == 2


def test_the_cache_keeps_only_the_most_recent_texts() -> None:
    inner = CountingEmbedder()
    cached = CachedQueries(inner, size=2)
    for text in ["a", "b", "a", "c", "a", "b"]:
        cached.embed_query(text)
    # 'b' was pushed out by 'c' (least recently used), 'a' was kept by its uses.
    assert inner.queries == ["a", "b", "c", "b"]


def test_cached_vectors_cannot_be_changed_by_a_caller() -> None:
    vector = CachedQueries(CountingEmbedder()).embed_query("sama")
    with pytest.raises(ValueError):
        vector[0] = 0.0


def test_passages_are_passed_through() -> None:
    inner = CountingEmbedder()
    cached: Embedder = CachedQueries(inner)
    assert cached.embed_passages(["x y", "aa"]).shape == (2, 4)
    assert len(inner.queries) == 2
