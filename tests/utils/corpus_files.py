"""Factories for small corpus folders, valid or broken on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import CORPUS


def copy_corpus(target: Path) -> Path:
    """A copy of the real corpus that a test may break."""
    shutil.copytree(CORPUS, target, ignore=shutil.ignore_patterns("parts"))
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
