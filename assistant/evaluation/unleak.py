"""Drops training lines too close to an evaluation question (``python -m assistant.evaluation.unleak DIR``).

For the router's and the picking model's data (``*.jsonl`` files with a ``text`` field, or folders of them;
default: the picking data), and for the phrases of ``corpus/answers.yaml`` (question variants) and
``corpus/needs.yaml`` (need descriptions): one-line list items under ``questions:`` or ``description:``. Run it on
every new data file before training, and on all of them when an evaluation set is added.
Helpers write them without seeing the tune, dev and blind sets, so a line can still say what an
evaluation question says. Such lines are removed before training (the leak rule, eval/README.md): equal after
folding, or multilingual-e5 cosine at least ``MARGIN`` (a little under the leak test's 0.92). Prints only how
many lines each file lost, never the evaluation questions.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import yaml

from assistant.evaluation.leaks import evaluation_questions, evaluation_sets, fold_message, router_messages
from assistant.picking.data import DATA_DIR as PICKING_DATA
from assistant.router.vectors import embed_messages

MARGIN = 0.917
ROOT = Path(__file__).resolve().parents[2]
EVAL_SETS = evaluation_sets(ROOT)


def main(directories: list[Path]) -> None:
    from assistant.config import get_settings
    from assistant.factory import make_embedder

    settings = get_settings()
    embedder = make_embedder(settings, threads=0)
    cache = settings.cache_dir or settings.index_dir / "cache"
    questions = evaluation_questions(EVAL_SETS)
    for directory in directories:
        _unleak(directory, questions, embedder, cache)


_BLOCK = re.compile(r"^(\s*)(?:- )?(questions|description):\s*$")
_ITEM = re.compile(r"^(\s*)- (.+)$")


def phrase_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of every one-line list item under a ``questions:`` or ``description:`` key of a corpus
    YAML file (curated answers' question variants, need descriptions)."""
    out: list[tuple[int, str]] = []
    block: int | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        opened = _BLOCK.match(line)
        if opened:
            block = len(opened.group(1)) + (2 if line.lstrip().startswith("- ") else 0)
            continue
        if block is not None and indent <= block:
            block = None
        item = _ITEM.match(line)
        if block is not None and item:
            value = yaml.safe_load(item.group(2))
            if isinstance(value, str):
                out.append((number, value))
    return out


def _unleak_yaml(path: Path, questions: list, embedder, cache: Path) -> None:  # type: ignore[no-untyped-def,type-arg]
    phrases = phrase_lines(path)
    if not phrases:
        return
    q = embed_messages([m.text for m in questions], embedder, cache)
    s = embed_messages([text for _, text in phrases], embedder, cache)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    s /= np.linalg.norm(s, axis=1, keepdims=True)
    closest = (s @ q.T).max(axis=1)
    folded = {fold_message(m.text) for m in questions}
    numbers = {n for (n, text), c in zip(phrases, closest, strict=True) if c >= MARGIN or fold_message(text) in folded}
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(x for n, x in enumerate(lines, start=1) if n not in numbers) + "\n", encoding="utf-8")
    sys.stderr.write(
        f"{path.name}: dropped {len(numbers)} of {len(phrases)} phrases too close to evaluation questions\n"
    )
    for problem in emptied_lists(path):
        sys.stderr.write(f"{path.name}: {problem}: every phrase was dropped; write a new one\n")


def emptied_lists(path: Path) -> list[str]:
    """Needs whose description list of a language is left empty, which the corpus check rejects (a curated
    answer may have no question variants in a language: its texts are matched too)."""
    problems: list[str] = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        for lang, items in (entry.get("description") or {}).items():
            if not items:
                problems.append(f"entry '{entry.get('id')}', field 'description.{lang}'")
    return problems


def _unleak(target: Path, questions: list, embedder, cache: Path) -> None:  # type: ignore[no-untyped-def,type-arg]
    if target.suffix == ".yaml":
        _unleak_yaml(target, questions, embedder, cache)
        return
    directory = target if target.is_dir() else target.parent
    lines = [m for m in router_messages(directory) if target.is_dir() or m.where.startswith(target.name + ":")]
    q = embed_messages([m.text for m in questions], embedder, cache)
    s = embed_messages([m.text for m in lines], embedder, cache)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    s /= np.linalg.norm(s, axis=1, keepdims=True)
    closest = (s @ q.T).max(axis=1)
    folded = {fold_message(m.text) for m in questions}
    drop: dict[str, set[int]] = {}
    for line, cosine in zip(lines, closest, strict=True):
        if cosine >= MARGIN or fold_message(line.text) in folded:
            name, number = line.where.rsplit(":", 1)
            drop.setdefault(name, set()).add(int(number))
    for name, numbers in sorted(drop.items()):
        path = directory / name
        text = path.read_text(encoding="utf-8").splitlines()
        kept = [line for n, line in enumerate(text, start=1) if n not in numbers]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
        sys.stderr.write(f"{name}: dropped {len(numbers)} of {len(text)} lines too close to evaluation questions\n")
    if not drop:
        sys.stderr.write(f"{target}: no line within cosine {MARGIN} of an evaluation question\n")


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]] or [PICKING_DATA])
