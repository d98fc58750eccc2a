"""The answer classifier: learned from the answers' own texts, shipped, and used to order accepted answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.corpus import load_corpus
from assistant.curated import CLASS_WEIGHT, Candidate, CuratedAnswers
from assistant.engine import Assistant
from assistant.errors import CorpusError
from assistant.picking.classifier import (
    DEFAULT_PATH,
    FOREIGN_PATH,
    AnswerClassifier,
    foreign_training_texts,
    texts_digest,
    train_classifier,
    training_texts,
)
from assistant.picking.data import DATA_DIR, load_examples
from tests.conftest import CORPUS


def _clusters(rng: np.random.Generator) -> tuple[np.ndarray, list[str]]:
    """Three answers whose texts lie around three directions of a 16-dimensional space."""
    centres = np.eye(16)[:3]
    rows, labels = [], []
    for label, centre in zip(("a", "b", "c"), centres, strict=True):
        for _ in range(20):
            vector = centre + 0.3 * rng.standard_normal(16)
            rows.append(vector / np.linalg.norm(vector))
            labels.append(label)
    return np.array(rows), labels


def test_the_classifier_learns_which_answer_a_vector_belongs_to(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    vectors, labels = _clusters(rng)
    classifier = train_classifier(vectors, labels, {"texts": len(labels)}, c=10.0)
    probabilities = classifier.probabilities(np.eye(16)[1])
    assert set(probabilities) == {"a", "b", "c"}
    assert sum(probabilities.values()) == pytest.approx(1.0, abs=1e-5)
    assert max(probabilities, key=lambda k: probabilities[k]) == "b"
    path = tmp_path / "classifier.npz"
    classifier.save(path)
    loaded = AnswerClassifier.load(path)
    assert loaded.classes == classifier.classes and loaded.about == {"texts": len(labels)}
    assert loaded.probabilities(np.eye(16)[2])["c"] == pytest.approx(classifier.probabilities(np.eye(16)[2])["c"], 1e-2)


def test_a_broken_classifier_file_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "classifier.npz"
    path.write_bytes(b"not numpy")
    with pytest.raises(CorpusError, match="classifier.npz"):
        AnswerClassifier.load(path)


def test_the_shipped_classifier_was_learned_from_the_answers_and_picking_data_as_they_are() -> None:
    corpus = load_corpus(CORPUS)
    examples = load_examples(DATA_DIR, known={a.id for a in corpus.answers})
    texts, labels = training_texts(corpus, examples)
    classifier = AnswerClassifier.load(DEFAULT_PATH)
    assert classifier.about["digest"] == texts_digest(texts, labels), (
        "answers.yaml or the picking data changed: run `perhekeskus picker train`"
    )
    assert set(classifier.classes) == {a.id for a in corpus.answers}
    assert classifier.coef.shape == (len(corpus.answers), 384)


def test_the_shipped_foreign_classifier_was_learned_also_from_the_translations_as_they_are() -> None:
    corpus = load_corpus(CORPUS)
    examples = load_examples(DATA_DIR, known={a.id for a in corpus.answers})
    texts, labels = foreign_training_texts(corpus, examples)
    own, _ = training_texts(corpus, examples)
    assert corpus.translations and len(texts) > len(own)  # the translated answers are among its texts
    classifier = AnswerClassifier.load(FOREIGN_PATH)
    assert classifier.about["digest"] == texts_digest(texts, labels), (
        "answers.yaml, corpus/translations/ or the picking data changed: run `perhekeskus picker train`"
    )
    assert set(classifier.classes) == {a.id for a in corpus.answers}


def test_only_a_foreign_reading_uses_the_classifier_learned_from_the_translations(assistant: Assistant) -> None:
    curated = assistant.curated
    assert curated is not None and curated.classifier is not None
    ids = [a.id for a in assistant.corpus.answers]
    # A stand-in foreign classifier sure of one answer whatever the message: only foreign=True may show it.
    sure = ids[-1]
    coef = np.zeros((len(ids), 384), dtype=np.float32)
    intercept = np.where(np.array(ids) == sure, 50.0, 0.0).astype(np.float32)
    stand_in = AnswerClassifier(tuple(ids), coef, intercept)
    reading = CuratedAnswers.__new__(CuratedAnswers)
    reading.__dict__.update(curated.__dict__)
    reading.foreign_classifier = stand_in
    question = "Wo können sich Familien mit kleinen Kindern in Rovaniemi treffen?"
    vector = assistant._embed(question)
    foreign = {c.answer.id: c.features["classifier"] for c in reading.candidates([], vector, [], "en", foreign=True)}
    own = {c.answer.id: c.features["classifier"] for c in reading.candidates([], vector, [], "en")}
    assert foreign[sure] == pytest.approx(1.0, abs=1e-6)
    assert own.get(sure, 0.0) < 0.5
    answer = next(a for a in assistant.corpus.answers if a.id == sure)
    assert reading.service_mass(answer, vector, foreign=True) == pytest.approx(1.0, abs=1e-6)
    assert reading.service_mass(answer, vector) < 0.5


def _candidate(answer_id: str, corpus_answers: dict, dense: float, classifier: float) -> Candidate:
    features = {"dense": dense, "lexical": 1.0, "agreement": 0.2, "classifier": classifier}
    return Candidate(corpus_answers[answer_id], features)


def test_among_accepted_answers_the_classifier_settles_a_near_tie(assistant: Assistant) -> None:
    curated = assistant.curated
    assert curated is not None and curated.classifier is not None
    answers = {a.id: a for a in assistant.corpus.answers}
    first, second = list(answers)[:2]
    # The rule alone prefers the first by 0.01; the classifier is sure of the second.
    near_tie = [_candidate(first, answers, 0.91, 0.0), _candidate(second, answers, 0.90, 1.0)]
    rule_only = CuratedAnswers.__new__(CuratedAnswers)
    rule_only.__dict__.update(curated.__dict__)
    rule_only.model = None
    assert rule_only.choose(near_tie).answer.id == first
    assert curated.choose(near_tie).answer.id == second
    # Far apart, the rule's similarity wins whatever the classifier says; and it never makes an answer acceptable.
    far = [_candidate(first, answers, 0.91 + CLASS_WEIGHT, 0.0), _candidate(second, answers, 0.90, 1.0)]
    assert curated.choose(far).answer.id == first
    too_weak = [_candidate(second, answers, 0.70, 1.0)]
    assert curated.choose(too_weak) is None


def test_the_serving_assistant_gives_every_candidate_the_classifiers_probability(assistant: Assistant) -> None:
    curated = assistant.curated
    assert curated is not None
    question = "meiän 2v heräilee monta kertaa yössä eikä nukahda ilman syliä"
    vector = assistant._embed(question)
    candidates = curated.candidates(assistant.analyzer.terms(question), vector, [], "fi")
    assert candidates and all(0.0 <= c.features["classifier"] <= 1.0 for c in candidates)
    assert sum(c.features["classifier"] for c in candidates) > 0.0
