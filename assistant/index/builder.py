"""Builds an index into a fresh directory and switches ``index/current`` to it atomically.

A failed build leaves the previous index serving; rebuilding an unchanged corpus is a no-op.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.corpus import Corpus, load_corpus
from assistant.embeddings import Embedder
from assistant.embeddings.passages import SEED_DIR as PASSAGE_SEED_DIR
from assistant.embeddings.passages import CachedPassages
from assistant.index import lease
from assistant.index.bm25 import BM25Index
from assistant.index.chunks import Chunk, build_chunks
from assistant.index.manifest import Manifest
from assistant.index.vectors import DenseMatrix, chroma_client, collection_name
from assistant.match import PhraseIndex
from assistant.text import Analyzer

logger = logging.getLogger(__name__)

CURRENT = "current"
BUILDS = "builds"
CHUNKS_FILE = "chunks.jsonl"
PHRASES = "phrases"  # curated answers and needs, matched by their own short texts
KEEP_BUILDS = 2  # the serving build and the one before it
# Bump when chunking or indexing code changes what a build contains, so `index build` rebuilds.
INDEX_FORMAT = "5"  # 4: curated answers and needs (phrases/); 5: passage vectors as a matrix (vectors.npy)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildResult:
    manifest: Manifest
    path: Path
    skipped: bool


def current_dir(index_dir: Path) -> Path:
    return Path(index_dir) / CURRENT


class IndexBuilder:
    """Builds the hybrid index of ``corpus_dir`` under ``index_dir`` with the given analyzer and embedder."""

    def __init__(
        self,
        corpus_dir: Path,
        index_dir: Path,
        analyzer: Analyzer,
        embedder: Embedder,
        *,
        chroma_url: str | None = None,
        max_words: int = 250,
        overlap_words: int = 30,
        batch_size: int = 64,
        router_data: Path | None = None,
        cache_dir: Path | None = None,
        seed_dir: Path | None = PASSAGE_SEED_DIR,
    ) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.index_dir = Path(index_dir)
        self.analyzer = analyzer
        self.embedder = embedder
        self.chroma_url = chroma_url
        self.chunking = {"max_words": max_words, "overlap_words": overlap_words}
        self.batch_size = batch_size
        self.router_data = router_data
        self.cache_dir = cache_dir
        self.seed_dir = seed_dir

    def build_key(self, corpus_digest: str) -> str:
        parts = [
            INDEX_FORMAT,
            corpus_digest,
            self.embedder.id,
            self.analyzer.id,
            str(sorted(self.chunking.items())),
        ]
        parts.append(self.chroma_url or "embedded")
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]

    def current_manifest(self) -> Manifest | None:
        try:
            return Manifest.read(current_dir(self.index_dir))
        except Exception:
            return None

    def build(self, *, force: bool = False, progress: Progress | None = None) -> BuildResult:
        started = time.perf_counter()
        corpus = load_corpus(self.corpus_dir)
        key = self.build_key(corpus.digest)
        existing = self.current_manifest()
        if existing is not None and existing.build_key == key and not force:
            logger.info("index %s is up to date", existing.build_id)
            self._train_router()
            return BuildResult(existing, current_dir(self.index_dir).resolve(), skipped=True)

        chunks = build_chunks(corpus, self.chunking["max_words"], self.chunking["overlap_words"])
        build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + "-" + key[:8]
        builds = self.index_dir / BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        # Chroma keeps per-path state in the process, so the build is written in place; it counts as
        # a build only once manifest.json is there, and it serves only once `current` points at it.
        final = work = builds / build_id
        try:
            work.mkdir()
            (work / CHUNKS_FILE).write_text("".join(c.to_json() + "\n" for c in chunks), encoding="utf-8")
            if progress:
                progress("bm25", 0, len(chunks))
            BM25Index.build(self.analyzer, [c.search_text for c in chunks]).save(work / "bm25")
            if progress:
                progress("bm25", len(chunks), len(chunks))
            # Passage vectors come from the cache when the text is unchanged (the seed shipped for the committed
            # corpus, or an earlier build's): only new or edited passages are embedded.
            passages = CachedPassages(self.embedder, self.cache_dir or self.index_dir / "cache", self.seed_dir)
            self._phrases(corpus, work / PHRASES, passages)
            name = collection_name(build_id)
            self._embed(chunks, work, name, progress, passages)
            passages.save()
            logger.info("embedded %d passages (the rest from the cache)", passages.embedded)
            counts = {doc: sum(c.doc == doc for c in chunks) for doc in ("handbook", "glossary", "services")}
            counts.update(answers=len(corpus.answers), needs=len(corpus.needs))
            counts["chunks"] = len(chunks)
            manifest = Manifest(
                build_id=build_id,
                build_key=key,
                corpus_digest=corpus.digest,
                embedder=self.embedder.id,
                embedding_dim=self.embedder.dim,
                analyzer=self.analyzer.id,
                voikko_backend=getattr(getattr(self.analyzer, "backend", None), "name", None),
                chunking=self.chunking,
                counts=counts,
                chroma={"mode": "http" if self.chroma_url else "embedded", "collection": name},
                built_at=datetime.now(UTC).isoformat(timespec="seconds"),
                build_seconds=round(time.perf_counter() - started, 2),
            )
            manifest.write(work)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            if self.chroma_url:  # a half-made collection on the server would be left for ever
                self._drop_named(collection_name(build_id))
            raise
        self._train_router()
        self._switch(final)
        self._prune(keep=final)
        logger.info("index %s built: %d chunks in %.1f s", build_id, len(chunks), manifest.build_seconds)
        return BuildResult(manifest, final, skipped=False)

    def _phrases(self, corpus: Corpus, directory: Path, embedder: Embedder) -> None:
        """Vectors and terms of the curated answers (question variants and answer texts) and of the needs."""
        directory.mkdir()
        answers = [(a.id, q) for a in corpus.answers for q in a.question_texts()]
        answers += [(a.id, text) for a in corpus.answers for _, text in a.answer.items()]
        PhraseIndex.build(answers, self.analyzer, embedder).save(directory / "answers")
        needs = [(n.id, text) for n in corpus.needs for text in n.description.all()]
        PhraseIndex.build(needs, self.analyzer, embedder).save(directory / "needs")

    def _train_router(self) -> None:
        """The router is derived data too: trained when its training data (or the embedder) changed."""
        if self.router_data is None:
            return
        from assistant.router.store import train_router

        train_router(self.embedder, self.index_dir, data_dir=self.router_data, cache_dir=self.cache_dir)

    def _embed(self, chunks: list[Chunk], work: Path, name: str, progress: Progress | None, embedder: Embedder) -> None:
        from langchain_chroma import Chroma  # build time only: the server searches the matrix below

        from assistant.embeddings.langchain import LangChainEmbeddings

        client = chroma_client(None if self.chroma_url else work / "chroma", self.chroma_url)
        store = Chroma(
            collection_name=name,
            embedding_function=LangChainEmbeddings(embedder),
            client=client,
            collection_metadata={"hnsw:space": "cosine"},
        )
        for start in range(0, len(chunks), self.batch_size):
            batch = chunks[start : start + self.batch_size]
            store.add_texts(
                texts=[c.search_text for c in batch],
                metadatas=[{"doc": c.doc, "section": c.section} for c in batch],
                ids=[c.id for c in batch],
            )
            if progress:
                progress("embed", start + len(batch), len(chunks))
        # The same vectors once more as a matrix in chunk order, for exact search without Chroma when serving.
        stored = store.get(include=["embeddings"])
        by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
        vectors = np.vstack([by_id[c.id] for c in chunks]) if chunks else np.zeros((0, self.embedder.dim))
        DenseMatrix([c.id for c in chunks], [c.doc for c in chunks], vectors).save(work)

    def _switch(self, target: Path) -> None:
        """Point ``current`` at ``target``: a new symlink renamed over the old one is atomic on POSIX."""
        link = current_dir(self.index_dir)
        tmp = self.index_dir / f".{CURRENT}.{os.getpid()}"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(Path(BUILDS) / target.name, tmp)
        os.replace(tmp, link)

    def _prune(self, keep: Path) -> None:
        """Remove builds older than the last ``KEEP_BUILDS``, with their collections on a Chroma server. Runs
        after the switch, so the collection serving is never among them."""
        builds = sorted(p for p in (self.index_dir / BUILDS).iterdir() if (p / "manifest.json").exists())
        for old in builds[:-KEEP_BUILDS]:
            # A build a running server still holds (assistant/index/lease.py) is kept until it lets go, and
            # so is its collection on a Chroma server: the lease on the directory covers both.
            if old == keep or lease.in_use(old):
                continue
            # The directory is the only record of its collection: it goes only once the collection has.
            if self._drop_collection(old):
                shutil.rmtree(old, ignore_errors=True)

    def _drop_collection(self, build: Path) -> bool:
        """Drop ``build``'s collection from the Chroma server; False when the server could not drop it (the
        build is then kept, and the next prune tries again)."""
        try:
            manifest = Manifest.read(build)
        except Exception:
            return True  # no readable manifest: no collection known
        if manifest.chroma.get("mode") != "http":
            return True  # the embedded collection goes with its directory
        name = manifest.chroma["collection"]
        if not self.chroma_url:
            logger.warning(
                "build %s has collection %s on a Chroma server; no PK_CHROMA_URL to drop it", build.name, name
            )
            return True
        return self._drop_named(name)

    def _drop_named(self, name: str) -> bool:
        try:
            client = chroma_client(None, self.chroma_url)
            try:
                client.delete_collection(name)
            except Exception:
                # Already gone (dropped by another builder, or never made) counts as dropped.
                if name in {getattr(c, "name", c) for c in client.list_collections()}:
                    raise
        except Exception as exc:
            logger.warning("could not drop collection %s from the Chroma server: %s", name, exc)
            return False
        return True
