"""No evaluation question may stand in anything the system reads (issue: evaluation that tells the truth)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.embeddings import Embedder
from assistant.evaluation.leaks import (
    Message,
    curated_questions,
    evaluation_questions,
    evaluation_sets,
    exemplar_messages,
    find_leaks,
    router_messages,
)
from assistant.router.vectors import vector_cache_name
from tests.conftest import ROOT

pytestmark = pytest.mark.integration

EVAL_SETS = evaluation_sets(ROOT)
# The vectors of the evaluation questions, picking lines and curated variants (scripts/leak_vectors.py): with them
# and the router's shipped vectors a fresh clone embeds only what changed since (two minutes of embedding else).
SEED = ROOT / "tests" / "data" / "leak-vectors.npz"


@pytest.fixture(scope="module")
def cache(e5: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vector cache holding the shipped test vectors, in the file the router's vector cache reads."""
    directory = tmp_path_factory.mktemp("leak-vectors")
    if SEED.is_file():
        shutil.copy(SEED, directory / vector_cache_name(e5))
    return directory


def system_messages() -> list[Message]:
    return [
        *router_messages(ROOT / "assistant" / "router" / "data"),
        *router_messages(ROOT / "assistant" / "picking" / "data"),
        *router_messages(ROOT / "assistant" / "needmodel" / "data"),
        *curated_questions(ROOT / "corpus" / "answers.yaml"),
    ]


def test_no_evaluation_question_is_in_router_picking_or_need_data_or_curated_answers(e5: Embedder, cache: Path) -> None:
    questions = evaluation_questions(EVAL_SETS)
    assert len(questions) > 600  # tune and blind sets are there
    leaks = find_leaks(questions, system_messages(), e5, cache)
    assert not leaks, "evaluation questions inside system data:\n" + "\n".join(str(leak) for leak in leaks[:30])


def test_the_check_catches_the_exemplars_removed_on_2026_11_28(e5: Embedder, cache: Path) -> None:
    removed = exemplar_messages(ROOT / "tests" / "data" / "exemplars_removed_2026-11-28.yaml")
    leaks = find_leaks(evaluation_questions([ROOT / "eval" / "tune.yaml"]), removed, e5, cache)
    equal = [leak for leak in leaks if leak.how == "equal"]
    assert len(equal) >= 6
    # The message names both places: the test-set case and the exemplar group.
    assert any("tune.yaml#q029" in str(leak) and "exemplars_removed" in str(leak) for leak in equal)


def test_paraphrases_are_caught_by_similarity(e5: Embedder, tmp_path: Path) -> None:
    question = Message("Mistä saan apua, jos lapseni ei nuku öisin ollenkaan?", "set.yaml#x1")
    close = Message("mistä saan apua jos mun lapsi ei nuku öisin ollenkaan", "data.jsonl:7")
    far = Message("Milloin uimahalli on auki sunnuntaina?", "data.jsonl:8")
    leaks = find_leaks([question], [far, close], e5, None)
    assert [leak.system.where for leak in leaks] == ["data.jsonl:7"]
    assert "set.yaml#x1" in str(leaks[0]) and "data.jsonl:7" in str(leaks[0])
