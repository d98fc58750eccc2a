"""Unhelpful questions as new test-set cases (YAML in the shape of ``eval/tune.yaml``) or as CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

import yaml

from assistant.feedback.store import Unhelpful

_SINCE = re.compile(r"(\d+)d")


def parse_days(text: str) -> int:
    """``30d`` -> 30; anything else raises ValueError with what to write."""
    match = _SINCE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"write days like 30d, not {text!r}")
    return int(match.group(1))


def to_testset(rows: Sequence[Unhelpful]) -> str:
    """Test-set cases: id, lang, route left for a person (``TODO``), question, the family's reason and
    comment. Evidence is also left for a person to fill."""
    cases = [
        {
            "id": f"fb-{row.at:%Y%m%d}-{row.response_id[:8]}",
            "lang": row.lang,
            "route": "TODO",
            "question": row.question,
            "comment": " / ".join(part for part in (row.reason, row.comment) if part) or "",
            "evidence": [],
        }
        for row in rows
    ]
    head = "# Questions families rated unhelpful (perhekeskus feedback export); fill route and evidence.\n"
    if not cases:
        return head + "[]\n"
    return head + yaml.safe_dump(cases, allow_unicode=True, sort_keys=False, width=200)


def to_csv(rows: Sequence[Unhelpful]) -> str:
    """One line per rating: date, id, language, route, question, reason, comment."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "response_id", "lang", "route", "question", "reason", "comment"])
    for row in rows:
        writer.writerow(
            [
                row.at.date().isoformat(),
                row.response_id,
                row.lang,
                row.route,
                row.question,
                row.reason or "",
                row.comment or "",
            ]
        )
    return out.getvalue()
