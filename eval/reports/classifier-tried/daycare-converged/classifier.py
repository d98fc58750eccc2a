"""The answer classifier: which curated answer a message is about, learned from the texts written for each answer.

Cosine similarity of multilingual-e5-small vectors is compressed: a family's long description of its situation
sits at 0.86-0.92 from nearly every answer, so the nearest text often decides by chance. A multinomial logistic
regression over the same vectors learns the directions that tell the answers apart. It is trained on every
answer's question variants and texts (corpus/answers.yaml) and the helper-written picking messages
(assistant/picking/data/), by ``perhekeskus picker train``, and shipped as ``classifier.npz``; applying it is one
matrix product (no scikit-learn in the server).

Its probability for a candidate is added to the curated pick's ordering score (``assistant.curated.CLASS_WEIGHT``);
whether an answer is given at all stays with the similarity rule. An answer added after training gets 0 from it
(the rule alone orders it); ``tests/picking`` fails until the classifier is retrained.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.corpus import Corpus
from assistant.errors import CorpusError
from assistant.picking.data import Example

DEFAULT_PATH = Path(__file__).with_name("classifier.npz")
# The same classifier learned also from the curated answers translated into the languages we do not answer in
# (corpus/translations/): read only for a calm message in such a language (``Assistant.english_answer``), where
# the fi/sv/en classifier, which never saw those languages, spread its probability thin. Kept apart so that
# the answers to Finnish, Swedish and English stay those of the classifier above.
FOREIGN_PATH = Path(__file__).with_name("foreign_classifier.npz")
# Inverse regularisation. Chosen 2026-11-29 on held-out sets (eval/tune_situations.yaml and eval/dev.yaml, which
# the classifier never trains on): right answers picked, of 154 situational / 186 dev questions, with the
# classifier's probability added at 0.2: C=10 108/156, 100 111/161, 300 110/162, 1000 112/163, 5000 112/158
# (the rule alone: 106/155). Character n-grams beside the vector (as the router has) added nothing (114/162).
C = 1000.0
# lbfgs run to convergence. At scikit-learn's default tol 1e-4 it stopped after about 120 iterations, and where it
# stopped moved with any change of the data: 39 texts added to the foreign classifier's 9,119 took the norm of its
# weights from 1,395 to 1,269 and moved answers' probabilities by up to 0.1 (2026-12-02, eval/CALIBRATION.md). At
# 1e-6 (about 360 iterations) the same two data sets gave norms 1,228 and 1,232, probabilities within 0.01.
TOL = 1e-6
MAX_ITER = 20000


def training_texts(corpus: Corpus, examples: list[Example]) -> tuple[list[str], list[str]]:
    """(texts, answer ids): every question variant and answer text of every curated answer, then every picking
    message with the answer it names first."""
    texts: list[str] = []
    labels: list[str] = []
    for answer in corpus.answers:
        for text in [*answer.question_texts(), *(t for _, t in answer.answer.items())]:
            texts.append(text)
            labels.append(answer.id)
    known = {a.id for a in corpus.answers}
    for example in examples:
        if example.answers and example.answers[0] in known:
            texts.append(example.text)
            labels.append(example.answers[0])
    return texts, labels


def foreign_training_texts(corpus: Corpus, examples: list[Example]) -> tuple[list[str], list[str]]:
    """``training_texts``, then every translated answer text (corpus/translations/, by language) with its answer."""
    texts, labels = training_texts(corpus, examples)
    for code in sorted(corpus.translations):
        for answer_id, text in corpus.translations[code].texts.items():
            texts.append(text)
            labels.append(answer_id)
    return texts, labels


def texts_digest(texts: list[str], labels: list[str]) -> str:
    """Hash of the training texts and labels (recorded in the classifier; compared by the tests)."""
    digest = hashlib.sha1()
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{label}\t{text}\n".encode())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class AnswerClassifier:
    """P(answer | message vector) = softmax(coef . vector + intercept) over the answers it was trained on."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (answers, dims)
    intercept: np.ndarray  # (answers,)
    about: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        z = self.coef @ np.asarray(vector, dtype=np.float32) + self.intercept
        z = np.exp(z - z.max())
        p = z / z.sum()
        return dict(zip(self.classes, (float(x) for x in p), strict=True))

    def save(self, path: Path = DEFAULT_PATH) -> None:
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
            about=np.array(json.dumps(self.about, ensure_ascii=False)),
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> AnswerClassifier:
        try:
            with np.load(path, allow_pickle=False) as data:
                classes = tuple(str(c) for c in data["classes"])
                coef = data["coef"].astype(np.float32)
                intercept = data["intercept"].astype(np.float32)
                about = json.loads(str(data["about"]))
        except (OSError, KeyError, ValueError) as exc:
            raise CorpusError(str(path), f"not a readable answer classifier ({exc})") from exc
        if coef.shape[0] != len(classes) or intercept.shape != (len(classes),):
            raise CorpusError(str(path), f"shapes do not match: {coef.shape}, {intercept.shape}, {len(classes)}")
        return cls(classes, coef, intercept, about)


def train_classifier(
    vectors: np.ndarray, labels: list[str], about: dict[str, Any] | None = None, c: float = C
) -> AnswerClassifier:
    """Multinomial logistic regression of ``labels`` on ``vectors``."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, tol=TOL, max_iter=MAX_ITER)
    model.fit(vectors, labels)
    iterations = int(np.max(model.n_iter_))
    return AnswerClassifier(
        tuple(str(c) for c in model.classes_),
        model.coef_.astype(np.float32),
        model.intercept_.astype(np.float32),
        {**(about or {}), "C": c, "tol": TOL, "iterations": iterations, "converged": iterations < MAX_ITER},
    )
