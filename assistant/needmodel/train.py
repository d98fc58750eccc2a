"""Learns the need classifier (``perhekeskus needs train``) and reports it out of fold.

The report compares, on the written messages, the need matcher's first need with and without the classifier:
every message is decided by a classifier that never saw it (five folds; the need descriptions are always in
training, since the matcher always has them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from assistant.corpus import Corpus
from assistant.embeddings import Embedder
from assistant.needmodel import DATA_DIR, NO_NEED
from assistant.picking.classifier import AnswerClassifier, texts_digest, train_classifier
from assistant.picking.data import Example, load_examples
from assistant.router.vectors import embed_messages

FOLDS = 5
# Inverse regularisation, chosen 2026-11-29 (seventh session) out of fold on the written messages: see
# eval/reports/needs/report.txt for the figures of the value in use.
C = 1000.0


def load_need_examples(corpus: Corpus, directory: Path = DATA_DIR) -> list[Example]:
    """The written messages, validated against the corpus's need ids (file, line and field of every bad line)."""
    return load_examples(directory, known={n.id for n in corpus.needs}, field="needs", what="need")


def description_texts(corpus: Corpus) -> tuple[list[str], list[str]]:
    """(texts, need ids) of every need description in every language."""
    texts: list[str] = []
    labels: list[str] = []
    for need in corpus.needs:
        for text in need.description.all():
            texts.append(text)
            labels.append(need.id)
    return texts, labels


def example_texts(examples: list[Example]) -> tuple[list[str], list[str]]:
    """(texts, labels) of the written messages: the main need, or ``NO_NEED``."""
    return [e.text for e in examples], [e.answers[0] if e.answers else NO_NEED for e in examples]


@dataclass(frozen=True)
class FoldOutcome:
    example: Example
    without: str | None  # the matcher's first need without the classifier
    with_model: str | None  # and with it


def out_of_fold(
    examples: list[Example],
    vectors: np.ndarray,
    base_labels: list[str],
    base_vectors: np.ndarray,
    decide: Callable[[Example, np.ndarray, AnswerClassifier | None], str | None],
    c: float = C,
    folds: int = FOLDS,
) -> list[FoldOutcome]:
    """Each message decided by ``decide`` (the matcher's first need) with a classifier that never saw it."""
    order = np.random.default_rng(20261129).permutation(len(examples))
    fold_of = {int(i): k % folds for k, i in enumerate(order)}
    _, labels = example_texts(examples)
    outcomes: list[FoldOutcome | None] = [None] * len(examples)
    for fold in range(folds):
        train = [i for i in range(len(examples)) if fold_of[i] != fold]
        rows = np.vstack([base_vectors, vectors[train]])
        classifier = train_classifier(rows, [*base_labels, *(labels[i] for i in train)], c=c)
        for i in range(len(examples)):
            if fold_of[i] == fold:
                example = examples[i]
                outcomes[i] = FoldOutcome(
                    example, decide(example, vectors[i], None), decide(example, vectors[i], classifier)
                )
    return [o for o in outcomes if o is not None]


def summarise(outcomes: list[FoldOutcome]) -> list[str]:
    """Shares of messages whose first need is their labelled need (or none, for messages about no need)."""

    def share(chosen: list[FoldOutcome], attribute: str) -> str:
        right = sum(
            (getattr(o, attribute) in o.example.answers) if o.example.answers else getattr(o, attribute) is None
            for o in chosen
        )
        return f"{right / max(1, len(chosen)):.3f}"

    lines = ["first need right (messages about no need: no need given), out of fold", "group n without with"]
    groups = [("all", outcomes)]
    groups += [(lang, [o for o in outcomes if o.example.lang == lang]) for lang in ("fi", "sv", "en")]
    groups.append(("no need", [o for o in outcomes if not o.example.answers]))
    for name, chosen in groups:
        lines.append(f"{name:8s} {len(chosen):5d} {share(chosen, 'without')} {share(chosen, 'with_model')}")
    return lines


def train_need_classifier(
    corpus: Corpus, examples: list[Example], embedder: Embedder, cache_dir: Path | None, today: date, c: float = C
) -> AnswerClassifier:
    """The classifier learned from every need description and every written message."""
    texts, labels = description_texts(corpus)
    more_texts, more_labels = example_texts(examples)
    texts, labels = [*texts, *more_texts], [*labels, *more_labels]
    vectors = embed_messages(texts, embedder, cache_dir)
    about = {"trained": today.isoformat(), "texts": len(texts), "digest": texts_digest(texts, labels), "C": c}
    return train_classifier(vectors, labels, about, c=c)
