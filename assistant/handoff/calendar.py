"""Finnish working days (weekends and public holidays from the ``holidays`` library) and chat hours."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from assistant.errors import AssistantError

_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_PART = re.compile(r"(?P<days>holidays|[a-z]{3}(?:-[a-z]{3})?)\s+(?P<hours>open|closed|\d{1,2}:\d{2}-\d{1,2}:\d{2})")
_SLOT = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")
_HINT = "write e.g. 'mon-thu 12:00-15:00; sat 10:00-14:00; holidays closed'"
# A year ahead, so hours that open only on holidays still have a next opening.
_HORIZON_DAYS = 370


def utc_now() -> datetime:
    """The real clock: the default wherever a ``now: Callable[[], datetime]`` is taken."""
    return datetime.now(UTC)


@lru_cache(maxsize=16)
def _finnish_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("FI", years=[year, year + 1])


def is_holiday(day: date) -> bool:
    """A Finnish public holiday (Midsummer Eve and Christmas Eve included), whatever the weekday."""
    return day in _finnish_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday–Friday and not a Finnish public holiday (Midsummer Eve and Christmas Eve included)."""
    return day.weekday() < 5 and not is_holiday(day)


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


Slot = tuple[time, time]


@dataclass(frozen=True)
class ChatHours:
    """Opening hours of the Apua huoliin chat, read from ``PK_CHAT_HOURS``. Empty = not known.

    Parts are separated by ``;`` and every part counts, weekends included:

    - ``mon-thu 12:00-15:00``, ``sat 10:00-14:00``, ``mon-sun 00:00-24:00``: a day or a range of days
      (``fri-mon`` wraps over the weekend) and local wall-clock hours; the closing minute is not included,
      ``24:00`` is the end of the day, and a slot cannot cross midnight (split it in two).
    - Finnish public holidays (the ``holidays`` library, FI, Midsummer Eve and Christmas Eve included)
      close the chat unless a ``holidays`` part says otherwise: ``holidays closed`` (the default, said
      explicitly), ``holidays open`` (the weekday's ordinary hours apply) or ``holidays 10:00-12:00``
      (holidays have these hours instead; several such parts may be given).

    Hours are wall-clock times in the zone of the moment asked about. On the spring-forward night a slot
    inside the missing hour never opens; on the autumn night the repeated hour is open twice.
    """

    slots: tuple[tuple[int, time, time], ...]
    holiday_slots: tuple[Slot, ...] = ()
    open_on_holidays: bool = False

    @classmethod
    def parse(cls, text: str) -> ChatHours:
        """Read the ``PK_CHAT_HOURS`` syntax above; :class:`ChatHoursError` names the part it cannot read."""
        slots: list[tuple[int, time, time]] = []
        holiday_slots: list[Slot] = []
        holiday_rule: str | None = None
        for part in filter(None, (p.strip() for p in text.split(";"))):
            match = _PART.fullmatch(part.lower())
            if not match:
                raise ChatHoursError(f"PK_CHAT_HOURS: cannot read {part!r}; {_HINT}")
            days, hours = match.group("days"), match.group("hours")
            if days == "holidays":
                if hours in ("open", "closed"):
                    if holiday_rule not in (None, hours) or holiday_slots:
                        raise ChatHoursError(f"PK_CHAT_HOURS: {part!r} contradicts another 'holidays' part")
                    holiday_rule = hours
                else:
                    if holiday_rule is not None:
                        raise ChatHoursError(f"PK_CHAT_HOURS: {part!r} contradicts 'holidays {holiday_rule}'")
                    holiday_slots.append(_slot(part, hours))
                continue
            if hours in ("open", "closed"):
                raise ChatHoursError(f"PK_CHAT_HOURS: {part!r} needs hours; 'open' and 'closed' are for holidays")
            first, _, last = days.partition("-")
            if first not in _DAYS or (last and last not in _DAYS):
                raise ChatHoursError(f"PK_CHAT_HOURS: cannot read {part!r}; {_HINT}")
            start = _DAYS.index(first)
            span = (_DAYS.index(last) - start) % 7 if last else 0
            opens, closes = _slot(part, hours)
            slots.extend(((start + step) % 7, opens, closes) for step in range(span + 1))
        return cls(tuple(sorted(slots)), tuple(sorted(holiday_slots)), holiday_rule == "open")

    @property
    def known(self) -> bool:
        return bool(self.slots or self.holiday_slots)

    def hours_on(self, day: date) -> list[Slot]:
        """The slots of ``day``: its weekday's, or on a Finnish public holiday what the holiday rule says."""
        if is_holiday(day) and not self.open_on_holidays:
            return list(self.holiday_slots)
        return [(opens, closes) for weekday, opens, closes in self.slots if weekday == day.weekday()]

    def is_open(self, now: datetime) -> bool:
        """Whether the chat is open at ``now``, read on the wall clock of ``now``'s own zone."""
        wall = now.time()
        return any(
            opens <= wall and (wall < closes or closes == time.max) for opens, closes in self.hours_on(now.date())
        )

    def status(self, timezone: str, now: Callable[[], datetime] = utc_now) -> tuple[bool | None, datetime | None]:
        """(open now, next opening) at the moment ``now()`` (an aware datetime) in ``timezone``;
        (None, None) when hours are not known."""
        if not self.known:
            return None, None
        moment = now().astimezone(ZoneInfo(timezone))
        return self.is_open(moment), self.next_opening(moment)

    def next_opening(self, now: datetime) -> datetime | None:
        """The next moment after ``now`` that the chat opens, in ``now``'s zone (weekend slots counted,
        holidays as configured); None when it does not open within a year."""
        after = now.astimezone(UTC) if now.tzinfo else now
        for offset in range(_HORIZON_DAYS):
            day = now.date() + timedelta(days=offset)
            for opens, closes in self.hours_on(day):
                start, end = _moment(day, opens, now.tzinfo), _moment(day, closes, now.tzinfo)
                # Compared in UTC: aware datetimes in one zone compare by wall time, which the autumn
                # repeated hour makes ambiguous. A slot inside the spring gap has start == end.
                if _utc(start) < _utc(end) and _utc(start) > after:
                    return start
        return None


