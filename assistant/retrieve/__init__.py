"""Hybrid retrieval: BM25 on Finnish terms and dense vectors, fused by reciprocal rank."""

from assistant.retrieve.hybrid import HybridRetriever, Mode, Retrieval, Retriever, Source, reciprocal_rank_fusion

__all__ = ["HybridRetriever", "Mode", "Retrieval", "Retriever", "Source", "reciprocal_rank_fusion"]
