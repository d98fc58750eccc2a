"""Exact dense search over a build's vector matrix, and the same search through Chroma for older builds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embeddings import Embedder, LangChainEmbeddings
from assistant.index import IndexBuilder, IndexStore
from assistant.index.builder import current_dir
from assistant.index.manifest import Manifest
from assistant.index.vectors import VECTORS_FILE, ChromaSearch, DenseMatrix, chroma_client
from assistant.text import Analyzer
from tests.utils.corpus_files import small_corpus


def _matrix() -> DenseMatrix:
    vectors = np.array([[1, 0, 0], [0.6, 0.8, 0], [0, 0, 2], [0.8, 0.6, 0], [0, 1, 0]], dtype=np.float32)
    return DenseMatrix(["a", "b", "c", "d", "e"], ["handbook", "services", "glossary", "services", "handbook"], vectors)


@pytest.mark.unit
def test_search_ranks_by_cosine_similarity_whatever_the_lengths() -> None:
    hits = _matrix().search(np.array([3.0, 0.0, 0.0]), 3)
    assert [i for i, _ in hits] == ["a", "d", "b"]
    assert [round(s, 6) for _, s in hits] == [1.0, 0.8, 0.6]


@pytest.mark.unit
def test_search_of_one_document_only() -> None:
    hits = _matrix().search(np.array([1.0, 0.1, 0.0]), 5, doc="services")
    assert [i for i, _ in hits] == ["d", "b"]
    assert _matrix().search(np.array([1.0, 0.0, 0.0]), 5, doc="nothing") == []


@pytest.mark.unit
def test_ties_keep_chunk_order_and_a_zero_vector_finds_nothing() -> None:
    matrix = DenseMatrix(["x", "y", "z"], ["handbook"] * 3, np.array([[0, 1], [1, 0], [1, 0]], dtype=np.float32))
    assert [i for i, _ in matrix.search(np.array([1.0, 0.0]), 2)] == ["y", "z"]
    assert matrix.search(np.zeros(2), 2) == []


@pytest.mark.unit
def test_save_and_load_give_the_same_search(tmp_path: Path) -> None:
    _matrix().save(tmp_path)
    assert DenseMatrix.exists(tmp_path)
    query = np.array([0.2, 0.5, 0.9])
    assert DenseMatrix.load(tmp_path).search(query, 5) == _matrix().search(query, 5)


@pytest.mark.unit
def test_rows_that_do_not_line_up_are_refused() -> None:
    with pytest.raises(ValueError):
        DenseMatrix(["a"], ["handbook", "glossary"], np.zeros((1, 3)))


def _build(tmp_path: Path, analyzer: Analyzer, e5: Embedder) -> Path:
    """The small fixture corpus indexed (no router: these tests only search)."""
    index_dir = tmp_path / "index"
    IndexBuilder(small_corpus(tmp_path / "corpus"), index_dir, analyzer, e5).build()
    return index_dir


@pytest.mark.integration
def test_a_build_is_served_from_its_matrix_with_chromas_results(
    tmp_path: Path, analyzer: Analyzer, e5: Embedder
) -> None:
    index_dir = _build(tmp_path, analyzer, e5)
    store = IndexStore.open(index_dir, analyzer, e5)
    assert isinstance(store.vectors, DenseMatrix)
    assert [c.id for c in store.chunks] == store.vectors.ids
    # The vectors Chroma holds for the same build, searched by Chroma.
    directory = current_dir(index_dir).resolve()
    from langchain_chroma import Chroma

    chroma = ChromaSearch(
        Chroma(
            collection_name=Manifest.read(directory).chroma["collection"],
            embedding_function=LangChainEmbeddings(e5),
            client=chroma_client(directory / "chroma", None),
            create_collection_if_not_exists=False,
        )
    )
    for question in ["Kuinka usein käsikirja päivitetään?", "Where is the family centre?", "neuvola"]:
        vector = e5.embed_query(question)
        ours, theirs = store.vectors.search(vector, 4), chroma.search(vector, 4)
        assert [i for i, _ in ours] == [i for i, _ in theirs], question
        assert np.allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)


@pytest.mark.integration
def test_a_build_without_a_matrix_is_searched_through_chroma(tmp_path: Path, analyzer: Analyzer, e5: Embedder) -> None:
    index_dir = _build(tmp_path, analyzer, e5)
    (current_dir(index_dir).resolve() / VECTORS_FILE).unlink()  # as a build of index format 4
    store = IndexStore.open(index_dir, analyzer, e5)
    assert isinstance(store.vectors, ChromaSearch)
    hits = store.dense_search("Kuinka usein käsikirja päivitetään?", 3)
    assert any("päivitetään vuosittain" in chunk.text for chunk, _ in hits)
