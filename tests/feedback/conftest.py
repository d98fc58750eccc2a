"""The feedback tests use the queue on both databases (tests/handoff) and the index-free assistant (tests/api)."""

from tests.api.conftest import bare_assistant  # noqa: F401  (shared fixtures)
from tests.handoff.conftest import Clock, clock, handoff, postgres_url  # noqa: F401

__all__ = ["Clock"]
