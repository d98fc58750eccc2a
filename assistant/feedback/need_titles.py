"""The Finnish titles of the family needs, for staff: the comment line the writers put above each entry of
``corpus/needs.yaml`` ("# Lapsi ei nuku / vanhemmat väsyneitä unettomuudesta" above ``- id: sleep``), else
the need's first Finnish description."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_ENTRY = re.compile(r"^-\s+id:\s*['\"]?([a-z0-9-]+)")


def need_titles(path: Path) -> dict[str, str]:
    """Need id -> Finnish title; an unreadable or missing file gives no titles (staff then see ids)."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return dict(_read(path, stat.st_mtime_ns))


@lru_cache(maxsize=4)
def _read(path: Path, _mtime: int) -> tuple[tuple[str, str], ...]:
    try:
        text = path.read_text(encoding="utf-8")
        entries = yaml.safe_load(text) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ()
    titles: dict[str, str] = {}
    for item in entries if isinstance(entries, list) else []:
        if isinstance(item, dict) and item.get("id"):
            described = (item.get("description") or {}).get("fi") or []
            titles[str(item["id"])] = str(described[0]) if described else str(item["id"])
    previous = ""
    for line in text.splitlines():
        stripped = line.strip()
        match = _ENTRY.match(line)
        if match and previous.startswith("#") and match.group(1) in titles:
            titles[match.group(1)] = previous.lstrip("#").strip()
        if stripped:
            previous = stripped
    return tuple(titles.items())
