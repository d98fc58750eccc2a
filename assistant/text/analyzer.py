"""Analyzers turn text into BM25 terms. Finnish needs lemmas and compound parts, not raw tokens."""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Protocol

import Stemmer

from assistant.text.normalize import FINNISH_STOPWORDS, WORD, words
from assistant.text.voikko import VoikkoBackend, WordAnalysis, load_voikko
from assistant.text.yamlfile import read_yaml

logger = logging.getLogger(__name__)

_MAX_READINGS = 2  # ambiguous words: keep the two first readings (e.g. turvakoti / turvakota)
_MIN_PART = 3  # compound parts shorter than this ('yö', 'uu') add noise, not recall
# Inflected forms of -nen words (Vakkasen, Vakkaseen, Vakkasessa): names Voikko does not know.
_NEN_FORMS = re.compile(r"^(\w{3,})s(en|een|essa|essä|esta|estä|ella|ellä|elta|eltä|elle|ena|enä|eksi|ta|tä)$")


class ThreadLocalStemmer:
    """PyStemmer's ``Stemmer`` must be used by one thread at a time: each thread gets its own."""

    def __init__(self, language: str = "finnish") -> None:
        self.language = language
        self._local = threading.local()

    def stem(self, word: str) -> str:
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            stemmer = self._local.stemmer = Stemmer.Stemmer(self.language)
        return str(stemmer.stemWord(word))


class Analyzer(Protocol):
    """Text to index terms. ``id`` goes into the index manifest and must match when the index is opened."""

    id: str

    def terms(self, text: str) -> list[str]: ...

    def word_forms(self, text: str) -> list[frozenset[str]]: ...


class SnowballAnalyzer:
    """Snowball stems of the words: the fallback when Voikko is not installed."""

    id = "snowball-fi-v2"

    def __init__(self) -> None:
        self._stemmer = ThreadLocalStemmer("finnish")
        self._stem = lru_cache(maxsize=200_000)(self._stemmer.stem)

    def terms(self, text: str) -> list[str]:
        out = []
        for word in words(text):
            lower = word.lower()
            if lower in FINNISH_STOPWORDS:
                continue
            out.append(self._stem(lower))
        return out

    def word_forms(self, text: str) -> list[frozenset[str]]:
        """Per word: its lowercase form and stem (no stopword removal)."""
        return [frozenset({w.lower(), self._stem(w.lower())}) for w in words(text)]


