"""Drops training lines too close to an evaluation question (``python -m assistant.picking.unleak``).

Helpers write the picking data without seeing the tune and blind sets, so a line can still say what an
evaluation question says. Such lines are removed before training (the leak rule, eval/README.md): equal after
folding, or multilingual-e5 cosine at least ``MARGIN`` (a little under the leak test's 0.92). Prints only how
many lines each file lost, never the evaluation questions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from assistant.evaluation.leaks import evaluation_questions, fold_message, router_messages
from assistant.picking.data import DATA_DIR
from assistant.router.vectors import embed_messages

MARGIN = 0.917
ROOT = Path(__file__).resolve().parents[2]
EVAL_SETS = [ROOT / "eval" / "tune.yaml", *sorted((ROOT / "eval" / "blind").glob("*.yaml"))]


def main() -> None:
    from assistant.config import get_settings
    from assistant.factory import make_embedder

    settings = get_settings()
    embedder = make_embedder(settings, threads=0)
    cache = settings.cache_dir or settings.index_dir / "cache"
    questions = evaluation_questions(EVAL_SETS)
    lines = router_messages(DATA_DIR)
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
        path = DATA_DIR / name
        text = path.read_text(encoding="utf-8").splitlines()
        kept = [line for n, line in enumerate(text, start=1) if n not in numbers]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
        sys.stderr.write(f"{name}: dropped {len(numbers)} of {len(text)} lines too close to evaluation questions\n")
    if not drop:
        sys.stderr.write(f"no line within cosine {MARGIN} of an evaluation question\n")


if __name__ == "__main__":
    main()
