"""Feedback that closes the loop: ratings per response, a scrubbed log of answered turns, export to test cases."""

from assistant.feedback.scrub import scrub
from assistant.feedback.store import REASONS, FeedbackStore

__all__ = ["REASONS", "FeedbackStore", "scrub"]
