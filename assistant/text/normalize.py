"""Normalisation and word splitting shared by every analyzer."""

from __future__ import annotations

import re
import unicodedata

# Letters (with Finnish/Swedish diacritics) and digits; hyphens and punctuation split words.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
WORD = _WORD  # a word: letters and digits


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
    ilman paitsi asti saakka kohti vastaan ympäri
    usein aina joskus koskaan enää vain ainoastaan paljon vähän liian ihan tosi todella aivan melko yhtään
    miten miksi milloin kuinka missä mistä mihin jossain jostain johonkin jonnekin jotain mitään
    täytyä haluta
    ko kin kaan kään han hän pa pä
    """.split()
) | frozenset(
    # Swedish and English function words: questions come in them too, and the Finnish analyzer would
    # otherwise index them as words.
    """
    och att det den som är var vad hur när vem vilken vilka kan jag du vi ni de har hade ska skulle
    inte för på av med till från om eller men så också finns någon något mitt min mina vår våra
    the a an and or of to in on at for with from by is are was were be been do does did can could
    would should will i you we they he she it my our your their there what which who how when where
    any some this that these those have has had not no if about
    """.split()
)


# Place names that are also names in the material: the Swedish 'Vasa' (the city of Vaasa) is the VaSa network's name
# folded ('Vi kom hit från Vasa' got the VaSa school network: raters of the tune roles, 2026-11-30). After a word for
# 'from / in / to / near' and not followed by a hyphen ('Vasa-nätverket'), it is read as the city's Finnish name.
_PLACE_COLLISIONS = re.compile(
    r"\b((?i:från|fran|i|till|nära|nara|utanför|from|in|to|near|around|kring))\s+(?:Vasa|vasa)\b(?!\s*-)"
)


def without_place_collisions(text: str) -> str:
    """``text`` with a place name that is also a name in the material written as the place's other name."""
    return _PLACE_COLLISIONS.sub(lambda m: f"{m.group(1)} Vaasa", text)
