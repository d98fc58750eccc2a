"""The dense side of the index: the passage vectors of a build as one matrix (searched exactly with numpy), and
Chroma, which stores them: an embedded PersistentClient by default, an HttpClient when a server URL is set.

A build writes its vectors once more as ``vectors.npy`` in chunk order. With a few hundred passages an exact
search is one matrix product (about 0.1 ms); a Chroma query took 2–5 ms of CPU and approximate HNSW search
occasionally missed a neighbour among the last candidates. Serving from the matrix also keeps chromadb (2 s
of imports on a loaded machine) out of the server's start-up. Chroma is still queried for a build without the
matrix (one made before index format 5) and when the vectors live on a Chroma server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

VECTORS_FILE = "vectors.npy"
DOCS_FILE = "vectors-docs.json"


def chroma_client(persist_dir: Path | None, url: str | None) -> Any:
    """A Chroma client; telemetry off, since nothing may leave the machine."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url)
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=settings,
        )
    assert persist_dir is not None
    return chromadb.PersistentClient(path=str(persist_dir), settings=settings)


def collection_name(build_id: str) -> str:
    return f"perhekeskus-{build_id}"


class VectorSearch(Protocol):
    """Nearest passages to a query vector: (chunk id, cosine similarity), best first."""

    def search(self, vector: np.ndarray, k: int, doc: str | None = None) -> list[tuple[str, float]]: ...


class DenseMatrix:
    """Every passage vector of a build, L2-normalised, one row per chunk (``ids``, ``docs`` in the same order).
    Exact cosine search. Read-only after construction: safe to share between threads."""

    def __init__(self, ids: list[str], docs: list[str], vectors: np.ndarray) -> None:
        if len(ids) != len(docs) or len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids, {len(docs)} docs and {len(vectors)} vectors do not line up")
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix = np.ascontiguousarray(matrix / np.where(norms > 0, norms, 1.0), dtype=np.float32)
        self.matrix.flags.writeable = False
        self.ids = list(ids)
        self._rows = {doc: np.flatnonzero(np.asarray(docs) == doc) for doc in dict.fromkeys(docs)}

    def search(self, vector: np.ndarray, k: int, doc: str | None = None) -> list[tuple[str, float]]:
        """The ``k`` most similar passages (of document ``doc`` only, when given); ties keep chunk order."""
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        norm = float(np.linalg.norm(query))
        if norm == 0.0 or k <= 0 or not self.ids:
            return []
        rows = self._rows.get(doc, np.zeros(0, dtype=np.int64)) if doc is not None else None
        candidates = self.matrix if rows is None else self.matrix[rows]
        similarities = candidates @ (query / norm)
        order = np.argsort(-similarities, kind="stable")[:k]
        positions = order if rows is None else rows[order]
        return [(self.ids[int(p)], float(s)) for p, s in zip(positions, similarities[order], strict=True)]

    def save(self, directory: Path) -> None:
        """``vectors.npy`` (float32, chunk order) and the ids and documents of its rows."""
        import json

        np.save(Path(directory) / VECTORS_FILE, self.matrix)
        rows = {"ids": self.ids, "docs": [""] * len(self.ids)}
        for doc, positions in self._rows.items():
            for position in positions:
                rows["docs"][int(position)] = doc
        (Path(directory) / DOCS_FILE).write_text(json.dumps(rows), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> DenseMatrix:
        import json

        rows = json.loads((Path(directory) / DOCS_FILE).read_text(encoding="utf-8"))
        return cls(rows["ids"], rows["docs"], np.load(Path(directory) / VECTORS_FILE))

    @staticmethod
    def exists(directory: Path) -> bool:
        return (Path(directory) / VECTORS_FILE).is_file() and (Path(directory) / DOCS_FILE).is_file()


class ChromaSearch:
    """The same search as a query of a LangChain ``Chroma`` store (approximate HNSW, cosine space)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def search(self, vector: np.ndarray, k: int, doc: str | None = None) -> list[tuple[str, float]]:
        hits = self.store.similarity_search_by_vector_with_relevance_scores(
            np.asarray(vector, dtype=np.float32).tolist(), k=k, filter={"doc": doc} if doc else None
        )
        return [(str(document.id), 1.0 - float(distance)) for document, distance in hits]
