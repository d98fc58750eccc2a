"""The trained router as plain arrays: the server predicts with numpy alone, so it does not import
scikit-learn and SciPy at start-up (1.3 s of a 4 s cold start on 2 cores).

``export`` turns a trained :class:`~assistant.router.model.RouterModel` into arrays; ``CompiledRouter``
reproduces its ``predict`` exactly: the word-bounded character n-grams of scikit-learn's ``char_wb``
analyzer over the folded text, sublinear TF-IDF with L2 norm, the L2-normalised e5 vector times the dense
weight, the folded words and word pairs (scikit-learn's ``word`` analyzer, sublinear TF-IDF, L2 norm), and the
multinomial logistic regressions' softmax. A test compares the two on the training data.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.router.data import ROUTES
from assistant.router.features import WORD_PATTERN, fold
from assistant.router.prediction import Prediction

ARRAYS_FILE = "compiled.npz"
VOCAB_FILE = "compiled.json"
_SPACES = re.compile(r"\s\s+")
_WORD = re.compile(WORD_PATTERN)
FEATURES_KEPT = 1024  # texts whose n-gram features are remembered (the API routes every message twice)


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's ``char_wb`` n-grams: each word padded with one space, short words counted once."""
    out: list[str] = []
    for word in _SPACES.sub(" ", text).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            offset = 0
            out.append(padded[offset : offset + n])
            while offset + n < size:
                offset += 1
                out.append(padded[offset : offset + n])
            if offset == 0:
                break
    return out


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's ``word`` n-grams of a preprocessed text: its tokens, then runs of ``low``..``high`` tokens."""
    tokens = _WORD.findall(text)
    if high == 1:
        return tokens
    out = list(tokens) if low == 1 else []
    for n in range(max(low, 2), high + 1):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def _tfidf(counts: dict[int, int], idf: np.ndarray, sublinear: bool) -> tuple[np.ndarray, np.ndarray]:
    """Columns and L2-normalised TF-IDF values of one text's term counts."""
    columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    tf = np.fromiter(
        ((1.0 + math.log(c)) if sublinear else float(c) for c in counts.values()), dtype=np.float32, count=len(counts)
    )
    values = tf * idf[columns] if len(columns) else tf
    norm = float(np.linalg.norm(values))
    values = values / norm if norm > 0 else values
    columns.flags.writeable = values.flags.writeable = False  # shared through the cache
    return columns, values