class VoikkoAnalyzer:
    """Voikko lemmas plus compound parts; words Voikko does not know get a Snowball stem.

    ``lähisuhdeväkivaltaan`` gives lähisuhdeväkivalta, lähi, suhde, väki, valta and the joined runs
    lähisuhde, väkivalta, ..., so a question about 'väkivalta' finds text about 'lähisuhdeväkivalta'.

    Safe to share between threads: the backend keeps a native handle per thread, the stemmer too, and the
    word caches are ``functools.lru_cache`` (thread-safe in CPython).
    """

    id = "voikko-compounds-v5"  # v3: spoken forms, ä/ö restoration, spelling correction; v4: at most 10 a text;
    # v5: more function words are stopwords (ilman, usein, miten, …)

    def __init__(self, backend: VoikkoBackend) -> None:
        self.backend = backend
        self._stemmer = ThreadLocalStemmer("finnish")
        # Voikko's readings of a word, asked once: every other per-word result is derived from them (pyvoikko
        # takes milliseconds a word, and the terms, forms, lemmas and 'knows' of a word were asked apart).
        self._readings = lru_cache(maxsize=200_000)(self._voikko)
        self._word_terms = lru_cache(maxsize=200_000)(self._analyze_word)
        self._word_forms = lru_cache(maxsize=200_000)(self._forms)
        self._correction = lru_cache(maxsize=100_000)(self._correct)  # unknown word -> the word it stands for
        self._stems = lru_cache(maxsize=200_000)(self._stem_word)
        self._known = lru_cache(maxsize=200_000)(self._knows)
        self._lemmas = lru_cache(maxsize=200_000)(self._whole_lemmas)
        # Whole short texts: the corpus sentences an answer is composed from are analysed for every question.
        self._text_terms = lru_cache(maxsize=TEXT_CACHE_SIZE)(self._terms)
        self._text_query_terms = lru_cache(maxsize=TEXT_CACHE_SIZE)(self._query_terms)

    def _voikko(self, word: str) -> tuple[WordAnalysis, ...]:
        return tuple(self.backend.analyze(word))

    def _analyze_word(self, word: str) -> tuple[str, ...] | None:
        # Sorted, so that both Voikko backends (which list readings in different orders) agree.
        readings = sorted(set(self._readings(word)), key=lambda r: (max(len(r.parts), 1), r.lemma, r.parts))
        if not readings:
            return () if word.lower() in FINNISH_STOPWORDS else None  # None: unknown, see _terms_of
        out: list[str] = []
        for reading in readings[:_MAX_READINGS]:
            if reading.lemma in FINNISH_STOPWORDS:
                continue
            out.append(reading.lemma)
            parts = reading.parts
            for i in range(len(parts)):
                for j in range(i + 1, len(parts) + 1):
                    if j - i == len(parts):
                        continue  # the whole word is the lemma itself
                    piece = "".join(parts[i:j])
                    if len(piece) >= _MIN_PART and piece not in FINNISH_STOPWORDS:
                        out.append(piece)
        return tuple(dict.fromkeys(out))

    def _forms(self, word: str) -> frozenset[str]:
        forms = {word.lower()}
        for reading in self._readings(word):
            forms.add(reading.lemma)
            forms.update(reading.parts)
        return frozenset(forms)

    def word_forms(self, text: str) -> list[frozenset[str]]:
        """Per word: its lowercase form, every lemma and compound part (no stopword removal)."""
        return [self._word_forms(w) for w in words(text)]

    def knows(self, word: str) -> bool:
        """True when Voikko recognises ``word`` as Finnish."""
        return self._known(word)  # type: ignore[no-any-return]

    def _knows(self, word: str) -> bool:
        return bool(self._readings(word))

    def _whole_lemmas(self, word: str) -> frozenset[str]:
        return frozenset(r.lemma for r in self._readings(word))

    def _terms_of(self, word: str, budget: list[int]) -> tuple[str, ...]:
        """A word's terms. A word Voikko does not know: a spoken form's standard word, else (while the text's
        ``budget`` of corrections lasts) the word with its ä and ö restored ('paivakoti') or Voikko's spelling
        suggestion one edit away ('vauvaryhmmä'); else a Snowball stem (an inflected -nen name also gets the
        stem of its base form). The budget depends on the text alone, so a text always gets the same terms."""
        known = self._word_terms(word)
        if known is not None:
            return known  # type: ignore[no-any-return]
        lower = word.lower()
        spoken = SPOKEN_FORMS.get(lower)
        if spoken is not None:
            return tuple(t for w in spoken.split() for t in self._known_or_stems(w))
        if budget[0] > 0 and len(lower) >= MIN_CORRECTED and lower.isalpha():
            # Correcting costs up to ~5 ms a new word (63 ä/ö variants, Voikko's suggestions): a text gets at
            # most MAX_CORRECTIONS, so a message of gibberish cannot buy seconds of CPU.
            budget[0] -= 1
            fixed = self._correction(lower)
            if fixed is not None:
                return self._known_or_stems(fixed)
        return self._stems(lower)  # type: ignore[no-any-return]

    def _known_or_stems(self, word: str) -> tuple[str, ...]:
        known = self._word_terms(word)
        return known if known is not None else self._stems(word.lower())  # type: ignore[no-any-return]

    def _stem_word(self, lower: str) -> tuple[str, ...]:
        stems = [self._stemmer.stem(lower)]
        match = _NEN_FORMS.match(lower)
        if match:
            stems.append(self._stemmer.stem(match.group(1) + "nen"))
        return tuple(dict.fromkeys(stems))

    def _correct(self, lower: str) -> str | None:
        """The known word a typo or a missing ä/ö stands for, or None. Only letters, at least four."""
        if len(lower) < MIN_CORRECTED or not lower.isalpha():
            return None
        for candidate in _diacritic_variants(lower):
            if self._readings(candidate):
                return candidate
        suggest = getattr(self.backend, "suggest", None)
        if suggest is None or lower.endswith("nen") or _NEN_FORMS.match(lower):
            return None  # pyvoikko has no suggestions; -nen words are names (Vakkanen), not typos
        for candidate in suggest(lower)[:3]:
            if (
                " " not in candidate
                and candidate[:1].islower()
                and _one_edit(fold_diacritics(candidate.lower()), fold_diacritics(lower))
            ):
                return candidate.lower()
        return None

    def spelled(self, text: str) -> str:
        """``text`` with each word Voikko does not know replaced by the word it stands for, as its terms read it:
        the ä and ö restored ('sahkoinen' -> 'sähköinen') or Voikko's suggestion one edit away ('koulusa'), within
        the same budget of corrections. The embedding model reads 'sahkoinen perhekeskus' as other words than
        'sähköinen perhekeskus' (it drew an answer about a fair that mentions the site); the analyser's terms
        never had that problem. Spoken forms are written out as their standard words (``spoken_fi.yaml``: 'onks se
        ilmanen' -> 'onko se ilmainen'; the model read 'ilmanen' as something else). Finnish text only: Swedish and
        English words are no Finnish typos."""
        budget = [MAX_CORRECTIONS]

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            spoken = SPOKEN_FORMS.get(lower)
            if spoken is not None and text[match.start() - 1 : match.start()] != "-":
                # 'onks se ilmanen' is embedded as 'onko se ilmainen': the model read 'ilmanen' as something else.
                return spoken[:1].upper() + spoken[1:] if word[:1].isupper() else spoken
            if (
                text[match.start() - 1 : match.start()] == "-"  # '2-vuotias': a part, not a word ('vuotikas')
                or budget[0] <= 0
                or len(lower) < MIN_CORRECTED
                or not lower.isalpha()
                or self._word_terms(word) is not None
            ):
                return word
            budget[0] -= 1
            fixed = self._correction(lower)
            if fixed is None:
                return word
            return fixed[:1].upper() + fixed[1:] if word[:1].isupper() else fixed

        return WORD.sub(fix, text)

    def terms(self, text: str) -> list[str]:
        if len(text) <= TEXT_CACHE_CHARS:
            return list(self._text_terms(text))
        return list(self._terms(text))

    def _terms(self, text: str) -> tuple[str, ...]:
        budget = [MAX_CORRECTIONS]
        out: list[str] = []
        for word in words(text):
            out.extend(self._terms_of(word, budget))
        return tuple(out)

    def query_terms(self, text: str) -> list[str]:
        """Terms of a question, each word's whole lemma counted twice: a compound's parts widen the
        search ('väkivalta' finds 'lähisuhdeväkivalta'), the whole word still weighs most in the ranking."""
        if len(text) <= TEXT_CACHE_CHARS:
            return list(self._text_query_terms(text))
        return list(self._query_terms(text))

    def _query_terms(self, text: str) -> tuple[str, ...]:
        budget = [MAX_CORRECTIONS]
        out: list[str] = []
        for word in words(text):
            terms = self._terms_of(word, budget)
            whole = self._lemmas(word) if terms else frozenset()
            for term in terms:
                out.append(term)
                if term in whole:
                    out.append(term)
        return tuple(out)


