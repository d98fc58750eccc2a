"""The product retriever, also usable as a LangChain ``BaseRetriever``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.index.chunks import Chunk

Mode = Literal["hybrid", "bm25", "dense"]


@dataclass(frozen=True)
class Source:
    """A retrieved passage with what a citation needs. ``score`` is the fused (or single-list) score."""

    chunk: Chunk
    score: float

    def as_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "id": c.id,
            "doc": c.doc,
            "title": c.title,
            "section": c.section,
            "url": c.url,
            "text": c.text,
            "score": round(self.score, 6),
        }


class Retriever(Protocol):
    """The retrieval role: the best passages for a question."""

    k: int

    def search(self, query: str, k: int | None = None) -> list[Source]: ...


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score(d) = Σ 1 / (k + rank_d), ranks from 1. Ties keep first-seen order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


class HybridRetriever(BaseRetriever):
    """BM25 and dense candidates from one :class:`IndexStore`, fused with reciprocal-rank fusion.

    ``mode`` selects the halves alone for evaluation (``bm25``, ``dense``).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Any
    analyzer: Any
    thesaurus: Any = None
    k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    mode: Mode = "hybrid"

    def search(self, query: str, k: int | None = None) -> list[Source]:
        """The best ``k`` passages for ``query``."""
        k = k or self.k
        if self.mode == "bm25":
            return [Source(c, s) for c, s in self.store.bm25_search(self.query_terms(query), k)]
        if self.mode == "dense":
            return [Source(c, s) for c, s in self.store.dense_search(query, k)]
        lexical = self.store.bm25_search(self.query_terms(query), self.candidates)
        dense = self.store.dense_search(query, self.candidates)
        by_id = {c.id: c for c, _ in [*lexical, *dense]}
        fused = reciprocal_rank_fusion([[c.id for c, _ in lexical], [c.id for c, _ in dense]], self.rrf_k)
        return [Source(by_id[i], score) for i, score in fused[:k]]

    def query_terms(self, query: str) -> list[str]:
        """BM25 terms of a question: analyzer terms, fillers dropped, thesaurus expansions added."""
        terms = list(self.analyzer.terms(query))
        return self.thesaurus.expand(terms) if self.thesaurus is not None else terms

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [Document(page_content=s.chunk.text, id=s.chunk.id, metadata=s.as_dict()) for s in self.search(query)]
