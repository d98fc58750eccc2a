"""Any :class:`~assistant.embeddings.Embedder` as a LangChain ``Embeddings`` (for a Chroma vector store). Imported
only where Chroma is used (index builds, older builds, the tutorial baseline), never by a server that searches
the build's vector matrix."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.embeddings.base import Embedder


class LangChainEmbeddings(Embeddings):
    """Any :class:`Embedder` as a LangChain ``Embeddings`` (for the Chroma vector store)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [row.tolist() for row in self.embedder.embed_passages(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return list(self.embedder.embed_query(text).tolist())
