"""Chunking: section-aware, bounded, content-hashed."""

from __future__ import annotations

import pytest

from assistant.corpus import load_corpus
from assistant.index import build_chunks
from tests.conftest import CORPUS

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus(CORPUS)


def test_chunks_never_span_sections_and_stay_within_bounds(corpus) -> None:  # type: ignore[no-untyped-def]
    chunks = build_chunks(corpus, max_words=250, overlap_words=30)
    by_section = {" > ".join(s.path): s.text for s in corpus.sections}
    for chunk in (c for c in chunks if c.doc == "handbook"):
        assert chunk.section in by_section
        assert chunk.text in by_section[chunk.section]  # a chunk is a piece of exactly one section
        assert len(chunk.text.split()) <= 250
    assert {c.doc for c in chunks} == {"handbook", "glossary", "services"}
    assert sum(c.doc == "services" for c in chunks) == len(corpus.services)
    assert sum(c.doc == "glossary" for c in chunks) == len(corpus.glossary)


def test_long_sections_are_split_with_overlap(corpus) -> None:  # type: ignore[no-untyped-def]
    chunks = [c for c in build_chunks(corpus, max_words=80, overlap_words=15) if c.doc == "handbook"]
    sections = [c.section for c in chunks]
    assert len(sections) > len(set(sections))  # some section gave several chunks
    assert all(len(c.text.split()) <= 80 for c in chunks)


def test_ids_are_stable_content_hashes(corpus) -> None:  # type: ignore[no-untyped-def]
    first = build_chunks(corpus)
    second = build_chunks(load_corpus(CORPUS))
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)


def test_service_chunks_carry_their_id_and_search_words(corpus) -> None:  # type: ignore[no-untyped-def]
    chunk = next(c for c in build_chunks(corpus) if c.service_ids == ["nollalinja"])
    assert chunk.doc == "services" and chunk.url and "nollalinja" in chunk.url
    service = corpus.service("nollalinja")
    assert service is not None and service.keywords
    assert chunk.keywords == service.keywords  # every search word of the catalogue, in its order
    assert all(word in chunk.search_text for word in chunk.keywords)  # indexed and embedded ...
    assert ", ".join(chunk.keywords) not in chunk.text  # ... but not part of the passage a reply cites
