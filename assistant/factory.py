"""Wires the parts together from :class:`Settings`; the only place that knows every concrete class."""

from __future__ import annotations

from assistant.config import Settings
from assistant.corpus import load_corpus
from assistant.embeddings import Embedder, build_embedder
from assistant.engine import Assistant
from assistant.index import IndexBuilder, IndexStore
from assistant.retrieve import HybridRetriever, Mode
from assistant.text import Analyzer, build_analyzer
from assistant.text.thesaurus import Thesaurus


def make_analyzer(settings: Settings) -> Analyzer:
    return build_analyzer(settings.analyzer, settings.voikko_backend)


def make_embedder(settings: Settings) -> Embedder:
    return build_embedder(settings.embedder, settings.embedder_model)


def make_builder(settings: Settings, analyzer: Analyzer, embedder: Embedder) -> IndexBuilder:
    return IndexBuilder(
        settings.corpus_dir,
        settings.index_dir,
        analyzer,
        embedder,
        chroma_url=settings.chroma_url,
        max_words=settings.chunk_max_words,
        overlap_words=settings.chunk_overlap_words,
    )


def make_assistant(settings: Settings, mode: Mode = "hybrid") -> Assistant:
    """Open the serving index and build the assistant on it."""
    analyzer = make_analyzer(settings)
    embedder = make_embedder(settings)
    store = IndexStore.open(settings.index_dir, analyzer, embedder, settings.chroma_url)
    retriever = HybridRetriever(
        store=store,
        analyzer=analyzer,
        thesaurus=Thesaurus.load(analyzer),
        k=settings.top_k,
        candidates=settings.candidates,
        rrf_k=settings.rrf_k,
        mode=mode,
    )
    return Assistant(retriever, load_corpus(settings.corpus_dir), analyzer)
