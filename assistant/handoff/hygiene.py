"""Text a database can store and a driver can encode: no NUL characters (PostgreSQL refuses them) and no
lone surrogates (no encoding can write them). Checked before any database call, at the API edge and again
in the queue and staff accounts, which the web UI calls directly."""

from __future__ import annotations

import re

from assistant.errors import InputError

# A lone surrogate arrives from JSON such as "\ud800"; a valid pair is decoded into one code point.
_UNFIT = re.compile("[\x00\ud800-\udfff]")
# The largest id the queue hands out on every backend (PostgreSQL INTEGER; SQLite allows 2**63 - 1).
MAX_ID = 2**31 - 1


def unfit_character(value: str) -> str | None:
    """Why ``value`` cannot be stored, or None when it can."""
    match = _UNFIT.search(value)
    if match is None:
        return None
    if match.group() == "\x00":
        return "contains a NUL character, which cannot be stored"
    return "contains a broken character (a lone surrogate), which cannot be stored"


def require_storable(field: str, value: str | None) -> None:
    """Raise :class:`InputError` naming ``field`` when ``value`` holds a character that cannot be stored."""
    problem = unfit_character(value) if value else None
    if problem is not None:
        raise InputError(f"{field}: {problem}")
