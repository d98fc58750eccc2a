"""Runs test cases through the full assistant (the code path of /api/chat); only the retriever varies."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from assistant.config import Settings
from assistant.embeddings import SentenceTransformerEmbedder
from assistant.embeddings.fast_queries import BackgroundEmbedder
from assistant.engine import Assistant
from assistant.errors import IndexNotFoundError
from assistant.evaluation.metrics import MAX_RANK, CaseResult
from assistant.evaluation.replies import reply_has_fact
from assistant.evaluation.testset import Case
from assistant.factory import make_assistant, make_query_engine
from assistant.retrieve.naive import NaiveRetriever

logger = logging.getLogger(__name__)

RetrieverName = Literal["hybrid", "bm25", "dense", "naive"]
RETRIEVERS: tuple[RetrieverName, ...] = ("hybrid", "bm25", "dense", "naive")

Progress = Callable[[str, int, int], None]


def _query_engine(settings: Settings) -> BackgroundEmbedder | None:
    """The server's query engine, loaded once per process (the four retrievers share it), before the first
    question."""
    engine = make_query_engine(settings)
    if engine is not None:
        engine.wait()
    return engine


def build_assistant(name: RetrieverName, settings: Settings, workdir: Path) -> Assistant:
    """The assistant with the named retriever, returning ``MAX_RANK`` sources so MRR@10 can be measured.
    Questions are embedded as the server embeds them (``PK_QUERY_EMBEDDER``)."""
    eval_settings = settings.model_copy(update={"top_k": MAX_RANK})
    engine = _query_engine(settings)
    product = make_assistant(eval_settings, mode="hybrid" if name == "naive" else name, query_engine=engine)
    if product.index_error:
        raise IndexNotFoundError(product.index_error)
    if name == "naive":
        naive = NaiveRetriever(settings.corpus_dir, SentenceTransformerEmbedder(), workdir, k=MAX_RANK)
        logger.info("naive pipeline: %d chunks", naive.size)
        return Assistant(
            corpus=product.corpus,
            analyzer=product.analyzer,
            router=product.router,
            retriever=naive,
            embedder=product.embedder,
            ranker=product.ranker,
            scope=product.scope,
            chat_hours=product.chat_hours,
            timezone=product.timezone,
            thesaurus=product.thesaurus,
        )
    return product


def _reply_fact(assistant: Assistant, case: Case, reply: str) -> bool | None:
    if not case.evidence or case.route != "answer":
        return None
    return reply_has_fact(reply, case.evidence, assistant.analyzer.terms)


def run_cases(
    assistant: Assistant, cases: list[Case], progress: Progress | None = None, label: str = ""
) -> list[CaseResult]:
    """Ask every case once (after one warm-up question) and record what came back."""
    if cases:
        assistant.ask(cases[0].question, cases[0].history)  # warm caches: latency is measured warm
    results: list[CaseResult] = []
    for done, case in enumerate(cases, start=1):
        started = time.perf_counter()
        response = assistant.ask(case.question, case.history)
        latency = (time.perf_counter() - started) * 1000
        results.append(
            CaseResult(
                case=case,
                route=response.route,
                source_texts=[s.chunk.text for s in response.sources],
                source_titles=[s.chunk.section or s.chunk.title for s in response.sources],
                services=[str(s["id"]) for s in response.services],
                latency_ms=latency,
                reply=response.reply,
                safety=getattr(response, "safety", "none"),
                reply_fact=_reply_fact(assistant, case, response.reply),
            )
        )
        if progress:
            progress(label, done, len(cases))
    return results
