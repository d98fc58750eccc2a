"""The product retriever; ``as_langchain()`` makes it a LangChain ``BaseRetriever`` (imported only then: LangChain's
retriever module costs a second of the server's start-up)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np

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


@dataclass(frozen=True)
class Retrieval:
    """Sources in rank order plus raw signals (best BM25 score, best dense similarity, query terms)."""

    sources: list[Source]
    signals: dict[str, float]
    vector: np.ndarray | None = None


class Retriever(Protocol):
    """The retrieval role: the best passages for a question."""

    @property
    def k(self) -> int: ...

    def search(self, query: str, k: int | None = None) -> list[Source]: ...

    def retrieve(self, query: str, k: int | None = None, vector: np.ndarray | None = None) -> Retrieval: ...


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = 60) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score(d) = Σ 1 / (k + rank_d), ranks from 1. Ties keep first-seen order."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


@dataclass(frozen=True)
class HybridRetriever:
    """BM25 and dense candidates from one :class:`IndexStore`, fused with reciprocal-rank fusion.

    ``mode`` selects the halves alone for evaluation (``bm25``, ``dense``); ``dataclasses.replace`` gives a
    copy with other settings. Safe to share between threads (it keeps no state of its own).
    """

    store: Any
    analyzer: Any
    thesaurus: Any = None
    k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    mode: Mode = "hybrid"
    # Service entries are shown as cards of their own; among the passages they may hold only a few places,
    # so that the handbook's own text is not pushed out.
    max_service_sources: int = 2
    weight_lemmas: bool = True

    def search(self, query: str, k: int | None = None) -> list[Source]:
        """The best ``k`` passages for ``query``."""
        return self.retrieve(query, k).sources

    def retrieve(self, query: str, k: int | None = None, vector: np.ndarray | None = None) -> Retrieval:
        """The best ``k`` passages with the signals the scope check needs; ``vector`` is the embedded query
        when the caller has it already."""
        k = k or self.k
        terms = self.query_terms(query)
        lexical = self.store.bm25_search(terms, self.candidates) if self.mode != "dense" else []
        dense: list = []
        if self.mode != "bm25":
            vector = vector if vector is not None else self.store.embedder.embed_query(query)
            dense = self.store.dense_search_vector(vector, self.candidates)
        signals = {"bm25_top": lexical[0][1] if lexical else 0.0, "terms": float(len(set(terms)))}
        if self.mode != "bm25":  # only when the dense half ran for this vector
            signals["dense_top"] = dense[0][1] if dense else 0.0
        if self.mode == "bm25":
            return Retrieval([Source(c, s) for c, s in lexical[:k]], signals, vector)
        if self.mode == "dense":
            return Retrieval([Source(c, s) for c, s in dense[:k]], signals, vector)
        by_id = {c.id: c for c, _ in [*lexical, *dense]}
        fused = reciprocal_rank_fusion([[c.id for c, _ in lexical], [c.id for c, _ in dense]], self.rrf_k)
        ranked = self._limit_services([Source(by_id[i], score) for i, score in fused])
        return Retrieval(ranked[:k], signals, vector)

    def _limit_services(self, sources: list[Source]) -> list[Source]:
        """Keep at most ``max_service_sources`` service entries ahead of other passages (the rest follow)."""
        kept: list[Source] = []
        deferred: list[Source] = []
        services_kept = 0
        for source in sources:
            if source.chunk.doc == "services":
                if services_kept >= self.max_service_sources:
                    deferred.append(source)
                    continue
                services_kept += 1
            kept.append(source)
        return kept + deferred

    def query_terms(self, query: str) -> list[str]:
        """BM25 terms of a question: analyzer terms, fillers dropped, thesaurus expansions added."""
        weighted = getattr(self.analyzer, "query_terms", None)
        terms = list(weighted(query) if weighted is not None and self.weight_lemmas else self.analyzer.terms(query))
        return self.thesaurus.expand(terms) if self.thesaurus is not None else terms

    def as_langchain(self) -> Any:
        """This retriever as a LangChain ``BaseRetriever`` (``invoke(question)`` gives ``Document``s)."""
        from assistant.retrieve.langchain import LangChainRetriever

        return LangChainRetriever(retriever=self)
