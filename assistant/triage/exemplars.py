"""Similarity of a message to written crisis, handoff and near-miss exemplars (fi / sv / en)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from assistant.embeddings import Embedder

DEFAULT_EXEMPLARS = Path(__file__).with_name("exemplars.yaml")
LABELS = ("crisis", "handoff", "not_crisis", "out_of_scope")


@dataclass(frozen=True)
class Neighbours:
    """The labels of the nearest exemplars and the similarity of the nearest one of each label."""

    votes: Counter[str]
    best: dict[str, float]


class ExemplarIndex:
    """Embeds the exemplars once; answers nearest-neighbour votes for a message."""

    def __init__(self, embedder: Embedder, path: Path = DEFAULT_EXEMPLARS, k: int = 5) -> None:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        texts: list[str] = []
        labels: list[str] = []
        for label in LABELS:
            for messages in (data.get(label) or {}).values():
                texts.extend(str(m) for m in messages)
                labels.extend([label] * len(messages))
        self.embedder = embedder
        self.labels = np.array(labels)
        self.vectors = embedder.embed_passages(texts)
        self.k = k

    def neighbours(self, message: str, vector: np.ndarray | None = None) -> Neighbours:
        query = vector if vector is not None else self.embedder.embed_query(message)
        sims = self.vectors @ query
        top = np.argsort(-sims)[: self.k]
        votes = Counter(str(self.labels[i]) for i in top)
        best = {label: float(sims[self.labels == label].max()) for label in LABELS if (self.labels == label).any()}
        return Neighbours(votes, best)
