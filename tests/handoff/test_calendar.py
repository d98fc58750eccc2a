from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from assistant.handoff.calendar import ChatHours, ChatHoursError, add_working_days, is_working_day

pytestmark = pytest.mark.unit
HEL = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (date(2026, 6, 18), date(2026, 6, 23)),  # Thursday before Midsummer: Fri (eve) and weekend skipped
        (date(2026, 11, 25), date(2026, 11, 27)),  # Wednesday -> Friday
        (date(2026, 11, 27), date(2026, 12, 1)),  # Friday -> Tuesday
        (date(2026, 12, 23), date(2026, 12, 29)),  # Christmas Eve, Christmas and Boxing Day skipped
        (date(2026, 4, 2), date(2026, 4, 8)),  # Maundy Thursday: Good Friday, Easter Monday skipped
        (date(2026, 12, 4), date(2026, 12, 8)),  # Independence Day on a Sunday changes nothing
    ],
)
def test_two_working_days(start: date, due: date) -> None:
    assert add_working_days(start, 2) == due


def test_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 6, 19))  # Midsummer Eve
    assert not is_working_day(date(2026, 1, 6))  # Epiphany
    assert is_working_day(date(2026, 6, 22))


def test_chat_hours_open_now_and_next() -> None:
    hours = ChatHours.parse("mon-thu 12:00-15:00; fri 10:00-12:00")
    assert hours.is_open(datetime(2026, 11, 26, 13, 0, tzinfo=HEL))  # Thursday 13:00
    assert not hours.is_open(datetime(2026, 11, 26, 15, 0, tzinfo=HEL))
    assert hours.next_opening(datetime(2026, 11, 27, 12, 30, tzinfo=HEL)) == datetime(2026, 11, 30, 12, 0, tzinfo=HEL)
    # Thursday before Midsummer, after closing: Friday is Midsummer Eve, so Monday.
    assert hours.next_opening(datetime(2026, 6, 18, 16, 0, tzinfo=HEL)) == datetime(2026, 6, 22, 12, 0, tzinfo=HEL)
    assert not ChatHours.parse("").known


@pytest.mark.parametrize("bad", ["monday 12-15", "mon-xyz 12:00-15:00", "12:00-15:00"])
def test_unreadable_hours_are_refused(bad: str) -> None:
    with pytest.raises(ChatHoursError, match="PK_CHAT_HOURS"):
        ChatHours.parse(bad)
