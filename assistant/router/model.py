"""The learned router: logistic regression over a message's e5 vector, its character n-grams and its words.

Trained deterministically from the written data (``perhekeskus router train``, or the index build when
the data hash changed) and stored beside the index; nothing is embedded or fitted at start-up.
``predict`` is read-only and safe to share between threads.
"""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from assistant.router.data import CRISIS_TYPES, ROUTES
from assistant.router.features import char_vectorizer, word_vectorizer
from assistant.router.prediction import Prediction
from assistant.router.store import MODEL_FILE

META_FILE = "router.json"
# How much the dense vector weighs against the n-grams (both are L2-normalised). Chosen by 5-fold
# cross-validation on the training data (router report, 2026-11-28); never on evaluation sets.
DENSE_WEIGHT = 2.0
ROUTE_C = 8.0
TYPE_C = 4.0
# lbfgs is run to convergence (about 320 and 200 iterations, 2026-12-03): at scikit-learn's default tol 1e-4 it
# stopped after 96 and 65, and where it stops early depends on the machine's arithmetic, so another machine
# trained another router from the same data.
TOL = 1e-8


class RouterModel:
    """Route and crisis-type classifiers sharing one feature space."""

    def __init__(
        self,
        vectorizer: TfidfVectorizer,
        routes: LogisticRegression,
        types: LogisticRegression,
        dense_weight: float = DENSE_WEIGHT,
        meta: dict[str, object] | None = None,
        words: TfidfVectorizer | None = None,
    ) -> None:
        self.vectorizer = vectorizer
        self.words = words  # word and word-pair TF-IDF (None: a model trained before words were added)
        self.routes = routes
        self.types = types
        self.dense_weight = dense_weight
        self.meta = meta or {}

    # -- features ----------------------------------------------------------------------------------
    @staticmethod
    def _features(
        vectorizer: TfidfVectorizer,
        texts: list[str],
        vectors: np.ndarray,
        weight: float,
        words: TfidfVectorizer | None = None,
    ) -> sparse.csr_matrix:
        """Columns: the character n-grams, the weighted e5 vector, then the words (each block L2-normalised)."""
        dense = np.asarray(vectors, dtype=np.float32)
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        dense = (dense / np.where(norms == 0, 1, norms) * weight).astype(np.float32)
        blocks = [vectorizer.transform(texts), sparse.csr_matrix(dense)]
        if words is not None:
            blocks.append(words.transform(texts))
        return sparse.hstack(blocks, format="csr")

    # -- training ----------------------------------------------------------------------------------
    @classmethod
    def fit(
        cls,
        texts: list[str],
        vectors: np.ndarray,
        routes: list[str],
        crisis_types: list[str],
        *,
        dense_weight: float = DENSE_WEIGHT,
        route_c: float = ROUTE_C,
        type_c: float = TYPE_C,
        meta: dict[str, object] | None = None,
    ) -> RouterModel:
        """Fit on labelled messages; the same inputs always give the same model."""
        vectorizer = char_vectorizer().fit(texts)
        words = word_vectorizer().fit(texts)
        x = cls._features(vectorizer, texts, vectors, dense_weight, words)
        route_model = LogisticRegression(C=route_c, max_iter=5000, tol=TOL, class_weight="balanced", random_state=0)
        route_model.fit(x, routes)
        crisis_rows = [i for i, r in enumerate(routes) if r == "crisis"]
        type_model = LogisticRegression(C=type_c, max_iter=5000, tol=TOL, class_weight="balanced", random_state=0)
        type_model.fit(x[crisis_rows], [crisis_types[i] for i in crisis_rows])
        return cls(vectorizer, route_model, type_model, dense_weight, meta, words)

    # -- prediction --------------------------------------------------------------------------------
    def predict(self, text: str, vector: np.ndarray | None) -> Prediction:
        return self.predict_many([text], None if vector is None else np.asarray(vector)[None, :])[0]

    def predict_many(self, texts: list[str], vectors: np.ndarray | None) -> list[Prediction]:
        if vectors is None:
            # No embedder (it failed to load): the n-grams alone still route; the dense part is zero.
            vectors = np.zeros((len(texts), self._dense_dim()), dtype=np.float32)
        x = self._features(self.vectorizer, texts, vectors, self.dense_weight, self.words)
        route_p = self.routes.predict_proba(x)
        type_p = self.types.predict_proba(x)
        route_names = [str(c) for c in self.routes.classes_]
        type_names = [str(c) for c in self.types.classes_]
        out = []
        for rp, tp in zip(route_p, type_p, strict=True):
            routes = {name: float(rp[route_names.index(name)]) if name in route_names else 0.0 for name in ROUTES}
            ranked = sorted(zip(type_names, (float(p) for p in tp), strict=True), key=lambda kv: -kv[1])
            out.append(Prediction(routes, tuple(ranked)))
        return out

    def _dense_dim(self) -> int:
        words = len(self.words.vocabulary_) if self.words is not None else 0
        return int(self.routes.coef_.shape[1] - len(self.vectorizer.vocabulary_) - words)

    # -- storage -----------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        joblib.dump(
            {
                "vectorizer": self.vectorizer,
                "words": self.words,
                "routes": self.routes,
                "types": self.types,
                "dense_weight": self.dense_weight,
            },
            directory / MODEL_FILE,
        )
        (directory / META_FILE).write_text(json.dumps(self.meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        from assistant.router.compiled import export

        export(self, directory)  # what the server loads: numpy arrays, no scikit-learn

    @classmethod
    def load(cls, directory: Path) -> RouterModel:
        parts = joblib.load(directory / MODEL_FILE)
        meta_path = directory / META_FILE
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        return cls(
            parts["vectorizer"], parts["routes"], parts["types"], float(parts["dense_weight"]), meta, parts.get("words")
        )


__all__ = ["CRISIS_TYPES", "ROUTES", "Prediction", "RouterModel"]
