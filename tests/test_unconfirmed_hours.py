from __future__ import annotations

import pytest

from assistant.services import unconfirmed_hours


@pytest.mark.parametrize(
    ("hours", "kept"),
    [
        (
            "virka-ajan ulkopuolella (2020/ennen Laphaa olevat lähteet; ajantasaisuus unverified)",
            "virka-ajan ulkopuolella",
        ),
        ("kun oma terveysasema on kiinni (saatavuus Lapissa unverified)", "kun oma terveysasema on kiinni"),
        ("viestit milloin tahansa; vastausaika unverified", "viestit milloin tahansa"),
        ("unverified", None),
        ("unverified (lähteissä ristiriitaisia aikoja)", None),
        (None, None),
    ],
)
def test_an_unconfirmed_note_keeps_only_when_the_line_answers(hours: str | None, kept: str | None) -> None:
    assert unconfirmed_hours(hours) == kept
