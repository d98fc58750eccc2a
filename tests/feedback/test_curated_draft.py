"""A draft curated answer for a group: the format of corpus/answers.yaml, the best sources as cites (from the
assistant's retrieval on the real index), and answer texts the corpus loader refuses until they are written."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from assistant.cli import app
from assistant.config import Settings, get_settings
from assistant.corpus.loader import load_corpus
from assistant.engine import Assistant
from assistant.errors import CorpusError
from assistant.factory import make_handoff
from assistant.feedback import FeedbackStore
from assistant.feedback.curated_draft import MARKER, Cites, best_cites, draft_yaml, suggest_id
from assistant.feedback.insight import Group
from assistant.handoff.db import session_factory
from tests.feedback.test_store import response
from tests.utils.corpus_files import copy_corpus

QUESTIONS = ["Löytyykö Rovaniemeltä perhekahviloita?", "Onko Rovaniemellä perhekahvilaa?"]
FILLED = "Täydennetty vastaus lähteiden pohjalta."


def group(questions: list[str] = QUESTIONS) -> Group:
    return Group("feedbeef01", questions[0], "fi", count=len(questions), questions={"fi": questions, "en": []})


@pytest.mark.unit
def test_id_suggestions_follow_the_corpus_id_format() -> None:
    assert suggest_id("Saako neuvolaan tuoda koiran?") == "saako-neuvolaan-tuoda-koiran"
    assert suggest_id("Voiko äiti käydä yöllä? Soita [puhelin]") == "voiko-aiti-kayda-yolla-soita"
    assert suggest_id("Saako neuvolaan tuoda koiran?", {"saako-neuvolaan-tuoda-koiran"}).endswith("-2")
    assert suggest_id("???") == "luonnos"


@pytest.mark.unit
def test_the_draft_is_one_answers_yaml_entry_with_marked_texts() -> None:
    text = draft_yaml(group(), Cites(handbook=["6. Kohtaamispaikkatoiminta"], services=["mll-perhekahvilat"]))
    assert text.startswith(f"# {QUESTIONS[0]}\n")
    assert text.count(f"{MARKER} ") == 4
    entry = yaml.safe_load(re.sub(r"!KESKEN ", "", text))[0]
    assert list(entry) == ["id", "questions", "answer", "cites"]
    assert entry["questions"] == {"fi": QUESTIONS}  # an empty language is left out
    assert list(entry["answer"]) == ["fi", "sv", "en", "plain"]
    assert entry["cites"] == {"handbook": ["6. Kohtaamispaikkatoiminta"], "services": ["mll-perhekahvilat"]}


@pytest.mark.integration
def test_cites_are_the_assistants_best_sources_and_the_corpus_accepts_them(assistant: Assistant) -> None:
    cites = best_cites(assistant, QUESTIONS[0], "fi")
    assert cites.handbook and cites.services
    assert "mll-perhekahvilat" in cites.services or "seurakunnan-vauvakahvila" in cites.services
    corpus = assistant.corpus
    assert corpus is not None
    assert all(corpus.sections_titled(title) for title in cites.handbook)
    assert all(corpus.glossary_entry(term) for term in cites.glossary)
    assert all(corpus.service(sid) for sid in cites.services)


@pytest.mark.integration
def test_an_unanswered_question_gets_the_passages_the_retriever_finds(assistant: Assistant) -> None:
    question = "Missä on lähin koirapuisto?"
    assert assistant.ask(question, None, "fi").sources == []  # out of scope: the reply cites nothing
    cites = best_cites(assistant, question, "fi")
    assert cites.handbook and assistant.corpus is not None
    assert all(assistant.corpus.sections_titled(title) for title in cites.handbook)


@pytest.mark.integration
def test_the_loader_refuses_an_unfinished_draft_and_loads_a_finished_one(assistant: Assistant, tmp_path: Path) -> None:
    corpus_dir = copy_corpus(tmp_path / "corpus")
    answers = corpus_dir / "answers.yaml"
    original = answers.read_text(encoding="utf-8")
    assert assistant.corpus is not None
    taken = [a.id for a in assistant.corpus.answers]
    draft = draft_yaml(group(), best_cites(assistant, QUESTIONS[0], "fi"), taken)

    answers.write_text(original + "\n" + draft, encoding="utf-8")
    with pytest.raises(CorpusError, match="!KESKEN") as refused:
        load_corpus(corpus_dir)
    assert refused.value.line is not None and refused.value.line > original.count("\n")

    # One text written, three still marked: still refused.
    answers.write_text(original + "\n" + draft.replace(MARKER, "", 1), encoding="utf-8")
    with pytest.raises(CorpusError, match="!KESKEN"):
        load_corpus(corpus_dir)

    finished = re.sub(r'!KESKEN "[^"\n]*"', FILLED, draft)
    answers.write_text(original + "\n" + finished, encoding="utf-8")
    [loaded] = [a for a in load_corpus(corpus_dir).answers if a.id not in taken]
    assert loaded.questions == {"fi": QUESTIONS} and loaded.answer.fi == FILLED
    assert loaded.cites.services and loaded.cites.handbook


@pytest.mark.integration
def test_the_cli_drafts_a_group_by_number_and_refuses_an_unknown_one(
    built_index: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`perhekeskus feedback groups` and `feedback draft 1` on two logged "no" ratings (the test index)."""
    monkeypatch.setenv("PK_INDEX_DIR", str(built_index.index_dir))
    get_settings.cache_clear()
    handoff = make_handoff(get_settings())
    store = FeedbackStore(session_factory(handoff.engine))
    for number, question in enumerate(QUESTIONS):
        store.log_turn(response(f"feedbee{number}"), question, 1.0)
        store.add_feedback(f"feedbee{number}", False, "not_answered")
    assert len(store.unhelpful(timedelta(days=1))) == 2
    handoff.engine.dispose()

    runner = CliRunner()
    listed = runner.invoke(app, ["feedback", "groups", "--since", "7d"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines() == [f"1\tfeedbee0\t2\t{QUESTIONS[0]}"]
    drafted = runner.invoke(app, ["feedback", "draft", "1", "--since", "7d"])
    assert drafted.exit_code == 0, drafted.output
    assert drafted.stdout.startswith(f"# {QUESTIONS[0]}") and QUESTIONS[1] in drafted.stdout
    assert drafted.stdout.count(MARKER + " ") == 4
    unknown = runner.invoke(app, ["feedback", "draft", "7", "--since", "7d"])
    assert unknown.exit_code == 2 and "feedback groups" in unknown.output
