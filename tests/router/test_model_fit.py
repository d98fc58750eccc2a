"""The router is fitted to convergence: the same data on another machine gives the same model.

Where lbfgs stops early (scikit-learn's default tol 1e-4) depends on the last bits of the arithmetic, which
differ between CPUs (AVX2 or AVX-512 kernels in numpy and BLAS). Noise of 1e-5 in the message vectors stands
in for that difference here: fitted early-stopped, one sixth of the real data moved a route probability by
0.012; converged, by 0.0014 (2026-12-03).
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant.embeddings import Embedder
from assistant.router.data import DEFAULT_DATA_DIR, load_examples
from assistant.router.model import RouterModel
from assistant.router.vectors import embed_messages

pytestmark = pytest.mark.integration


def test_a_tiny_change_in_the_vectors_does_not_move_the_fitted_router(e5: Embedder) -> None:
    examples = load_examples(DEFAULT_DATA_DIR)[::6]
    texts = [e.text for e in examples]
    routes = [e.route for e in examples]
    types = [e.crisis_type for e in examples]
    vectors = embed_messages(texts, e5, None).astype(np.float32)
    noisy = (vectors + np.random.default_rng(1).normal(0.0, 1e-5, vectors.shape)).astype(np.float32)

    first = RouterModel.fit(texts, vectors, routes, types)
    second = RouterModel.fit(texts, noisy, routes, types)

    def probabilities(model: RouterModel) -> np.ndarray:
        return np.array([list(p.routes.values()) for p in model.predict_many(texts, vectors)])

    assert np.abs(probabilities(first) - probabilities(second)).max() < 0.005
