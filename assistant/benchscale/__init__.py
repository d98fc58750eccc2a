"""Synthetic corpora for ``make bench-scale`` (how cost grows with the material): see ``generator``."""

from assistant.benchscale.generator import TAG, GeneratedCorpus, generate, untag

__all__ = ["TAG", "GeneratedCorpus", "generate", "untag"]
