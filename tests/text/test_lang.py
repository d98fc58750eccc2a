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
