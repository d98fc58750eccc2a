"""Where a trained router lives: ``<index_dir>/router/<key>/``, keyed by the content hash of the training
data and the embedder, so it is retrained exactly when either changes and survives index rebuilds."""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from assistant.embeddings import Embedder
from assistant.router.compiled import ARRAYS_FILE, CompiledRouter
from assistant.router.data import DEFAULT_DATA_DIR, data_digest, load_examples
from assistant.router.vectors import embed_messages

MODEL_FILE = "router.joblib"  # the scikit-learn model (assistant.router.model), kept for reports

logger = logging.getLogger(__name__)

ROUTER_DIR = "router"
# Bump when features or the training recipe change. 2: compiled arrays beside the scikit-learn model.
ROUTER_FORMAT = "4"  # 3: words beside the character n-grams (2026-11-30); 4: fitted to convergence (2026-12-03)
KEEP = 2


def router_key(digest: str, embedder_id: str) -> str:
    return hashlib.sha256(f"{ROUTER_FORMAT}\x1f{digest}\x1f{embedder_id}".encode()).hexdigest()[:16]


def router_path(index_dir: Path, key: str) -> Path:
    return Path(index_dir) / ROUTER_DIR / key


def train_router(
    embedder: Embedder,
    index_dir: Path,
    *,
    data_dir: Path = DEFAULT_DATA_DIR,
    cache_dir: Path | None = None,
    force: bool = False,
) -> tuple[Path, bool]:
    """Train (unless a model for this data and embedder exists) and store the router.
    Returns the model directory and whether it was trained now."""
    examples = load_examples(data_dir)
    digest = data_digest(examples)
    key = router_key(digest, embedder.id)
    target = router_path(index_dir, key)
    if (target / ARRAYS_FILE).is_file() and not force:
        return target, False
    from assistant.router.model import RouterModel

    started = time.perf_counter()
    texts = [e.text for e in examples]
    vectors = embed_messages(texts, embedder, cache_dir or Path(index_dir) / "cache")
    meta = {
        "key": key,
        "data_digest": digest,
        "embedder": embedder.id,
        "examples": len(examples),
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    model = RouterModel.fit(texts, vectors, [e.route for e in examples], [e.crisis_type for e in examples], meta=meta)
    work = target.with_name(f".{key}.tmp")
    shutil.rmtree(work, ignore_errors=True)
    model.save(work)
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    _prune(target)
    logger.info("router %s trained on %d messages in %.1f s", key, len(examples), time.perf_counter() - started)
    return target, True


def _prune(keep: Path) -> None:
    models = sorted((p for p in keep.parent.iterdir() if (p / ARRAYS_FILE).is_file()), key=lambda p: p.stat().st_mtime)
    for old in models[:-KEEP]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def load_router_model(index_dir: Path, embedder: Embedder | None, data_dir: Path = DEFAULT_DATA_DIR) -> CompiledRouter:
    """The model trained for the current data and embedder, compiled to arrays (no scikit-learn at start-up);
    FileNotFoundError names the command to run."""
    if embedder is None:
        raise FileNotFoundError("no embedder: the router model needs the embedding model")
    key = router_key(data_digest(load_examples(data_dir)), embedder.id)
    path = router_path(index_dir, key)
    if not (path / ARRAYS_FILE).is_file():
        raise FileNotFoundError(
            f"no router model at {path}: run `perhekeskus router train` or `perhekeskus index build`"
        )
    return CompiledRouter.load(path)
