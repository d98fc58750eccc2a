"""The compiled router (numpy only, used by the server) predicts what the trained scikit-learn model does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.router.compiled import CompiledRouter, char_wb_ngrams, word_ngrams
from assistant.router.features import fold, word_vectorizer
from assistant.router.model import RouterModel

pytestmark = pytest.mark.unit

TEXTS = [
    "lapsi ei nuku öisin, mistä apua?",
    "Mieheni lyö minua ja pelkään",
    "haluan puhua ihmisen kanssa",
    "mikä on huomenna sää",
    "Vad är familjecentret?",
    "my baby is not breathing",
    "vauva ei nuku ja oon ihan loppu",
    "ostin kaupasta maitoa",
    "voiko joku soittaa minulle",
    "Я больше не хочу жить",
    "en jaksa enää elää",
    "missä on neuvola",
]


def test_char_wb_ngrams_match_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    for text in ["ab", "lapsi  ei nuku", "a b c", "väkivalta on  väärin"]:
        assert char_wb_ngrams(text, 2, 5) == analyzer(text)


def test_word_ngrams_match_scikit_learn() -> None:
    analyzer = word_vectorizer().build_analyzer()
    for text in ["a", "Lapsi  ei nuku, ÖISIN!", "miehen juominen huolettaa, lapset 2v ja 5v", "I'm ok - not really"]:
        assert word_ngrams(fold(text), 1, 2) == analyzer(text), text


def test_compiled_predictions_equal_the_trained_model(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(TEXTS), 16)).astype(np.float32)
    routes = ["answer", "crisis", "handoff", "out_of_scope", "answer", "crisis",
              "crisis", "out_of_scope", "handoff", "crisis", "crisis", "answer"]  # fmt: skip
    types = [("self_harm" if i % 2 else "violence") if r == "crisis" else "none" for i, r in enumerate(routes)]
    model = RouterModel.fit(TEXTS * 2, np.vstack([vectors, vectors]), routes * 2, types * 2)
    model.save(tmp_path)
    compiled = CompiledRouter.load(tmp_path)
    for text, vector in [*zip(TEXTS, vectors, strict=True), ("aivan uusi viesti jota ei ole nähty", None)]:
        want, got = model.predict(text, vector), compiled.predict(text, vector)
        assert want.routes.keys() == got.routes.keys()
        assert np.allclose(list(want.routes.values()), list(got.routes.values()), atol=1e-5), text
        assert [k for k, _ in want.crisis_types] == [k for k, _ in got.crisis_types]


def test_serving_does_not_import_scikit_learn() -> None:
    code = "import sys, assistant.factory, assistant.api.app; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False"]
