"""Building and opening the search index: chunks, BM25 on Finnish terms, Chroma vectors, manifest."""

from assistant.index.builder import BuildResult, IndexBuilder
from assistant.index.chunks import Chunk, build_chunks
from assistant.index.store import IndexStore

__all__ = ["BuildResult", "Chunk", "IndexBuilder", "IndexStore", "build_chunks"]
