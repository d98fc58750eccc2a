"""Reading a corpus file: UTF-8 text, and one YAML parse that gives both the data and the line of every node."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from assistant.errors import CorpusError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path) -> str:
    """The file's text; a missing or non-UTF-8 file is a :class:`CorpusError` naming it."""
    if not path.is_file():
        raise CorpusError(str(path), "file is missing")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(str(path), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def parse(path: Path, text: str) -> tuple[yaml.Node | None, Any]:
    """The root node of ``text`` (for line numbers) and its data, from one parse (libyaml when present); invalid YAML
    is a :class:`CorpusError` with the line of the problem."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise CorpusError(str(path), f"invalid YAML: {exc.problem}", line=line) from exc
    return node, data
