"""The centre's own material: handbook, glossary and service catalogue, loaded and validated."""

from assistant.corpus.loader import Corpus, load_corpus
from assistant.corpus.models import Channel, GlossaryEntry, Localized, Section, Service

__all__ = ["Channel", "Corpus", "GlossaryEntry", "Localized", "Section", "Service", "load_corpus"]