def _slot(part: str, hours: str) -> Slot:
    """``HH:MM-HH:MM`` as (opens, closes); ``24:00`` closes at the end of the day (``time.max``)."""
    match = _SLOT.fullmatch(hours)
    if match is None:
        raise ChatHoursError(f"PK_CHAT_HOURS: cannot read {part!r}; {_HINT}")
    oh, om, ch, cm = (int(g) for g in match.groups())
    if oh > 23 or om > 59 or ch > 24 or cm > 59 or (ch == 24 and cm):
        raise ChatHoursError(f"PK_CHAT_HOURS: {part!r} is not a time of day")
    opens, closes = time(oh, om), time.max if ch == 24 else time(ch, cm)
    if closes <= opens:
        raise ChatHoursError(f"PK_CHAT_HOURS: in {part!r} closing is not after opening; split a slot at midnight")
    return opens, closes


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment


def _moment(day: date, wall: time, zone: tzinfo | None) -> datetime:
    """The first real moment on ``day`` whose wall clock in ``zone`` shows ``wall`` or later.

    ``time.max`` is midnight at the end of the day. A wall time in the repeated autumn hour is its first
    occurrence; one in the missing spring hour does not exist, so it is the moment the clocks jump."""
    if wall == time.max:
        return _moment(day + timedelta(days=1), time(0), zone)
    naive = datetime.combine(day, wall)
    if zone is None:
        return naive
    moment = naive.replace(tzinfo=zone)  # fold=0: the first of a repeated hour
    if moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive:
        return moment
    # In the gap, fold=1 reads the wall time with the offset after the jump, i.e. before the jump happens;
    # walk forward to the jump (gaps are whole minutes, and at most a few hours long).
    instant = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    while instant.astimezone(zone).replace(tzinfo=None) < naive:
        instant += timedelta(minutes=1)
    return instant.astimezone(zone)
