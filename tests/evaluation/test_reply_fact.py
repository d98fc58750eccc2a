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


def test_only_the_one_line_after_a_finnish_quote_heading_is_exempt_from_the_language_check() -> None:
    from assistant.evaluation.replies import language_checks
    from assistant.i18n import t

    finnish = "Neuvolassa kysytään systemaattisesti kaikilta perheiltä perheen tilanteesta lomakkeen avulla."
    english = "The child health clinic asks every family about their situation with a form."
    quoted = "\n".join([english, "", t("quote_in_finnish", "en"), f"{finnish} [1]"])
    assert all(language_checks(quoted, "en"))
    twice = "\n".join([quoted, f"{finnish} [2]"])
    assert not all(language_checks(twice, "en"))
    fallback = "\n".join([t("found_intro", "en"), f"{finnish} [1]"])
    assert not all(language_checks(fallback, "en"))
