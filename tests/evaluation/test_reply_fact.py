"""The reply-fact check: an evidence phrase's content words in any inflection, all of them."""

from __future__ import annotations

from assistant.evaluation.replies import reply_has_evidence, reply_has_fact
from assistant.text import Analyzer


def test_an_inflected_fact_counts_where_the_verbatim_check_misses_it(analyzer: Analyzer) -> None:
    reply = "Perhekeskuksen toimijat järjestävät isien ja äitien iltoja. [1]"
    evidence = ["Isien- ja Äitien illat"]
    assert not reply_has_evidence(reply, evidence)
    assert reply_has_fact(reply, evidence, analyzer.terms)


def test_every_content_word_must_be_there(analyzer: Analyzer) -> None:
    reply = "Avoin päiväkoti on maksuton, eikä sinne tarvitse ilmoittautua."
    assert not reply_has_fact(reply, ["avointa, maksutonta ja saavutettavaa toimintaa"], analyzer.terms)
    assert reply_has_fact(reply, ["avointa, maksutonta"], analyzer.terms)


def test_a_phrase_of_stopwords_only_proves_nothing(analyzer: Analyzer) -> None:
    assert not reply_has_fact("Se on niin.", ["se on"], analyzer.terms)
