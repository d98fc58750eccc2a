from __future__ import annotations

import pytest

from assistant.text import detect_language

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Mistä saan apua jos puoliso lyö?", "fi"),
        ("Mikä on Vakkanen?", "fi"),
        ("Onko Rovaniemellä perhekahviloita?", "fi"),
        ("Var kan jag få hjälp med mitt barn?", "sv"),
        ("Finns det familjecafé i Rovaniemi?", "sv"),
        ("Where can I get help for my child?", "en"),
        ("Can someone call me back?", "en"),
        ("Где я могу получить помощь?", "other"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Finnish without ä/ö that fastText calls English: Voikko knows the words, 'on' is no English evidence.
        ("mika on motti", "fi"),
        ("mika on vasa malli", "fi"),
        # Finnish names in a Swedish or English sentence: the sentence's own function words decide.
        ("Vad gör Perheohjaamo i Rovaniemi?", "sv"),
        ("Is perhetyo free?", "en"),
        ("Where is lastenneuvola?", "en"),
    ],
)
def test_detect_language_with_voikko(text: str, lang: str) -> None:
    from assistant.text import build_analyzer

    analyzer = build_analyzer("voikko")
    assert detect_language(text, analyzer.knows) == lang  # type: ignore[attr-defined]
