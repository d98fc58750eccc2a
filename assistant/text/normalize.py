"""Normalisation and word splitting shared by every analyzer."""

from __future__ import annotations

import re
import unicodedata

# Letters (with Finnish/Swedish diacritics) and digits; hyphens and punctuation split words.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """NFC, unified quotes and dashes, folded white space."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "")  # soft hyphen from PDF extraction
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    """The words of ``text`` in their written case."""
    return _WORD.findall(normalize(text))


# Function words and very common verbs, as lemmas. They carry no topic for BM25.
FINNISH_STOPWORDS = frozenset(
    """
    ja tai sekä mutta vaan että kun jos koska vaikka kuin niin myös vielä jo nyt sitten siis eli esim
    ei olla voida pitää saada tulla mennä tehdä kuulua
    minä sinä hän me te he se ne tämä tuo nämä nuo joka mikä kuka mitä mikä jokin joku kukin kaikki
    muu oma itse toinen
    on ole ovat oli olisi ollut
    en et emme ette eivät
    kanssa mukaan kautta ennen jälkeen aikana välillä luona luokse
    ko kin kaan kään han hän pa pä
    """.split()
)
