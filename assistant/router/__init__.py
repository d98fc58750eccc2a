"""The router: crisis, handoff, out of scope or answer, from readable rules plus a learned classifier."""

from typing import Any

from assistant.router.policy import RouteDecision, Router, Thresholds
from assistant.router.prediction import Prediction

__all__ = ["Prediction", "RouteDecision", "Router", "RouterModel", "Thresholds"]


def __getattr__(name: str) -> Any:
    # The trained model needs scikit-learn; the server uses the compiled one, so it is imported on demand.
    if name == "RouterModel":
        from assistant.router.model import RouterModel

        return RouterModel
    raise AttributeError(name)
