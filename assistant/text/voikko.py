"""Voikko morphology behind one small interface: native libvoikko when installed, else pure-Python pyvoikko.

Both give the same analyses (pyvoikko ships the voikko-fi transducer); native is faster.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

logger = logging.getLogger(__name__)

# Debian's python3-libvoikko installs its binding here, outside any virtualenv.
_DEBIAN_BINDING = Path("/usr/lib/python3/dist-packages/libvoikko.py")
_SEGMENT = re.compile(r"\+([^+(]*)(?:\(([^)]*)\))?")


@dataclass(frozen=True)
class WordAnalysis:
    """One reading of a word: its lemma and, for a compound, the lemmas of its parts."""

    lemma: str
    parts: tuple[str, ...]


class VoikkoBackend(Protocol):
    name: str

    def analyze(self, word: str) -> list[WordAnalysis]: ...


def _compound_parts(baseform: str, wordbases: str) -> tuple[str, ...]:
    """Compound parts from libvoikko's WORDBASES, e.g. '+lähi(lähi)+suhde(suhde)+väki(väki)+valta(valta)'.

    Derivational pieces such as '+us(+us)' or '+n' are glued to the part before them, so
    '+kasvat(kasvattaa)+us(+us)+neuvo(neuvoa)+n+ta(+ta)' gives ('kasvatus', 'neuvonta').
    """
    surfaces: list[str] = []
    bases: list[str | None] = []
    for match in _SEGMENT.finditer(wordbases):
        surface, base = match.group(1), match.group(2)
        if surfaces and (base is None or base.startswith("+")):
            surfaces[-1] += surface
            bases[-1] = None  # a derived part: its surface form is its lemma
        else:
            surfaces.append(surface)
            bases.append(base.replace("=", "") if base and not base.startswith("+") else None)
    if len(surfaces) < 2:
        return ()
    parts = [(b or s).lower() for s, b in zip(surfaces[:-1], bases[:-1], strict=True)]
    prefix = "".join(s.lower() for s in surfaces[:-1])
    lemma = baseform.lower()
    last = lemma[len(prefix) :] if lemma.startswith(prefix) else (bases[-1] or surfaces[-1]).lower()
    return tuple(p for p in [*parts, last] if p)


def _readings(analyses: list[dict[str, str]]) -> list[WordAnalysis]:
    """libvoikko's analyses as readings: lemma (BASEFORM) and compound parts (WORDBASES)."""
    out = []
    for analysis in analyses:
        base = analysis.get("BASEFORM")
        if not base:
            continue
        base = base.replace("=", "")
        out.append(WordAnalysis(base.lower(), _compound_parts(base, analysis.get("WORDBASES") or "")))
    return out


class NativeVoikko:
    """libvoikko (Debian ``libvoikko1 voikko-fi``) through its ctypes binding.

    Thread-safe: a libvoikko handle is not (concurrent calls corrupt its heap), so every thread gets a
    handle of its own, created on first use. One handle costs about 1 MB and a few milliseconds; a lock
    around one shared handle measured slower under 8 concurrent clients (see README, "Threading").
    """

    name = "native"

    def __init__(self) -> None:
        self._module = _load_native_binding()
        self._local = threading.local()
        self._handle()  # fail here, not in a request thread, when the library or dictionary is missing

    def _handle(self) -> Any:
        handle = getattr(self._local, "voikko", None)
        if handle is None:
            handle = self._module.Voikko("fi")
            self._local.voikko = handle
        return handle

    def analyze(self, word: str) -> list[WordAnalysis]:
        return _readings(self._handle().analyze(word))

    def suggest(self, word: str) -> list[str]:
        """Voikko's spelling suggestions, best first (pyvoikko has none: typos then stay Snowball stems)."""
        return list(self._handle().suggest(word))


class LockedNativeVoikko(NativeVoikko):
    """One shared libvoikko handle behind a lock: the alternative measured against per-thread handles."""

    name = "native-locked"

    def __init__(self) -> None:
        self._module = _load_native_binding()
        self._shared = self._module.Voikko("fi")
        self._lock = threading.Lock()

    def analyze(self, word: str) -> list[WordAnalysis]:
        with self._lock:
            raw = list(self._shared.analyze(word))
        return _readings(raw)


class PythonVoikko:
    """pyvoikko: the same voikko-fi transducer in pure Python."""

    name = "python"

    def __init__(self) -> None:
        self._module = importlib.import_module("pyvoikko")

    def analyze(self, word: str) -> list[WordAnalysis]:
        out = []
        analyses = self._module.analyse(word)
        if not analyses and word != word.lower():  # an unknown lowercase word is not looked up twice
            analyses = self._module.analyse(word.lower())
        for analysis in analyses:
            base = (analysis.BASEFORM or "").replace("=", "")
            if not base:
                continue
            parts = tuple(p.BASEFORM.replace("=", "").lower() for p in (analysis.COMPOUND_PARTS or []) if p.BASEFORM)
            out.append(WordAnalysis(base.lower(), parts if len(parts) > 1 else ()))
        return out


def _load_native_binding() -> Any:
    try:
        return importlib.import_module("libvoikko")
    except ImportError:
        if not _DEBIAN_BINDING.is_file():
            raise
        spec = importlib.util.spec_from_file_location("libvoikko", _DEBIAN_BINDING)
        if spec is None or spec.loader is None:
            raise
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


def available_backend(preference: str = "auto") -> str | None:
    """The name of the backend :func:`load_voikko` would use, found without loading pyvoikko (whose transducer
    takes seconds to read): for a log line in a process that does not analyse text itself."""
    order = {"native": ["native"], "python": ["python"]}.get(preference, ["native", "python"])
    for name in order:
        if name == "native":
            try:
                NativeVoikko()
            except Exception:
                continue
            return "native"
        if importlib.util.find_spec("pyvoikko") is not None:
            return "python"
    return None


def load_voikko(preference: str = "auto") -> VoikkoBackend | None:
    """The Voikko backend to use: ``native``, ``python`` or ``auto`` (native first). None if neither loads."""
    choices: dict[str, list[type[NativeVoikko] | type[PythonVoikko]]] = {
        "native": [NativeVoikko],
        "python": [PythonVoikko],
    }
    order = choices.get(preference, [NativeVoikko, PythonVoikko])
    for backend in order:
        try:
            return backend()
        except Exception as exc:  # a missing library shows up as OSError, ImportError or others
            logger.info("voikko backend %s unavailable: %s", backend.name, exc)
    return None
