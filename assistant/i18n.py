"""User-facing texts, one YAML file per language under ``assistant/locales``; Finnish is the fallback."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("fi", "sv", "en")
_DIR = Path(__file__).parent / "locales"


@cache
def _messages(lang: str) -> dict[str, str]:
    data = yaml.safe_load((_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (data or {}).items()}


def ui_language(lang: str) -> str:
    """The language the UI answers in: fi, sv or en (anything else gets Finnish)."""
    return lang if lang in LANGUAGES else "fi"


def t(key: str, lang: str) -> str:
    """The text ``key`` in ``lang``; Finnish when that language lacks it."""
    return _messages(ui_language(lang)).get(key) or _messages("fi")[key]


def texts(lang: str, prefixes: tuple[str, ...] = ("ui_", "staff_")) -> dict[str, str]:
    """Every text whose key starts with one of ``prefixes`` in ``lang`` (Finnish where it lacks one): what a
    web page needs in its language."""
    keys = [key for key in _messages("fi") if key.startswith(prefixes)]
    return {key: t(key, lang) for key in keys}


def all_templates() -> list[str]:
    """Every fixed text of every language (what a reply may contain besides corpus text)."""
    return [str(v) for lang in ("fi", "sv", "en") for v in _messages(lang).values() if v]


@cache
def _emergency_lines() -> dict[str, str]:
    data = yaml.safe_load((_DIR / "emergency.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (data or {}).items()}


def emergency_line(language_code: str) -> str | None:
    """'Call 112 now' in a language we have no other texts for (fastText code, e.g. 'ru'), if we have it."""
    return _emergency_lines().get(language_code)


@cache
def _other_language_lines() -> dict[str, str]:
    data = yaml.safe_load((_DIR / "other_language.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (data or {}).items()}


def other_language_line(language_code: str) -> str | None:
    """'I answer only in Finnish, Swedish and English, so the reply below is in English' in a language we have no
    other texts for (fastText code), if we have it."""
    return _other_language_lines().get(language_code)
