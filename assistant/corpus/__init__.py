"""The centre's own material: handbook, glossary and service catalogue, loaded and validated."""

from assistant.corpus.loader import Corpus, check_corpus, cited_texts, load_corpus
from assistant.corpus.models import Channel, CuratedAnswer, GlossaryEntry, Localized, Need, Section, Service

__all__ = [
    "Channel",
    "Corpus",
    "CuratedAnswer",
    "GlossaryEntry",
    "Localized",
    "Need",
    "Section",
    "Service",
    "check_corpus",
    "cited_texts",
    "load_corpus",
]
