"""Curated answers in other languages (corpus/translations/): checked like the answers themselves, stale ones left
out without stopping the assistant."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from assistant.corpus import check_corpus, load_corpus
from assistant.corpus.translations import StaleTranslation, english_digest
from assistant.errors import CorpusError
from tests.conftest import CORPUS
from tests.utils.corpus_files import copy_corpus, replace_in

pytestmark = pytest.mark.unit

ANSWER = "perhekeskus-mika-on"
LINES = {
    "intro": "Ich antworte nur auf Finnisch, Schwedisch und Englisch; die Antwort unten ist übersetzt.",
    "no_answer_intro": "Ich antworte nur auf Finnisch, Schwedisch und Englisch. Eine Fachkraft kann Ihnen helfen.",
    "answer_intro": "Die passendste Antwort aus dem Material des Familienzentrums:",
    "handoff_intro": "So erreichen Sie eine Mitarbeiterin oder einen Mitarbeiter:",
    "handoff_pyyda_apua": "Formular Pyydä apua: Antwort innerhalb von 1–2 Werktagen.",
    "handoff_apua_huoliin": "Chat Apua huoliin: mit einer Fachkraft sprechen.",
    "chat_hours": "Die Öffnungszeiten des Chats stehen auf seiner Seite.",
    "crisis_unsure_answer": "Wenn es kein Notfall ist, hier die Antwort:",
    "crisis_unsure_line": "Wenn die Lage ernst ist, gibt es rund um die Uhr Hilfe:",
    "crisis_lines": "Hilfe gibt es auch hier:",
    "crisis_after": "Wenn die akute Gefahr vorbei ist, helfen Ihnen die Fachkräfte des Familienzentrums:",
}


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """The real corpus without its shipped translations (tested on their own above): only the file a test writes."""
    target = copy_corpus(tmp_path / "corpus")
    shutil.rmtree(target / "translations", ignore_errors=True)
    return target


def _english(corpus_dir: Path, answer_id: str = ANSWER) -> str:
    answers = yaml.safe_load((corpus_dir / "answers.yaml").read_text(encoding="utf-8"))
    return next(a["answer"]["en"] for a in answers if a["id"] == answer_id)


def _write(
    corpus_dir: Path, text: str, *, code: str = "de", answer_id: str = ANSWER, from_en: str | None = None
) -> Path:
    """A one-answer translation file, stamped from the answer's English text unless ``from_en`` is given."""
    data = {
        "language": code,
        "reviewed_by": None,
        "lines": LINES,
        "answers": [{"id": answer_id, "from_en": from_en or english_digest(_english(corpus_dir)), "text": text}],
    }
    path = corpus_dir / "translations" / f"{code}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


GOOD = (
    "Das Familienzentrum Rovaniemi ist ein Netzwerk von Fachleuten. Die Angebote finden Sie gesammelt unter "
    "rovaniemi.fi/lapsiperheet."
)


def test_the_shipped_translations_load_and_check_clean() -> None:
    corpus = load_corpus(CORPUS)
    assert corpus.translations, "corpus/translations/ holds no language"
    for code, translation in corpus.translations.items():
        assert translation.language == code and len(translation.texts) >= 100, code
        assert set(translation.texts) <= {a.id for a in corpus.answers}
    assert [p for p in check_corpus(CORPUS) if "translations" in p.path] == []


def test_a_translation_is_loaded_by_its_language_code(corpus_dir: Path) -> None:
    _write(corpus_dir, GOOD)
    translation = load_corpus(corpus_dir).translations["de"]
    assert translation.text(ANSWER) == GOOD and translation.lines.chat_hours == LINES["chat_hours"]
    assert translation.text("no-such-answer") is None


def test_a_translation_stating_a_phone_number_the_english_does_not_is_rejected(corpus_dir: Path) -> None:
    path = _write(corpus_dir, GOOD + " Rufen Sie 040 123 4567 an.")
    with pytest.raises(CorpusError, match="0401234567") as info:
        load_corpus(corpus_dir)
    assert info.value.path == str(path) and info.value.entry == ANSWER and info.value.field == "text"
    assert info.value.line is not None and info.value.line > 1


def test_a_translation_leaving_out_an_address_of_the_english_is_rejected(corpus_dir: Path) -> None:
    _write(corpus_dir, "Das Familienzentrum Rovaniemi ist ein Netzwerk von Fachleuten.")
    with pytest.raises(CorpusError, match="leaves out rovaniemi.fi/lapsiperheet") as info:
        load_corpus(corpus_dir)
    assert info.value.entry == ANSWER


def test_a_translation_of_an_answer_that_is_gone_is_listed_but_not_fatal(corpus_dir: Path) -> None:
    """An answer removed or renamed in answers.yaml leaves its translations behind: the assistant still starts."""
    _write(corpus_dir, GOOD, answer_id="ei-tallaista")
    assert load_corpus(corpus_dir).translations["de"].texts == {}
    problems = check_corpus(corpus_dir)
    assert len(problems) == 1 and isinstance(problems[0], StaleTranslation)
    assert "no curated answer 'ei-tallaista'" in str(problems[0]) and problems[0].field == "id"


def test_a_missing_line_names_the_field_and_a_line(corpus_dir: Path) -> None:
    path = _write(corpus_dir, GOOD)
    replace_in(path, f"  chat_hours: {LINES['chat_hours']}\n", "")
    problems = check_corpus(corpus_dir)
    assert len(problems) == 1, problems
    assert problems[0].field == "lines.chat_hours" and problems[0].line is not None and problems[0].path == str(path)


def test_a_file_whose_language_differs_from_its_name_is_rejected(corpus_dir: Path) -> None:
    path = _write(corpus_dir, GOOD)
    path.rename(path.with_name("fr.yaml"))
    with pytest.raises(CorpusError, match="differs from the file's name"):
        load_corpus(corpus_dir)


def test_an_answer_edited_in_english_after_its_translation_is_left_out_and_listed(corpus_dir: Path) -> None:
    """The coordinator edits the English answer: the assistant keeps working and gives the English answer (the
    stale translation is not loaded); `corpus check` names the entry so that it gets translated again."""
    path = _write(corpus_dir, GOOD)
    old = "and who work together"
    assert old in _english(corpus_dir)
    replace_in(corpus_dir / "answers.yaml", old, "and who work closely together")
    corpus = load_corpus(corpus_dir)  # does not raise
    assert corpus.translations["de"].text(ANSWER) is None
    problems = check_corpus(corpus_dir)
    assert len(problems) == 1 and isinstance(problems[0], StaleTranslation)
    assert problems[0].path == str(path) and problems[0].entry == ANSWER and problems[0].field == "from_en"
