"""Finnish working days (weekends and public holidays from the ``holidays`` library) and chat hours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from assistant.errors import AssistantError

_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@lru_cache(maxsize=16)
def _finnish_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("FI", years=[year, year + 1])


def is_working_day(day: date) -> bool:
    """Monday–Friday and not a Finnish public holiday (Midsummer Eve and Christmas Eve included)."""
    return day.weekday() < 5 and day not in _finnish_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (a request on Thursday before Midsummer is due Tuesday)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


class ChatHoursError(AssistantError):
    """The configured chat hours cannot be read."""


@dataclass(frozen=True)
class ChatHours:
    """Weekly opening hours, e.g. ``mon-thu 12:00-15:00; fri 10:00-12:00``. Empty = not known."""

    slots: tuple[tuple[int, time, time], ...]

    @classmethod
    def parse(cls, text: str) -> ChatHours:
        slots: list[tuple[int, time, time]] = []
        for part in filter(None, (p.strip() for p in text.split(";"))):
            match = re.fullmatch(r"([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})", part.lower())
            if not match or match.group(1) not in _DAYS or (match.group(2) and match.group(2) not in _DAYS):
                raise ChatHoursError(f"PK_CHAT_HOURS: cannot read {part!r}; write e.g. 'mon-thu 12:00-15:00'")
            first = _DAYS.index(match.group(1))
            last = _DAYS.index(match.group(2)) if match.group(2) else first
            opens = time(int(match.group(3)), int(match.group(4)))
            closes = time(int(match.group(5)), int(match.group(6)))
            for day in range(first, last + 1):
                slots.append((day, opens, closes))
        return cls(tuple(sorted(slots)))

    @property
    def known(self) -> bool:
        return bool(self.slots)

    def is_open(self, now: datetime) -> bool:
        return any(
            day == now.weekday() and opens <= now.time() < closes and is_working_day(now.date())
            for day, opens, closes in self.slots
        )

    def status(self, timezone: str) -> tuple[bool | None, datetime | None]:
        """(open now, next opening) at this moment in ``timezone``; (None, None) when hours are not known."""
        if not self.known:
            return None, None
        now = datetime.now(ZoneInfo(timezone))
        return self.is_open(now), self.next_opening(now)

    def next_opening(self, now: datetime) -> datetime | None:
        """The next moment the chat opens (holidays skipped); None when no hours are known."""
        for offset in range(0, 30):
            day = now.date() + timedelta(days=offset)
            if not is_working_day(day):
                continue
            for weekday, opens, _closes in self.slots:
                if weekday != day.weekday():
                    continue
                start = datetime.combine(day, opens, tzinfo=now.tzinfo)
                if start > now:
                    return start
        return None
