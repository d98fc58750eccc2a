"""Questions from many threads share forward passes, each caller gets its own vector, and a failing batch
reaches its callers without stopping the worker."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistant.embeddings.batching import BatchedQueries


class SlowModel:
    """Vectors that encode the text (its length and first letter); each call takes a while, so that the
    questions arriving meanwhile queue up; texts containing 'boom' make the whole call fail."""

    id = "slow"
    dim = 2

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.started = threading.Event()
        self.release = threading.Event()

    def embed_many(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        self.started.set()
        self.release.wait(5)
        if any("boom" in t for t in texts):
            raise RuntimeError("model failed")
        return np.array([[len(t), ord(t[-1])] for t in texts], dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.zeros((len(texts), 2), dtype=np.float32)


def test_questions_that_arrive_while_the_model_works_share_the_next_pass() -> None:
    model = SlowModel()
    queries = BatchedQueries(model, "q: ", max_batch=4)
    with ThreadPoolExecutor(7) as pool:
        first = pool.submit(queries.embed_query, "a")
        assert model.started.wait(5)  # the model is busy with "a" alone
        rest = [pool.submit(queries.embed_query, text) for text in ["bb", "ccc", "dddd", "eeeee", "ffffff"]]
        while queries._queue.qsize() < 5:  # every later question is waiting
            threading.Event().wait(0.01)
        model.release.set()
        vectors = [first.result(5), *(f.result(5) for f in rest)]
    assert model.calls[0] == ["q: a"]
    assert model.calls[1] == ["q: bb", "q: ccc", "q: dddd", "q: eeeee"]  # at most max_batch in one pass
    assert model.calls[2] == ["q: ffffff"]
    for text, vector in zip(["a", "bb", "ccc", "dddd", "eeeee", "ffffff"], vectors, strict=True):
        assert vector.tolist() == [len("q: " + text), ord(text[-1])]  # each caller its own vector
    assert (queries.batches, queries.questions) == (3, 6)


def test_a_failed_batch_reaches_its_callers_and_the_worker_goes_on() -> None:
    model = SlowModel()
    model.release.set()
    queries = BatchedQueries(model, "")
    with pytest.raises(RuntimeError, match="model failed"):
        queries.embed_query("boom")
    assert queries.embed_query("ok").tolist() == [2, ord("k")]


def test_passages_go_to_the_model_directly_and_max_batch_is_checked() -> None:
    model = SlowModel()
    assert BatchedQueries(model, "").embed_passages(["x", "y"]).shape == (2, 2)
    assert model.calls == []
    with pytest.raises(ValueError):
        BatchedQueries(model, "", max_batch=0)
