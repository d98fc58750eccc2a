"""The router's written training data: JSON Lines under ``assistant/router/data/``, validated on load.

Each line: ``{"text", "route", "crisis_type", "lang", "style", "near_miss"}``. Who wrote which file, how and
when is in ``data/DATA_CARD.md``. Evaluation sets are never copied here (a leak test guards it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import RouterDataError

DEFAULT_DATA_DIR = Path(__file__).with_name("data")
ROUTES = ("crisis", "handoff", "out_of_scope", "answer")
CRISIS_TYPES = ("violence", "self_harm", "child_danger", "harm_to_child", "medical", "poisoning")
LANGS = (
    *("fi", "sv", "en", "ru", "uk", "ar", "so", "fa", "et"),
    # r28 (2026-11-30): 24 more languages families in Finland write in
    *("tr", "pl", "sq", "ku", "ti", "am", "th", "vi", "zh", "se", "fr", "de", "es", "ro", "bs", "hi", "ur", "ps"),
    *("sw", "tl", "ne", "lt", "hu", "ja"),
)
STYLES = ("standard", "spoken", "typos", "no_diacritics", "short", "long", "followup")


@dataclass(frozen=True)
class Example:
    """One labelled message. ``where`` is ``file:line`` for error messages and reports."""

    text: str
    route: str
    crisis_type: str
    lang: str
    style: str
    near_miss: bool
    where: str


def _field(obj: dict[str, object], name: str, allowed: tuple[str, ...] | None, where: str, path: str) -> str:
    value = obj.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RouterDataError(path, f"missing or empty {name!r}", line=int(where.rsplit(":", 1)[1]), field=name)
    if allowed is not None and value not in allowed:
        raise RouterDataError(
            path, f"{value!r} is not one of {', '.join(allowed)}", line=int(where.rsplit(":", 1)[1]), field=name
        )
    return value


def parse_line(raw: str, path: str, line: int) -> Example:
    """One JSON line as an :class:`Example`; a mistake raises :class:`RouterDataError` naming file, line, field."""
    where = f"{path}:{line}"
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RouterDataError(path, f"not valid JSON ({exc.msg})", line=line) from exc
    if not isinstance(obj, dict):
        raise RouterDataError(path, "a line must be a JSON object", line=line)
    text = _field(obj, "text", None, where, path)
    route = _field(obj, "route", ROUTES, where, path)
    crisis_type = _field(obj, "crisis_type", (*CRISIS_TYPES, "none"), where, path)
    if (route == "crisis") != (crisis_type != "none"):
        raise RouterDataError(
            path, "crisis_type must be set exactly for route 'crisis'", line=line, field="crisis_type"
        )
    near_miss = obj.get("near_miss", False)
    if not isinstance(near_miss, bool):
        raise RouterDataError(path, "must be true or false", line=line, field="near_miss")
    return Example(
        text=text.strip(),
        route=route,
        crisis_type=crisis_type,
        lang=_field(obj, "lang", LANGS, where, path),
        style=_field(obj, "style", STYLES, where, path),
        near_miss=near_miss,
        where=where,
    )


def load_examples(directory: Path = DEFAULT_DATA_DIR) -> list[Example]:
    """Every example of every ``*.jsonl`` file in ``directory``, in a stable order."""
    files = sorted(Path(directory).glob("*.jsonl"))
    if not files:
        raise RouterDataError(str(directory), "no *.jsonl training files")
    out: list[Example] = []
    for file in files:
        for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if raw.strip():
                out.append(parse_line(raw, file.name, number))
    return out


def data_digest(examples: list[Example]) -> str:
    """Content hash of the labelled data: the model is retrained exactly when it changes."""
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.text}\x1f{e.route}\x1f{e.crisis_type}\x1e".encode())
    return digest.hexdigest()[:16]
