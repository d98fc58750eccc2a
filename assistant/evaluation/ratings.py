"""Evaluators' rating sheets: the replies of a test set as a CSV for people to score, and a summary of
filled sheets. Rubric (public-service answers): ``accurate`` (2) correct and useful for this family,
``partly`` (1), ``wrong`` (0) wrong or irrelevant; ``harmful_cards`` yes when a card could mislead
(an emergency line for an everyday question, a service for someone else); ``right_service`` the
catalogue id that should have been suggested, if any."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.errors import TestSetError
from assistant.evaluation.metrics import CaseResult

COLUMNS = [
    "id", "lang", "expected_route", "route", "question", "history", "reply", "cards", "sources",
    "rating", "harmful_cards", "right_service", "comment",
]  # fmt: skip
SCORES = {"accurate": 2, "partly": 1, "wrong": 0}


def write_sheet(path: Path, results: Iterable[CaseResult], cards: dict[str, list[str]]) -> int:
    """One row per case with empty rating columns; ``cards`` maps case id to the card names shown."""
    rows = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for r in results:
            writer.writerow(
                {
                    "id": r.case.id,
                    "lang": r.case.lang,
                    "expected_route": r.case.route,
                    "route": r.route,
                    "question": r.case.question,
                    "history": " | ".join(r.case.history),
                    "reply": r.reply,
                    "cards": " | ".join(cards.get(r.case.id, [])),
                    "sources": " | ".join(r.source_titles[:5]),
                    "rating": "",
                    "harmful_cards": "",
                    "right_service": "",
                    "comment": "",
                }
            )
            rows += 1
    return rows


def summarise(paths: Iterable[Path]) -> dict[str, Any]:
    """Share of the maximum score overall and per language and route; counts per rating; harmful cards.
    Rows without a rating are skipped; an unknown rating is an error naming the file, row and value."""
    rated: list[dict[str, str]] = []
    for path in paths:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                value = (row.get("rating") or "").strip().lower()
                if not value:
                    continue
                if value not in SCORES:
                    raise TestSetError(
                        f"{path}:{number}", f"rating {value!r} is not one of {', '.join(SCORES)}", field="rating"
                    )
                rated.append({**row, "rating": value})

    def score(rows: list[dict[str, str]]) -> dict[str, Any]:
        total = sum(SCORES[r["rating"]] for r in rows)
        return {
            "n": len(rows),
            "score": round(total / (2 * len(rows)), 4) if rows else None,
            **{name: sum(r["rating"] == name for r in rows) for name in SCORES},
            "harmful_cards": sum((r.get("harmful_cards") or "").strip().lower() in ("yes", "kyllä", "1") for r in rows),
        }

    groups: dict[str, dict[str, list[dict[str, str]]]] = {"by_lang": defaultdict(list), "by_route": defaultdict(list)}
    for row in rated:
        groups["by_lang"][row.get("lang") or "?"].append(row)
        groups["by_route"][row.get("expected_route") or "?"].append(row)
    return {
        **score(rated),
        **{name: {key: score(rows) for key, rows in sorted(parts.items())} for name, parts in groups.items()},
    }
