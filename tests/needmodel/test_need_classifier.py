"""The need classifier (assistant.needmodel): its data, its shipped file and its part in matching needs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus import load_corpus
from assistant.errors import CorpusError
from assistant.match import PhraseIndex
from assistant.needmodel import CLASSIFIER_PATH, NO_NEED
from assistant.needmodel.train import description_texts, example_texts, load_need_examples
from assistant.needs import NeedMatcher
from assistant.picking.classifier import AnswerClassifier, texts_digest
from tests.conftest import CORPUS


def test_bad_need_lines_are_listed_with_file_line_and_field(tmp_path: Path) -> None:
    corpus = load_corpus(CORPUS)
    rows = [
        {"text": "meiän 2v ei nuku", "lang": "fi", "needs": ["sleep"]},
        {"text": "ei mitään", "lang": "fi", "needs": ["no-such-need"]},
        {"text": "hej", "lang": "sv", "answers": ["sleep"]},
        {"text": "moi", "lang": "fi", "needs": []},
    ]
    (tmp_path / "n.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_need_examples(corpus, tmp_path)
    message = str(caught.value)
    assert "n.jsonl:2: field 'needs': no need no-such-need" in message
    assert "n.jsonl:3: field 'needs' must be a list of need ids" in message
    assert "n.jsonl:1" not in message and "n.jsonl:4" not in message


def test_a_message_about_no_need_is_the_no_need_class(tmp_path: Path) -> None:
    corpus = load_corpus(CORPUS)
    rows = [{"text": "kuka johtaa perhekeskusta", "lang": "fi", "needs": []}]
    (tmp_path / "n.jsonl").write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    assert example_texts(load_need_examples(corpus, tmp_path)) == (["kuka johtaa perhekeskusta"], [NO_NEED])


def test_the_shipped_classifier_was_learned_from_the_descriptions_and_messages_as_they_are() -> None:
    corpus = load_corpus(CORPUS)
    texts, labels = description_texts(corpus)
    more_texts, more_labels = example_texts(load_need_examples(corpus))
    classifier = AnswerClassifier.load(CLASSIFIER_PATH)
    assert classifier.about["digest"] == texts_digest([*texts, *more_texts], [*labels, *more_labels]), (
        "needs.yaml or assistant/needmodel/data changed: run `perhekeskus needs train`"
    )
    assert set(classifier.classes) == {n.id for n in corpus.needs} | {NO_NEED}


def _matcher(classifier: AnswerClassifier | None, weight: float) -> NeedMatcher:
    """Two needs, each with one description along its own axis of a 4-dimensional space."""
    corpus = load_corpus(CORPUS)
    phrases = PhraseIndex(["sleep", "feeding"], np.eye(4)[:2].astype(np.float32), [["uni"], ["syöminen"]])
    return NeedMatcher(corpus, phrases, classifier, class_weight=weight)


def test_the_classifier_reorders_needs_whose_descriptions_are_about_as_close() -> None:
    # The message is a little closer to the 'sleep' description, but the classifier is sure it is about feeding.
    vector = np.array([0.96, 0.95, 0.0, 0.0], dtype=np.float32)
    classifier = AnswerClassifier(
        ("feeding", "sleep", NO_NEED), np.zeros((3, 4), dtype=np.float32), np.array([4.0, 0.0, 0.0], np.float32)
    )
    assert [n.id for n in _matcher(None, 0.2).match([], vector)][0] == "sleep"
    assert [n.id for n in _matcher(classifier, 0.2).match([], vector)][0] == "feeding"
    assert [n.id for n in _matcher(classifier, 0.0).match([], vector)][0] == "sleep"


def test_a_message_the_classifier_finds_about_no_need_gets_no_bonus() -> None:
    vector = np.array([0.87, 0.86, 0.0, 0.0], dtype=np.float32)  # close, but not close enough alone

    def sure_of(label: str) -> AnswerClassifier:
        classes = ("feeding", "sleep", NO_NEED)
        intercept = np.array([6.0 if c == label else 0.0 for c in classes], dtype=np.float32)
        return AnswerClassifier(classes, np.zeros((3, 4), dtype=np.float32), intercept)

    assert _matcher(None, 0.2).match([], vector) == []
    assert _matcher(sure_of(NO_NEED), 0.2).match([], vector) == []
    assert [n.id for n in _matcher(sure_of("feeding"), 0.2).match([], vector)] == ["feeding"]
