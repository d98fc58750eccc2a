"""The leak filter names a need whose description list of a language it emptied (the corpus check rejects it)."""

from pathlib import Path

from assistant.evaluation.unleak import emptied_lists, phrase_lines

NEEDS = """\
# a comment
- id: sleep
  urgency: everyday
  description:
    fi:
    - "lapsi ei nuku"
    sv:
    en:
    - "child does not sleep"
- id: food
  urgency: everyday
  description:
    fi:
    - "lapsi ei syö"
"""


def test_an_emptied_language_list_is_named(tmp_path: Path) -> None:
    path = tmp_path / "needs.yaml"
    path.write_text(NEEDS, encoding="utf-8")
    assert emptied_lists(path) == ["entry 'sleep', field 'description.sv'"]


def test_nothing_is_named_when_every_list_has_a_phrase(tmp_path: Path) -> None:
    path = tmp_path / "needs.yaml"
    path.write_text(NEEDS.replace("    sv:\n", '    sv:\n    - "barnet sover inte"\n'), encoding="utf-8")
    assert emptied_lists(path) == []
    assert [text for _, text in phrase_lines(path)] == [
        "lapsi ei nuku",
        "barnet sover inte",
        "child does not sleep",
        "lapsi ei syö",
    ]