MAX_CORRECTIONS = 10  # new spelling corrections per analysed text (a question has a few typos at most)
TEXT_CACHE_SIZE = 8192  # whole texts whose terms are kept (corpus sentences, recent questions)
TEXT_CACHE_CHARS = 500  # longer texts are analysed word by word from the word caches
MIN_CORRECTED = 4  # shorter unknown words are names, abbreviations or spoken particles, not typos
_MAX_VARIANT_POSITIONS = 6  # a, o and u positions tried for ä, ö and y (2**6 - 1 candidates at most)
_FRONT = {"a": "ä", "o": "ö", "u": "y"}


def _load_spoken() -> dict[str, str]:
    data = read_yaml(Path(__file__).with_name("spoken_fi.yaml")) or {}
    return {str(k).lower(): str(v).lower() for k, v in data.items()}


SPOKEN_FORMS = _load_spoken()


def fold_diacritics(text: str) -> str:
    return text.replace("ä", "a").replace("ö", "o").replace("å", "a").replace("y", "u")


def _diacritic_variants(word: str) -> list[str]:
    """The word with some of its a, o and u turned into ä, ö and y: fewest changes first (compounds mix back
    and front vowels: 'paivakoti' is 'päiväkoti')."""
    positions = [i for i, c in enumerate(word) if c in _FRONT][:_MAX_VARIANT_POSITIONS]
    variants = []
    for size in range(1, len(positions) + 1):
        for chosen in combinations(positions, size):
            letters = list(word)
            for i in chosen:
                letters[i] = _FRONT[letters[i]]
            variants.append("".join(letters))
    return variants


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one deleted, inserted, replaced or swapped letter."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def build_analyzer(kind: str = "voikko", voikko_backend: str = "auto") -> Analyzer:
    """The configured analyzer; falls back to Snowball, with a warning, when Voikko cannot be loaded."""
    if kind == "snowball":
        return SnowballAnalyzer()
    backend = load_voikko(voikko_backend)
    if backend is None:
        logger.warning(
            "Voikko is not available (install Debian libvoikko1 voikko-fi or PyPI pyvoikko); "
            "falling back to the Snowball stemmer, which handles Finnish compounds poorly"
        )
        return SnowballAnalyzer()
    logger.info("analyzer voikko, backend %s", backend.name)
    return VoikkoAnalyzer(backend)
