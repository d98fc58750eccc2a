"""Character n-grams over folded text, so typos, missing ä/ö and spoken forms still share features."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

_FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "ü": "u", "é": "e", "š": "s", "ž": "z", "õ": "o"})


def fold(text: str) -> str:
    """Lowercase, NFC, Nordic letters folded to their bare vowel ('mistä' and 'mista' become one),
    digits to 0 and white space folded."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    text = re.sub(r"\d", "0", text)
    return re.sub(r"\s+", " ", text).strip()


_GREETING = re.compile(
    r"^\s*(?:(?:moi(?:kka|kku|ccu|sta)?|hei(?:pä|ppa|ssan|jä)?|hejsan|hej|terve|tere|moro|morjens|morjesta|huomenta|"
    r"hyvää\s+(?:päivää|iltaa|huomenta)|päivää|iltaa|hallå|tjena|god\s+(?:morgon|dag|kväll)|hi|hello|hey|"
    r"good\s+(?:morning|afternoon|evening))\b[\s,.!:;–-]*)+",
    re.IGNORECASE,
)


def without_greeting(text: str) -> str:
    """``text`` without the greetings it opens with ('moi, vauva ei nuku' -> 'vauva ei nuku'); the text itself when
    nothing else is left. A greeting says nothing about danger, but short crises that open with one ('moi, mun vauva
    ei hengitä') taught the router that 'moi' in a short message is alarming: "hei, lapsi ei syö" read 0.54 and
    "lapsi ei syö" 0.04 (2026-11-30, sixth session; a user trial's "moi, vauva ei nuku" got the emergency reply)."""
    rest = _GREETING.sub("", text, count=1)
    return rest if rest.strip() else text


def char_vectorizer() -> TfidfVectorizer:
    """Word-bounded character 2–5-grams, sublinear counts: robust to inflection and spelling."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        preprocessor=fold,
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        sublinear_tf=True,
        max_features=200_000,
        dtype=__import__("numpy").float32,
    )


WORD_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default token pattern (the compiled router repeats it)


def word_vectorizer() -> TfidfVectorizer:
    """Folded words and word pairs, sublinear counts: what a message says in whole words ('juominen huolettaa',
    'on kännissä nyt'), which the character n-grams blur. Added 2026-11-30 (sixth session): out of fold over the
    router's 8,227 messages the crisis false alarms at the same crisis recall (0.986) fell 1,146 -> 1,008
    (eval/CALIBRATION.md, "Words beside the character n-grams")."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        preprocessor=fold,
        analyzer="word",
        token_pattern=WORD_PATTERN,
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        dtype=__import__("numpy").float32,
    )
