"""Retrieval on real questions against the real corpus and index."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.engine import Assistant
from assistant.retrieve import HybridRetriever

pytestmark = pytest.mark.integration


def _texts(assistant: Assistant, question: str, mode: str = "hybrid") -> list[str]:
    retriever = replace(assistant.retriever, mode=mode)
    return [s.chunk.text.lower() for s in retriever.search(question)]


def test_partner_violence_finds_marak_or_intimate_violence(assistant: Assistant) -> None:
    texts = _texts(assistant, "Mistä saan apua jos puoliso lyö?")
    assert any("marak" in t or "lähisuhdeväkiva" in t for t in texts[:5])


def test_vakkanen_finds_the_clinic_and_early_education_group_first(assistant: Assistant) -> None:
    top = _texts(assistant, "Mikä on Vakkanen?")[0]
    assert "varhaiskasvatuksen ja neuvolan yhteistyöryhmä vakkanen" in top


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("Mikä MARAK on?", "marak"),
        ("Kuka voi kirjoittaa harrastusreseptin?", "harrastusresepti"),
        ("Mitä Motti-työryhmä tekee?", "motti"),
        ("Mistä löydän perheille suunnatut palvelut netistä?", "sähköi"),
        ("Paljonko Rovaniemellä syntyi vauvoja 2024?", "558"),
        ("Var finns öppet daghem för småbarn?", "avoin päiväkoti"),
        ("Where can parents meet other parents with babies?", "vauva"),
    ],
)
def test_real_questions_find_their_passage_in_top_five(assistant: Assistant, question: str, phrase: str) -> None:
    assert any(phrase in t for t in _texts(assistant, question)), question


def test_inflected_question_matches_compound_in_text_with_bm25_alone(assistant: Assistant) -> None:
    # 'väkivallasta' (elative of väkivalta) must reach 'lähisuhdeväkivalta' through compound parts.
    texts = _texts(assistant, "Miten perhekeskus ehkäisee väkivallasta?", mode="bm25")
    assert any("lähisuhdeväkivalta" in t for t in texts[:3])


def test_sources_carry_citation_fields(assistant: Assistant) -> None:
    sources = assistant.retriever.search("Mikä on Vakkanen?")
    first = sources[0].as_dict()
    assert first["doc"] == "handbook" and first["section"].startswith("5. Perhekeskuksen tehtävät")
    assert first["title"] and first["text"] and first["score"] > 0
    assert [s.score for s in sources] == sorted((s.score for s in sources), reverse=True)


def test_is_a_langchain_retriever(assistant: Assistant) -> None:
    retriever: HybridRetriever = assistant.retriever  # type: ignore[assignment]
    documents = retriever.as_langchain().invoke("Mikä on Vakkanen?")
    assert documents and documents[0].metadata["doc"] == "handbook"
    assert documents[0].id == documents[0].metadata["id"]
    assert [d.id for d in documents] == [s.chunk.id for s in retriever.search("Mikä on Vakkanen?")]
