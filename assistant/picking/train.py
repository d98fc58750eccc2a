"""Learns the picking model from the helper-written messages (``perhekeskus picker train``).

For every training message the serving assistant's own parts give the candidates and their features (the
message embedded as a query, hybrid retrieval for the agreement feature). Logistic regression learns which
candidate is a right answer. The report compares, on out-of-fold predictions (folds grouped by answer, so a
fold's answers were never seen), the serving choice (rule score plus the model's probability, see
``assistant.curated.MODEL_WEIGHT``) with the rule's own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from assistant.curated import Candidate, CuratedAnswers
from assistant.engine import Assistant
from assistant.errors import AssistantError
from assistant.picking.classifier import (
    AnswerClassifier,
    foreign_training_texts,
    texts_digest,
    train_classifier,
    training_texts,
)
from assistant.picking.data import Example, data_digest
from assistant.picking.model import FEATURES, PickModel
from assistant.router.vectors import embed_messages

FOLDS = 5
C = 1.0  # inverse regularisation of the logistic regression (features are standardised first)


@dataclass(frozen=True)
class Outcome:
    """One message's decisions: what the model and the hand-set rule alone would pick (None: no answer)."""

    example: Example
    model_pick: str | None
    rule_pick: str | None


def candidate_sets(assistant: Assistant, examples: list[Example], cache_dir: Path | None) -> list[list[Candidate]]:
    """The candidates of every message, as the serving assistant sees them."""
    if assistant.curated is None or assistant.retriever is None or assistant.embedder is None:
        raise AssistantError(
            "the index has no curated answers or no embedder: build it first (perhekeskus index build)"
        )
    curated: CuratedAnswers = assistant.curated
    vectors = embed_messages([e.text for e in examples], assistant.embedder, cache_dir)
    out = []
    for example, vector in zip(examples, vectors, strict=True):
        sources = assistant.retriever.retrieve(example.text, vector=vector).sources
        terms = assistant.analyzer.terms(example.text)
        out.append(curated.candidates(terms, vector, sources, example.lang))
    return out


def _matrix(candidates: list[Candidate]) -> np.ndarray:
    return np.array([[c.features[name] for name in FEATURES] for c in candidates], dtype=np.float64)


def _fit(rows: np.ndarray, labels: np.ndarray) -> tuple[dict[str, float], float]:
    """Logistic regression on standardised features, returned as weights on the raw features."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000).fit((rows - mean) / scale, labels)
    weights = model.coef_[0] / scale
    bias = float(model.intercept_[0] - np.sum(model.coef_[0] * mean / scale))
    return {name: float(w) for name, w in zip(FEATURES, weights, strict=True)}, bias


def _pairs(sets: list[list[Candidate]], examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    rows = [c for cands in sets for c in cands]
    labels = [c.answer.id in e.answers for cands, e in zip(sets, examples, strict=True) for c in cands]
    return _matrix(rows), np.array(labels, dtype=int)


def _group(example: Example, index: int) -> str:
    return example.answers[0] if example.answers else f"none-{index}"


def out_of_fold(
    sets: list[list[Candidate]], examples: list[Example], curated: CuratedAnswers, folds: int = FOLDS
) -> list[Outcome]:
    """Every message decided by a model that never saw its answer's messages."""
    groups = sorted({_group(e, i) for i, e in enumerate(examples)})
    order = np.random.default_rng(20261128).permutation(len(groups))
    fold_of = {groups[j]: k % folds for k, j in enumerate(order)}
    outcomes: list[Outcome | None] = [None] * len(examples)
    for fold in range(folds):
        train = [i for i, e in enumerate(examples) if fold_of[_group(e, i)] != fold]
        rows, labels = _pairs([sets[i] for i in train], [examples[i] for i in train])
        weights, bias = _fit(rows, labels)
        curated.model = PickModel(weights, bias)
        for i, e in enumerate(examples):
            if fold_of[_group(e, i)] == fold:
                outcomes[i] = _decide(sets[i], e, curated)
    curated.model = None
    return [o for o in outcomes if o is not None]


def _decide(candidates: list[Candidate], example: Example, curated: CuratedAnswers) -> Outcome:
    """What ``curated`` (with its model) and the rule alone pick from the message's candidates."""
    best = curated.choose(candidates)
    rule = curated.rule_pick(candidates)
    return Outcome(example, best.answer.id if best else None, rule.answer.id if rule else None)


def summarise(outcomes: list[Outcome]) -> list[str]:
    """Out-of-fold figures of the model's choice beside the rule's, by language and style."""

    def line(name: str, chosen: list[Outcome]) -> str:
        answerable = [o for o in chosen if o.example.answers]
        n = max(1, len(answerable))
        shares = []
        for who in ("model", "rule"):
            picks = [getattr(o, f"{who}_pick") for o in answerable]
            right = sum(p in o.example.answers for p, o in zip(picks, answerable, strict=True) if p)
            wrong = sum(p is not None for p in picks) - right
            shares.append(f"{who} right {right / n:.3f} wrong {wrong / n:.3f}")
        empty = [o for o in chosen if not o.example.answers]
        return f"{name:14s} {len(answerable):5d} | {' | '.join(shares)} | unanswerable given an answer " + (
            f"{sum(o.rule_pick is not None for o in empty)}/{len(empty)}"
        )

    lines = ["shares of the answerable messages given a right / a wrong curated answer", line("all", outcomes)]
    for lang in ("fi", "sv", "en"):
        lines.append(line(f"lang {lang}", [o for o in outcomes if o.example.lang == lang]))
    for style, _ in Counter(o.example.style for o in outcomes).most_common():
        lines.append(line(f"{style or '-'}", [o for o in outcomes if o.example.style == style]))
    return lines


def train_model(
    assistant: Assistant, examples: list[Example], cache_dir: Path | None, today: date
) -> tuple[PickModel, list[str]]:
    """The model learned from all ``examples``, with the report of out-of-fold predictions."""
    assert assistant.curated is not None
    sets = candidate_sets(assistant, examples, cache_dir)
    outcomes = out_of_fold(sets, examples, assistant.curated)
    report = summarise(outcomes)
    weights, bias = _fit(*_pairs(sets, examples))
    about = {
        "trained": today.isoformat(),
        "messages": len(examples),
        "data": data_digest(),
        "out_of_fold": report,
    }
    return PickModel(weights, bias, about), report


def train_classifier_for(
    assistant: Assistant, examples: list[Example], cache_dir: Path | None, today: date, foreign: bool = False
) -> AnswerClassifier:
    """The answer classifier learned from the curated answers' own texts and ``examples``; ``foreign``: also from
    their translations (the classifier for languages we do not answer in)."""
    if assistant.corpus is None or assistant.embedder is None:
        raise AssistantError("no corpus or embedder: build the index first (perhekeskus index build)")
    texts, labels = (foreign_training_texts if foreign else training_texts)(assistant.corpus, examples)
    vectors = embed_messages(texts, assistant.embedder, cache_dir)
    about = {"trained": today.isoformat(), "texts": len(texts), "digest": texts_digest(texts, labels)}
    return train_classifier(vectors, labels, about)
