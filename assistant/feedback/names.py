"""Is the capitalised word after "olen" a person's name? Voikko's word class and case decide, so that
"Olen Pekka" loses the name and "Olen Rovaniemellä" keeps the place.

Thread-safe: native libvoikko handles are not, so each thread gets its own (as in ``assistant.text.voikko``);
pyvoikko is pure Python."""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol

from assistant.text.voikko import _load_native_binding

logger = logging.getLogger(__name__)

# Voikko's SIJAMUOTO values of the six locative cases (in, from, into; on, off, onto): "olen Oulussa".
LOCATIVE = frozenset({"sisaolento", "sisaeronto", "sisatulento", "ulkoolento", "ulkoeronto", "ulkotulento"})
PERSON = frozenset({"etunimi", "sukunimi"})
# Word classes of ordinary words: "Olen Yksinhuoltaja" says what, not who.
COMMON = frozenset({"nimisana", "laatusana", "nimisana_laatusana", "teonsana", "asemosana", "lukusana", "seikkasana"})

Reading = tuple[str | None, str | None]  # (CLASS, SIJAMUOTO)
Readings = Callable[[str], list[Reading]]


class NameCheck(Protocol):
    def __call__(self, word: str) -> bool: ...


def native_readings() -> Readings:
    """Readings from libvoikko, one handle per thread; raises when libvoikko or its dictionary is missing."""
    module = _load_native_binding()
    local = threading.local()

    def handle() -> Any:
        voikko = getattr(local, "voikko", None)
        if voikko is None:
            voikko = local.voikko = module.Voikko("fi")
        return voikko

    handle()  # fail here, not in a request thread

    def readings(word: str) -> list[Reading]:
        return [(a.get("CLASS"), a.get("SIJAMUOTO")) for a in handle().analyze(word)]

    return readings


def python_readings() -> Readings:
    """Readings from pyvoikko (which analyses lower-case words only)."""
    module = importlib.import_module("pyvoikko")

    def readings(word: str) -> list[Reading]:
        analyses = module.analyse(word) or module.analyse(word.lower())
        return [(a.CLASS, a.SIJAMUOTO) for a in analyses]

    return readings


class VoikkoNames:
    """``names(word)`` is True when ``word`` (capitalised, after "olen") may be a person's name.

    - a first name or surname in any case but a locative one: a name ("Pekka", "Virtanen", "Pekan");
    - else a locative case: a place or a situation ("Rovaniemellä", "Oulusta", "Motti-ryhmässä");
    - else an ordinary word: not a name ("Yksinhuoltaja");
    - anything else, also a word Voikko does not know ("Jenna-Maria", a foreign name) or a place name
      in the nominative ("Saana" is also a first name), counts as a name: when unsure, remove it."""

    def __init__(self, readings: Readings) -> None:
        self.readings = readings

    def __call__(self, word: str) -> bool:
        found = self.readings(word)
        if not found and "-" in word:  # a hyphenated compound: its last part carries the case
            found = self.readings(word.rsplit("-", 1)[1])
        if not found:
            return True
        if any(kind in PERSON and case not in LOCATIVE for kind, case in found):
            return True
        if any(case in LOCATIVE for _, case in found):
            return False
        return not all(kind in COMMON for kind, _ in found)


def always_a_name(word: str) -> bool:
    """Without Voikko every capitalised word after "olen" is taken for a name (privacy first)."""
    return True


@cache
def default_names(preference: str = "auto") -> NameCheck:
    """Voikko (native first unless ``preference`` says ``python``), else :func:`always_a_name`."""
    makers = [python_readings] if preference == "python" else [native_readings, python_readings]
    for make in makers:
        try:
            return VoikkoNames(make())
        except Exception as exc:  # a missing library shows up as OSError, ImportError or others
            logger.info("name check without %s: %s", make.__name__, exc)
    logger.warning("no Voikko for the name check: every capitalised word after 'olen' is removed")
    return always_a_name
