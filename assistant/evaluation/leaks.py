"""Leak check: no evaluation question may stand inside anything the system reads.

A tune or blind question leaks when, after folding case, white space and punctuation, it equals a
message the system learns from or matches against (router training data, triage exemplars, curated
answers' question variants), or when its multilingual-e5 cosine with one is at least ``MAX_COSINE``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from assistant.embeddings import Embedder
from assistant.router.vectors import embed_messages

MAX_COSINE = 0.92


@dataclass(frozen=True)
class Message:
    text: str
    where: str  # file:line or file#id


@dataclass(frozen=True)
class Leak:
    question: Message
    system: Message
    how: str  # "equal" or "cosine 0.953"

    def __str__(self) -> str:
        return f"{self.question.where} {self.question.text!r} ~ {self.system.where} {self.system.text!r} ({self.how})"


def fold_message(text: str) -> str:
    """Case, white space and punctuation folded away."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def evaluation_sets(root: Path) -> list[Path]:
    """Every evaluation set the system's data must stay away from: the tune sets (``eval/tune*.yaml``), the dev set
    and the blind sets."""
    return [
        *sorted((root / "eval").glob("tune*.yaml")),
        root / "eval" / "dev.yaml",
        *sorted((root / "eval" / "blind").glob("*.yaml")),
    ]


def evaluation_questions(paths: Iterable[Path]) -> list[Message]:
    """Questions and history turns of test sets (TESTSET.md format)."""
    out: list[Message] = []
    for path in paths:
        for case in yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []:
            where = f"{Path(path).name}#{case.get('id')}"
            out.append(Message(str(case.get("question", "")), where))
            out.extend(Message(str(turn), f"{where}.history") for turn in case.get("history") or [])
    return [m for m in out if m.text.strip()]


def router_messages(directory: Path) -> list[Message]:
    out = []
    for file in sorted(Path(directory).glob("*.jsonl")):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                out.append(Message(str(json.loads(line)["text"]), f"{file.name}:{number}"))
    return out


def exemplar_messages(path: Path) -> list[Message]:
    if not Path(path).is_file():
        return []
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    out: list[Message] = []
    for label, groups in data.items():
        for group, messages in (groups or {}).items():
            out.extend(Message(str(m), f"{Path(path).name}#{label}.{group}") for m in messages or [])
    return out


def curated_questions(path: Path) -> list[Message]:
    if not Path(path).is_file():
        return []
    out: list[Message] = []
    for entry in yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []:
        for lang, questions in (entry.get("questions") or {}).items():
            out.extend(Message(str(q), f"{Path(path).name}#{entry.get('id')}.{lang}") for q in questions or [])
    return out


def find_leaks(
    questions: list[Message], system: list[Message], embedder: Embedder | None, cache_dir: Path | None = None
) -> list[Leak]:
    """Every evaluation question equal or too close to a system message (at most one leak per question)."""
    leaks: list[Leak] = []
    folded: dict[str, Message] = {}
    for message in system:
        folded.setdefault(fold_message(message.text), message)
    flagged: set[int] = set()
    for i, question in enumerate(questions):
        hit = folded.get(fold_message(question.text))
        if hit is not None:
            leaks.append(Leak(question, hit, "equal"))
            flagged.add(i)
    if embedder is None or not system or not questions:
        return leaks
    q_vectors = embed_messages([q.text for q in questions], embedder, cache_dir)
    s_vectors = embed_messages([s.text for s in system], embedder, cache_dir)
    q_vectors /= np.linalg.norm(q_vectors, axis=1, keepdims=True)
    s_vectors /= np.linalg.norm(s_vectors, axis=1, keepdims=True)
    for start in range(0, len(questions), 256):
        block = q_vectors[start : start + 256] @ s_vectors.T
        best = block.argmax(axis=1)
        for offset, j in enumerate(best):
            i = start + offset
            cosine = float(block[offset, j])
            if i not in flagged and cosine >= MAX_COSINE:
                leaks.append(Leak(questions[i], system[int(j)], f"cosine {cosine:.3f}"))
    return leaks
