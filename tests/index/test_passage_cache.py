"""Passage vectors by text hash: a rebuild embeds only what changed; the shipped seed spares a fresh clone."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.config import Settings
from assistant.embeddings import Embedder
from assistant.embeddings.passages import CachedPassages
from assistant.factory import make_builder
from assistant.index.builder import IndexBuilder
from tests.utils.corpus_files import replace_in, small_corpus


class CountingEmbedder:
    """A real Embedder that counts the passages it embeds."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.id, self.dim, self.passages = inner, inner.id, inner.dim, 0

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def test_a_forced_rebuild_embeds_only_the_edited_passage(tmp_path: Path, trained_router, analyzer, e5) -> None:  # type: ignore[no-untyped-def]
    corpus = small_corpus(tmp_path / "corpus")
    index = trained_router(tmp_path / "index")
    first = CountingEmbedder(e5)
    built = IndexBuilder(corpus, index, analyzer, first, seed_dir=None).build()
    assert first.passages == built.manifest.counts["chunks"] > 5  # everything, the first time

    replace_in(corpus / "handbook.md", "Käsikirja päivitetään vuosittain.", "Käsikirja päivitetään joka kevät.")
    again = CountingEmbedder(e5)
    result = IndexBuilder(corpus, index, analyzer, again, seed_dir=None).build(force=True)
    assert again.passages == 1
    assert np.load(result.path / "vectors.npy").shape[0] == result.manifest.counts["chunks"]


def test_a_seed_spares_the_first_build_and_matches_the_model(tmp_path: Path, trained_router, analyzer, e5) -> None:  # type: ignore[no-untyped-def]
    corpus = small_corpus(tmp_path / "corpus")
    seeding = CachedPassages(e5, cache_dir=None, seed_dir=None)
    IndexBuilder(corpus, trained_router(tmp_path / "a"), analyzer, seeding, seed_dir=None).build()
    seed = seeding.write_seed(tmp_path / "seed").parent

    fresh = CountingEmbedder(e5)
    IndexBuilder(corpus, trained_router(tmp_path / "b"), analyzer, fresh, seed_dir=seed).build()
    assert fresh.passages == 0

    text = "Perhekeskus on lasten, nuorten ja perheiden palveluiden verkosto."
    reloaded = CachedPassages(e5, cache_dir=None, seed_dir=seed)
    assert float(reloaded.embed_passages([text])[0] @ e5.embed_passages([text])[0]) > 0.999


def test_the_shipped_seed_covers_the_committed_corpus(built_index: Settings, analyzer, e5, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`python -m assistant.embeddings.passages` was run after the last corpus change (else a fresh clone's
    first build embeds again what changed; slower, not wrong)."""
    counting = CountingEmbedder(e5)
    settings = built_index.model_copy(update={"index_dir": tmp_path / "index", "cache_dir": tmp_path / "cache"})
    builder = make_builder(settings, analyzer, counting)
    builder.router_data = None
    builder.build()
    assert counting.passages == 0, "corpus/ changed: run `python -m assistant.embeddings.passages` to refresh the seed"
