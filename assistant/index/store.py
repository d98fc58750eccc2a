"""Opens the serving index (``index/current``) and answers BM25 and dense look-ups."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from assistant.embeddings import Embedder
from assistant.errors import IndexMismatchError, IndexNotFoundError
from assistant.index.bm25 import BM25Index
from assistant.index.builder import CHUNKS_FILE, PHRASES, current_dir
from assistant.index.chunks import Chunk
from assistant.index.manifest import Manifest
from assistant.index.vectors import ChromaSearch, DenseMatrix, VectorSearch, chroma_client
from assistant.match import PhraseIndex
from assistant.text import Analyzer

logger = logging.getLogger(__name__)


class IndexStore:
    """The chunks of one build with their BM25 index and their vectors (the build's matrix, or its Chroma
    collection for a build without one and on a Chroma server)."""

    def __init__(
        self, manifest: Manifest, chunks: list[Chunk], bm25: BM25Index, vectors: VectorSearch, embedder: Embedder
    ) -> None:
        self.manifest = manifest
        self.chunks = chunks
        self.bm25 = bm25
        self.vectors = vectors
        self.embedder = embedder
        self._position = {c.id: i for i, c in enumerate(chunks)}
        self.directory: Path | None = None

    @classmethod
    def open(cls, index_dir: Path, analyzer: Analyzer, embedder: Embedder, chroma_url: str | None = None) -> IndexStore:
        """Open ``index_dir/current``; refuses an index built with another analyzer or embedder."""
        link = current_dir(Path(index_dir))
        if not link.exists():
            raise IndexNotFoundError(f"no index at {link}: run `perhekeskus index build`")
        # Resolve the link: Chroma caches clients per path, and `current` moves on every build.
        directory = link.resolve()
        manifest = Manifest.read(directory)
        if manifest.analyzer != analyzer.id:
            raise IndexMismatchError(
                f"index {manifest.build_id} was built with analyzer {manifest.analyzer!r} but "
                f"{analyzer.id!r} is configured: rebuild with `perhekeskus index build`"
            )
        if manifest.embedder != embedder.id:
            raise IndexMismatchError(
                f"index {manifest.build_id} was built with embedder {manifest.embedder!r} but "
                f"{embedder.id!r} is configured: rebuild with `perhekeskus index build`"
            )
        lines = (directory / CHUNKS_FILE).read_text(encoding="utf-8").splitlines()
        chunks = [Chunk.from_json(line) for line in lines if line.strip()]
        bm25 = BM25Index.load(analyzer, directory / "bm25")
        vectors: VectorSearch
        if manifest.chroma.get("mode") == "embedded" and DenseMatrix.exists(directory):
            vectors = DenseMatrix.load(directory)
        else:
            from langchain_chroma import Chroma

            from assistant.embeddings.langchain import LangChainEmbeddings

            client = chroma_client(None if chroma_url else directory / "chroma", chroma_url)
            vectors = ChromaSearch(
                Chroma(
                    collection_name=manifest.chroma["collection"],
                    embedding_function=LangChainEmbeddings(embedder),
                    client=client,
                    create_collection_if_not_exists=False,
                )
            )
        logger.info("opened index %s (%d chunks)", manifest.build_id, len(chunks))
        store = cls(manifest, chunks, bm25, vectors, embedder)
        store.directory = directory
        return store

    def phrases(self, name: str) -> PhraseIndex | None:
        """The curated answers' or needs' phrase index of this build (None for an older build)."""
        path = self.directory / PHRASES / name if self.directory is not None else None
        if path is None or not path.with_suffix(".json").exists():
            return None
        return PhraseIndex.load(path)

    def chunk(self, chunk_id: str) -> Chunk | None:
        position = self._position.get(chunk_id)
        return self.chunks[position] if position is not None else None

    def bm25_search(self, terms: list[str], k: int) -> list[tuple[Chunk, float]]:
        """Best chunks for already analyzed (and possibly expanded) query terms."""
        return [(self.chunks[i], score) for i, score in self.bm25.search(terms, k)]

    def dense_search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        return self.dense_search_vector(self.embedder.embed_query(query), k)

    def dense_search_vector(self, vector: np.ndarray, k: int, doc: str | None = None) -> list[tuple[Chunk, float]]:
        """Nearest chunks to an embedded query, optionally only of one document (``services``)."""
        out = []
        for chunk_id, similarity in self.vectors.search(vector, k, doc):
            position = self._position.get(chunk_id)
            if position is not None:
                out.append((self.chunks[position], similarity))
        return out
