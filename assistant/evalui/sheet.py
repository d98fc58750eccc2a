"""A rating sheet (the CSV of ``perhekeskus eval --rating-sheet``, columns of
:data:`assistant.evaluation.ratings.COLUMNS`) read and rated one reply at a time.

The file is the only state: every call reads it again and a rating is written at once, atomically, so an
interrupted session loses nothing and ``perhekeskus eval --ratings`` can summarise the sheet at any time."""

from __future__ import annotations

import csv
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputError, TestSetError
from assistant.evaluation.ratings import COLUMNS, SCORES

HARMFUL = ("yes", "no")  # harmful_cards as written
# What a sheet filled by hand may hold instead (the summary counts 'kyllä' and '1' as yes too).
_HARMFUL_READ = {"yes": "yes", "kyllä": "yes", "1": "yes", "no": "no", "ei": "no", "0": "no"}
_SEPARATOR = " | "  # how write_sheet joins history turns, cards and sources
_WRITE_LOCK = threading.Lock()


@dataclass(frozen=True)
class SheetRow:
    """One reply to rate: what the family would have seen, and the rating given so far (empty if none).
    The expected and given routes stay in the file but are not shown to the rater, who rates blind."""

    number: int  # 1-based position in the sheet
    id: str
    lang: str
    question: str
    history: list[str]
    reply: str
    cards: list[str]
    sources: list[str]
    rating: str
    harmful_cards: str
    right_service: str
    comment: str

    @property
    def rated(self) -> bool:
        return bool(self.rating)


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(_SEPARATOR) if part.strip()]


class RatingSheet:
    """One rating sheet on disk."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(str(path).strip())

    def _read(self) -> tuple[list[str], list[dict[str, str]]]:
        if not self.path.is_file():
            raise TestSetError(str(self.path), "rating sheet not found")
        with self.path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            rows = [dict(row) for row in reader]
        missing = [c for c in COLUMNS if c not in fields]
        if missing:
            raise TestSetError(str(self.path), f"not a rating sheet: no column {', '.join(missing)}")
        return fields, rows

    def rows(self) -> list[SheetRow]:
        """Every reply of the sheet, in sheet order."""
        _fields, rows = self._read()
        return [
            SheetRow(
                number=number,
                id=row.get("id") or "",
                lang=row.get("lang") or "",
                question=row.get("question") or "",
                history=_split(row.get("history")),
                reply=row.get("reply") or "",
                cards=_split(row.get("cards")),
                sources=_split(row.get("sources")),
                rating=(row.get("rating") or "").strip().lower(),
                harmful_cards=_HARMFUL_READ.get((row.get("harmful_cards") or "").strip().lower(), ""),
                right_service=(row.get("right_service") or "").strip(),
                comment=row.get("comment") or "",
            )
            for number, row in enumerate(rows, start=1)
        ]

    def next_unrated(self, after: int = 0) -> SheetRow | None:
        """The first reply without a rating after position ``after``, wrapping round; None when all are rated."""
        rows = self.rows()
        ordered = rows[after:] + rows[:after]
        return next((row for row in ordered if not row.rated), None)

    def save(
        self, case_id: str, rating: str, harmful_cards: str = "", right_service: str = "", comment: str = ""
    ) -> SheetRow:
        """Write the rating of reply ``case_id`` (``accurate``, ``partly`` or ``wrong``; ``harmful_cards`` yes,
        no or empty) into the sheet and return the row as now stored."""
        rating = (rating or "").strip().lower()
        if rating not in SCORES:
            raise InputError(f"rating must be one of {', '.join(SCORES)}, not {rating!r}")
        harmful_cards = (harmful_cards or "").strip().lower()
        if harmful_cards and harmful_cards not in HARMFUL:
            raise InputError(f"harmful_cards must be yes, no or empty, not {harmful_cards!r}")
        with _WRITE_LOCK:
            fields, rows = self._read()
            matches = [row for row in rows if row.get("id") == case_id]
            if len(matches) != 1:
                raise TestSetError(str(self.path), "no single row with this id", case=case_id, field="id")
            matches[0].update(
                rating=rating,
                harmful_cards=harmful_cards,
                right_service=(right_service or "").strip(),
                comment=(comment or "").strip(),
            )
            self._write(fields, rows)
        return next(row for row in self.rows() if row.id == case_id)

    def _write(self, fields: list[str], rows: list[dict[str, str]]) -> None:
        """Replace the file in one step, so a crash never leaves half a sheet."""
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=fields)
                writer.writeheader()
                writer.writerows(rows)
            os.replace(name, self.path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
