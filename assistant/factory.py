"""Wires the parts together from :class:`Settings`; the only place that knows every concrete class."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime

from assistant.config import Settings, database_url
from assistant.corpus import Corpus, load_corpus
from assistant.curated import CuratedAnswers
from assistant.embeddings import CachedQueries, Embedder, build_embedder
from assistant.embeddings.base import build_query_engine
from assistant.embeddings.fast_queries import BackgroundEmbedder, FastQueries
from assistant.engine import Assistant
from assistant.errors import AssistantError
from assistant.handoff import Handoff
from assistant.handoff.auth import StaffAuth
from assistant.handoff.calendar import ChatHours, utc_now
from assistant.handoff.db import make_engine, migrate, session_factory
from assistant.handoff.queue import HandoffQueue
from assistant.index import IndexBuilder, IndexStore
from assistant.needmodel import CLASSIFIER_PATH as NEED_CLASSIFIER
from assistant.needs import NeedMatcher
from assistant.picking import PickModel
from assistant.picking.classifier import DEFAULT_PATH as CLASSIFIER
from assistant.picking.classifier import FOREIGN_PATH as FOREIGN_CLASSIFIER
from assistant.picking.classifier import AnswerClassifier
from assistant.picking.conditions import AnswerConditions
from assistant.picking.model import DEFAULT_PATH as PICK_MODEL
from assistant.retrieve import HybridRetriever, Mode
from assistant.router import Router, Thresholds
from assistant.router.rules import Lexicon
from assistant.router.store import load_router_model
from assistant.scope import ScopeCheck
from assistant.services import ServiceRanker
from assistant.text import Analyzer, build_analyzer
from assistant.text.thesaurus import Thesaurus

logger = logging.getLogger(__name__)


def make_analyzer(settings: Settings) -> Analyzer:
    return build_analyzer(settings.analyzer, settings.voikko_backend)


def make_embedder(settings: Settings, threads: int | None = None) -> Embedder:
    """The configured embedder; ``threads`` overrides PK_EMBED_THREADS (0 = every core, for batch work such as
    an index build, where nothing else competes for the cores)."""
    return build_embedder(
        settings.embedder, settings.embedder_model, settings.embed_threads if threads is None else threads
    )


def make_query_engine(settings: Settings) -> BackgroundEmbedder | None:
    """The server's faster engine for questions (PK_QUERY_EMBEDDER), not necessarily started; None = queries stay
    on the embedder. One per process and setting: every assistant and every app the process builds shares it,
    so the model is loaded once (a test session builds dozens of apps)."""
    return _query_engine(settings.embedder, settings.query_embedder, settings.embed_threads)


@functools.cache
def _query_engine(embedder: str, query_embedder: str, threads: int) -> BackgroundEmbedder | None:
    return build_query_engine(embedder, query_embedder, threads)


def make_builder(settings: Settings, analyzer: Analyzer, embedder: Embedder) -> IndexBuilder:
    return IndexBuilder(
        settings.corpus_dir,
        settings.index_dir,
        analyzer,
        embedder,
        chroma_url=settings.chroma_url,
        max_words=settings.chunk_max_words,
        overlap_words=settings.chunk_overlap_words,
        router_data=settings.router_data_dir,
        cache_dir=settings.cache_dir,
    )


def make_router(settings: Settings, analyzer: Analyzer, embedder: Embedder | None) -> Router:
    """Rules plus the learned model trained for the current data; rules alone (logged) when the model is
    missing, e.g. with the index deleted: the crisis route never depends on the index."""
    try:
        model = load_router_model(settings.index_dir, embedder, settings.router_data_dir)
    except Exception as exc:
        logger.error("router model unavailable, crisis rules only: %s", exc)
        model = None
    return Router(analyzer, Lexicon.load(), model, Thresholds.load())


def make_assistant(
    settings: Settings,
    mode: Mode = "hybrid",
    clock: Callable[[], datetime] = utc_now,
    query_engine: BackgroundEmbedder | None = None,
) -> Assistant:
    """The assistant on the serving index. A missing or broken index or corpus does not stop it: the
    crisis and handoff routes still work, and ``index_error`` says what is wrong. ``query_engine`` (see
    :func:`make_query_engine`) embeds questions once it has loaded."""
    analyzer = make_analyzer(settings)
    embedder: Embedder | None
    try:
        base = make_embedder(settings)
        # A question asked again (example questions, reloads) is embedded once; see CachedQueries.
        embedder = CachedQueries(FastQueries(base, query_engine) if query_engine is not None else base)
    except Exception as exc:  # a model that will not load must not take the emergency route down
        logger.error("embedder unavailable: %s", exc)
        embedder = None
    corpus: Corpus | None
    try:
        corpus = load_corpus(settings.corpus_dir)
    except AssistantError as exc:
        logger.error("corpus unavailable: %s", exc)
        corpus = None
    router = make_router(settings, analyzer, embedder)

    thesaurus = Thesaurus.load(analyzer)
    retriever = ranker = scope = curated = needs = None
    error: str | None = None
    if embedder is None:
        error = "the embedding model could not be loaded"
    else:
        try:
            store = IndexStore.open(settings.index_dir, analyzer, embedder, settings.chroma_url)
            retriever = HybridRetriever(
                store=store,
                analyzer=analyzer,
                thesaurus=thesaurus,
                k=settings.top_k,
                candidates=settings.candidates,
                rrf_k=settings.rrf_k,
                mode=mode,
            )
            ranker = ServiceRanker(corpus, store, analyzer=analyzer) if corpus is not None else None
            scope = ScopeCheck.from_frequencies(*store.bm25.document_frequencies())
            curated, needs = _curated_and_needs(corpus, store, settings.curated_picker == "model")
        except Exception as exc:  # missing, mismatched or corrupt index: serve what does not need it
            error = str(exc)
            logger.error("index unavailable: %s", exc)
    assistant = Assistant(
        corpus=corpus,
        analyzer=analyzer,
        router=router,
        retriever=retriever,
        embedder=embedder,
        ranker=ranker,
        scope=scope,
        chat_hours=ChatHours.parse(settings.chat_hours),
        timezone=settings.timezone,
        thesaurus=thesaurus,
        clock=clock,
        curated=curated,
        needs=needs,
        conditions=AnswerConditions.load() if curated is not None else None,
    )
    assistant.index_error = error
    return assistant


def _curated_and_needs(
    corpus: Corpus | None, store: IndexStore, learned: bool = True
) -> tuple[CuratedAnswers | None, NeedMatcher | None]:
    """Curated answers and needs of the build (an older build without them: extractive answers only).
    ``learned``: pick answers with the shipped picking model (else the hand-set rule)."""
    if corpus is None:
        return None, None
    answers, needs = store.phrases("answers"), store.phrases("needs")
    model = PickModel.load() if learned and PICK_MODEL.is_file() else None
    classifier = AnswerClassifier.load() if learned and CLASSIFIER.is_file() else None
    foreign = AnswerClassifier.load(FOREIGN_CLASSIFIER) if learned and FOREIGN_CLASSIFIER.is_file() else None
    curated = (
        CuratedAnswers(corpus, answers, store.chunks, model=model, classifier=classifier, foreign_classifier=foreign)
        if answers is not None and corpus.answers
        else None
    )
    need_classifier = AnswerClassifier.load(NEED_CLASSIFIER) if learned and NEED_CLASSIFIER.is_file() else None
    matcher = NeedMatcher(corpus, needs, need_classifier) if needs is not None and corpus.needs else None
    return curated, matcher


def make_handoff(settings: Settings, url: str | None = None) -> Handoff:
    """The queue and staff auth on the configured database, migrated to the newest schema."""
    engine = make_engine(url or database_url(settings))
    migrate(engine)
    sessions = session_factory(engine)
    return Handoff(
        engine=engine,
        queue=HandoffQueue(sessions, timezone=settings.timezone, working_days=settings.reply_working_days),
        auth=StaffAuth(sessions, settings.staff_session_hours),
        chat_hours=ChatHours.parse(settings.chat_hours),
        chat_url=settings.chat_url,
        timezone=settings.timezone,
    )
