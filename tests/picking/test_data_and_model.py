"""The picking model's data files and model file: bad input named by file, line and field; the shipped files
are valid and the shipped model was learned from the shipped data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.corpus import load_corpus
from assistant.errors import CorpusError
from assistant.picking import FEATURES, PickModel
from assistant.picking.data import DATA_DIR, data_digest, load_examples
from assistant.picking.model import DEFAULT_PATH
from tests.conftest import CORPUS


def _write(directory: Path, lines: list[str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "x.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_lines_are_listed_with_file_line_and_field(tmp_path: Path) -> None:
    _write(
        tmp_path,
        [
            json.dumps({"text": "onks neuvolassa iltavastaanottoa", "lang": "fi", "answers": ["a"]}),
            "{not json",
            json.dumps({"text": "", "lang": "fi", "answers": []}),
            json.dumps({"text": "hej", "lang": "de", "answers": []}),
            json.dumps({"text": "hello", "lang": "en", "answers": "a"}),
            json.dumps({"text": "moi", "lang": "fi", "answers": ["nope"]}),
        ],
    )
    with pytest.raises(CorpusError) as caught:
        load_examples(tmp_path, known={"a"})
    message = str(caught.value)
    assert "x.jsonl:2: not JSON" in message
    assert "x.jsonl:3: field 'text'" in message
    assert "x.jsonl:4: field 'lang'" in message
    assert "x.jsonl:5: field 'answers' must be a list" in message
    assert "x.jsonl:6: field 'answers': no curated answer nope" in message
    assert "x.jsonl:1" not in message


def test_a_good_file_loads_with_its_labels(tmp_path: Path) -> None:
    _write(tmp_path, [json.dumps({"text": " hej ", "lang": "sv", "style": "short", "answers": ["a", "b", "a"]})])
    (example,) = load_examples(tmp_path, known={"a", "b"})
    assert (example.text, example.lang, example.answers, example.style) == ("hej", "sv", ("a", "b"), "short")
    assert example.where == "x.jsonl:1"


def test_the_model_is_a_logistic_function_of_its_features() -> None:
    model = PickModel({"dense": 10.0}, -9.0)
    assert model.probability({"dense": 0.9}) == pytest.approx(0.5)
    assert model.probability({"dense": 1.0}) > 0.7 > 0.3 > model.probability({"dense": 0.8})


def test_a_broken_model_file_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"weights": {"colour": 1.0}, "bias": 0}), encoding="utf-8")
    with pytest.raises(CorpusError, match="unknown features"):
        PickModel.load(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CorpusError, match="model.json"):
        PickModel.load(path)


def test_the_shipped_data_is_valid_and_the_shipped_model_was_learned_from_it() -> None:
    corpus = load_corpus(CORPUS)
    examples = load_examples(DATA_DIR, known={a.id for a in corpus.answers})
    assert len(examples) >= 550  # 557 after the eighth pass (blind set H, 2026-11-29, fifth session)
    assert {e.lang for e in examples} == {"fi", "sv", "en"}
    model = PickModel.load(DEFAULT_PATH)
    assert set(model.weights) == set(FEATURES)
    assert model.about["data"] == data_digest(DATA_DIR), "data changed: run `perhekeskus picker train`"


def test_picker_train_learns_the_model_with_the_classifier_it_will_serve_with(monkeypatch: pytest.MonkeyPatch) -> None:
    """The classifier's best answers join the candidates the pick model learns from: the classifier is trained first
    and in place when the model's candidates are drawn (trained after it, two runs on the same data gave two
    models)."""
    from types import SimpleNamespace

    from typer.testing import CliRunner

    import assistant.factory
    import assistant.picking.train
    from assistant.cli import app

    curated = SimpleNamespace(classifier="shipped")
    stub = SimpleNamespace(curated=curated, corpus=None)
    seen: list[str] = []
    new_classifier = SimpleNamespace(classes=["a"])

    def train_classifier_for(*_: object, foreign: bool = False) -> object:
        seen.append("foreign classifier" if foreign else "classifier")
        return new_classifier

    def train_model(assistant: SimpleNamespace, *_: object) -> tuple[object, list[str]]:
        seen.append("model")
        assert assistant.curated.classifier is new_classifier
        return SimpleNamespace(), ["report"]

    monkeypatch.setattr(assistant.factory, "make_assistant", lambda settings: stub)
    monkeypatch.setattr(assistant.picking.train, "train_classifier_for", train_classifier_for)
    monkeypatch.setattr(assistant.picking.train, "train_model", train_model)
    monkeypatch.setattr("assistant.picking.data.load_examples", lambda known=None: [])
    result = CliRunner().invoke(app, ["picker", "train", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert seen == ["classifier", "model", "foreign classifier"]
