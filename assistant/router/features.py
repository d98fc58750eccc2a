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
