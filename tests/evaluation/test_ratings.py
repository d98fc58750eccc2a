"""Evaluators' rating sheets: written with empty rating columns, summarised once people fill them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assistant.errors import TestSetError
from assistant.evaluation.metrics import CaseResult
from assistant.evaluation.ratings import COLUMNS, summarise, write_sheet
from assistant.evaluation.testset import Case

pytestmark = pytest.mark.unit


def result(case_id: str, lang: str, route: str, reply: str) -> CaseResult:
    case = Case(id=case_id, lang=lang, route=route, question=f"kysymys {case_id}")  # type: ignore[arg-type]
    return CaseResult(case, route, ["lähde"], ["5.1 Neuvola"], ["neuvola"], 12.0, reply=reply)


def test_sheet_has_the_reply_cards_sources_and_empty_rating_columns(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    rows = write_sheet(path, [result("a1", "fi", "answer", "Neuvola auttaa.")], {"a1": ["Neuvola (neuvola)"]})
    assert rows == 1
    with path.open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert list(row) == COLUMNS
    assert row["reply"] == "Neuvola auttaa." and row["cards"] == "Neuvola (neuvola)" and row["sources"] == "5.1 Neuvola"
    assert row["rating"] == row["harmful_cards"] == row["right_service"] == ""


def test_summary_scores_filled_rows_per_language_and_route(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    write_sheet(
        path,
        [result("a1", "fi", "answer", "x"), result("a2", "sv", "answer", "y"), result("a3", "fi", "crisis", "z")],
        {},
    )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["rating"], rows[1]["rating"], rows[1]["harmful_cards"] = "accurate", "partly", "yes"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    summary = summarise([path])
    assert summary["n"] == 2  # the unrated row is skipped
    assert summary["score"] == 0.75 and summary["accurate"] == 1 and summary["partly"] == 1
    assert summary["harmful_cards"] == 1
    assert summary["by_lang"]["fi"]["score"] == 1.0 and summary["by_lang"]["sv"]["score"] == 0.5


def test_an_unknown_rating_names_the_file_row_and_value(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    write_sheet(path, [result("a1", "fi", "answer", "x")], {})
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["rating"] = "great"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(TestSetError, match=r"sheet.csv:2.*'great'"):
        summarise([path])