def export(model: Any, directory: Path) -> None:
    """Write the arrays of a trained RouterModel (called by its ``save``)."""
    vectorizer = model.vectorizer
    arrays: dict[str, Any] = {
        "idf": np.asarray(vectorizer.idf_, dtype=np.float32),
        "route_coef": np.asarray(model.routes.coef_, dtype=np.float32),
        "route_intercept": np.asarray(model.routes.intercept_, dtype=np.float32),
        "type_coef": np.asarray(model.types.coef_, dtype=np.float32),
        "type_intercept": np.asarray(model.types.intercept_, dtype=np.float32),
    }
    words = getattr(model, "words", None)
    if words is not None:
        arrays["word_idf"] = np.asarray(words.idf_, dtype=np.float32)
    np.savez_compressed(Path(directory) / ARRAYS_FILE, **arrays)
    meta = {
        "vocabulary": {str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        "ngram_range": list(vectorizer.ngram_range),
        "sublinear_tf": bool(vectorizer.sublinear_tf),
        "dense_weight": float(model.dense_weight),
        "word_vocabulary": {str(k): int(v) for k, v in words.vocabulary_.items()} if words is not None else None,
        "word_ngram_range": list(words.ngram_range) if words is not None else None,
        "word_sublinear_tf": bool(words.sublinear_tf) if words is not None else None,
        "route_classes": [str(c) for c in model.routes.classes_],
        "type_classes": [str(c) for c in model.types.classes_],
        "meta": model.meta,
    }
    (Path(directory) / VOCAB_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def _softmax(scores: np.ndarray) -> np.ndarray:
    if scores.shape[-1] == 1:  # a binary logistic regression keeps one row of coefficients
        p = 1.0 / (1.0 + np.exp(-scores[..., 0]))
        return np.stack([1.0 - p, p], axis=-1)
    shifted = scores - scores.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


class CompiledRouter:
    """Predicts like the trained RouterModel, with numpy only. Read-only, safe to share between threads."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        self.vocabulary: dict[str, int] = meta["vocabulary"]
        self.low, self.high = (int(n) for n in meta["ngram_range"])
        self.sublinear = bool(meta["sublinear_tf"])
        self.dense_weight = float(meta["dense_weight"])
        self.route_classes: list[str] = meta["route_classes"]
        self.type_classes: list[str] = meta["type_classes"]
        self.meta: dict[str, Any] = meta.get("meta", {})
        self.idf = arrays["idf"]
        self.word_vocabulary: dict[str, int] = meta.get("word_vocabulary") or {}
        self.word_idf = arrays.get("word_idf", np.zeros(0, dtype=np.float32))
        self.word_low, self.word_high = (int(n) for n in (meta.get("word_ngram_range") or (1, 1)))
        self.word_sublinear = bool(meta.get("word_sublinear_tf"))
        n, w = len(self.idf), len(self.word_idf)
        route, kind = arrays["route_coef"], arrays["type_coef"]
        d = route.shape[1] - n - w  # columns: character n-grams, the e5 vector, words
        self._route_sparse, self._route_dense = route[:, :n], route[:, n : n + d]
        self._type_sparse, self._type_dense = kind[:, :n], kind[:, n : n + d]
        self._route_words, self._type_words = route[:, n + d :], kind[:, n + d :]
        self._route_intercept = arrays["route_intercept"]
        self._type_intercept = arrays["type_intercept"]
        self._features = lru_cache(maxsize=FEATURES_KEPT)(self._ngram_features)

    @classmethod
    def load(cls, directory: Path) -> CompiledRouter:
        with np.load(Path(directory) / ARRAYS_FILE) as data:
            arrays = {k: data[k] for k in data.files}
        meta = json.loads((Path(directory) / VOCAB_FILE).read_text(encoding="utf-8"))
        return cls(arrays, meta)

    def _ngram_features(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        folded = fold(text)
        counts: dict[int, int] = {}
        for gram in char_wb_ngrams(folded, self.low, self.high):
            column = self.vocabulary.get(gram)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        word_counts: dict[int, int] = {}
        if self.word_vocabulary:
            for gram in word_ngrams(folded, self.word_low, self.word_high):
                column = self.word_vocabulary.get(gram)
                if column is not None:
                    word_counts[column] = word_counts.get(column, 0) + 1
        return (
            *_tfidf(counts, self.idf, self.sublinear),
            *_tfidf(word_counts, self.word_idf, self.word_sublinear),
        )

    def predict(self, text: str, vector: np.ndarray | None) -> Prediction:
        columns, values, word_columns, word_values = self._features(text)
        dense = np.zeros(self._route_dense.shape[1], dtype=np.float32)
        if vector is not None:
            v = np.asarray(vector, dtype=np.float32)
            norm = float(np.linalg.norm(v))
            dense = v / norm * self.dense_weight if norm > 0 else dense
        route_scores = self._route_sparse[:, columns] @ values + self._route_dense @ dense + self._route_intercept
        type_scores = self._type_sparse[:, columns] @ values + self._type_dense @ dense + self._type_intercept
        if len(word_columns):
            route_scores = route_scores + self._route_words[:, word_columns] @ word_values
            type_scores = type_scores + self._type_words[:, word_columns] @ word_values
        route_p = _softmax(route_scores[None, :])[0]
        type_p = _softmax(type_scores[None, :])[0]
        routes = {
            name: float(route_p[self.route_classes.index(name)]) if name in self.route_classes else 0.0
            for name in ROUTES
        }
        ranked = sorted(zip(self.type_classes, (float(p) for p in type_p), strict=True), key=lambda kv: -kv[1])
        return Prediction(routes, tuple(ranked))
