"""The picking model: logistic regression over a few match features of a (message, curated answer) pair.

Learned by ``perhekeskus picker train`` from ``assistant/picking/data/*.jsonl`` and shipped as
``model.json`` (weights on the raw features and how they were learned). Applying it is a dot product: the
server needs no scikit-learn. The model chooses *which* curated answer; *whether* one is given at all stays
with the similarity rule calibrated on the tune set (assistant.curated: CURATED_MIN, UNSUPPORTED_MIN).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import CorpusError

# What the model sees of one candidate answer (assistant.curated.CuratedAnswers.candidates):
FEATURES = (
    "dense",  # best cosine of the message to any of the answer's texts (question variants and answer texts)
    "lexical",  # best BM25 of its texts, divided by the best of all texts
    "score_gap",  # its dense + 0.1 x lexical score minus the best candidate's (0 for the best)
    "dense_lang",  # best cosine to its texts in the message's own language (fi: also the plain text)
    "lang_gap",  # dense_lang minus the best candidate's dense_lang
    "dense_questions",  # best cosine to its question variants (its texts when it has none)
    "dense_texts",  # best cosine to its answer texts
    "agreement",  # 1 / rank of the first passage hybrid retrieval found that the answer cites (0: none in 5)
    "inv_rank",  # 1 / its rank among the candidates
    "agreement_count",  # how many of the first five passages retrieval found the answer cites
    "rows_log",  # log of how many texts the answer has (the best of many texts is high by chance)
    "dense_second",  # second-best cosine of its texts
)
DEFAULT_PATH = Path(__file__).with_name("model.json")


@dataclass(frozen=True)
class PickModel:
    """P(this answer answers the message) = logistic(bias + weights . features)."""

    weights: dict[str, float]
    bias: float
    about: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))

    def save(self, path: Path = DEFAULT_PATH) -> None:
        data = {"weights": self.weights, "bias": self.bias, "about": self.about}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> PickModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            unknown = set(weights) - set(FEATURES)
            if unknown:
                raise CorpusError(str(path), f"unknown features {sorted(unknown)}", field="weights")
            return cls(weights, float(data["bias"]), dict(data.get("about") or {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CorpusError(str(path), f"not a picking model ({exc})") from exc
