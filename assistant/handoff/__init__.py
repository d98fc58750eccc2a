"""Handing a family over to a person: the Pyydä apua queue, Apua huoliin hours, the staff workflow."""

from assistant.handoff.service import Handoff

__all__ = ["Handoff"]
