"""What the learned router says about one message (shared by the trained and the compiled model)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Prediction:
    """Route probabilities (in ROUTES order) and, for the crisis route, its most likely types."""

    routes: dict[str, float]
    crisis_types: tuple[tuple[str, float], ...]

    @property
    def best(self) -> str:
        return max(self.routes, key=lambda r: self.routes[r])


class Predictor(Protocol):
    """A router model: the scikit-learn one after training, the compiled one when serving."""

    def predict(self, text: str, vector: np.ndarray | None) -> Prediction: ...
