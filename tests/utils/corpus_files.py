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


def small_corpus(target: Path) -> Path:
    """A valid corpus of a few sections, glossary entries and services cut from the real one: builder
    tests exercise the whole build on it in seconds."""
    copy_corpus(target)
    handbook = (target / "handbook.md").read_text(encoding="utf-8")
    (target / "handbook.md").write_text(handbook[: handbook.index("\n# 3.") + 1], encoding="utf-8")
    services = (target / "services.yaml").read_text(encoding="utf-8")
    starts = [i for i in range(len(services)) if services.startswith("\n- ", i)]
    (target / "services.yaml").write_text(services[: starts[4] + 1], encoding="utf-8")
    # Glossary entries that name no service (the four kept services are not theirs).
    glossary = (target / "glossary.yaml").read_text(encoding="utf-8")
    starts = [i + 1 for i in range(len(glossary)) if glossary.startswith("\n- ", i)]
    blocks = [glossary[a:b] for a, b in zip(starts, [*starts[1:], len(glossary)], strict=True)]
    kept = [b for b in blocks if "services: []" in b][:3]
    (target / "glossary.yaml").write_text(glossary[: starts[0]] + "".join(kept), encoding="utf-8")
    # Needs and curated answers cite what was cut away; they are optional files.
    (target / "needs.yaml").unlink()
    (target / "answers.yaml").unlink()
    return target
