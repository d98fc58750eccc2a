"""The router: crisis, handoff, out of scope or answer, from readable rules plus a learned classifier."""

from assistant.router.model import Prediction, RouterModel
from assistant.router.policy import RouteDecision, Router, Thresholds

__all__ = ["Prediction", "RouteDecision", "Router", "RouterModel", "Thresholds"]
