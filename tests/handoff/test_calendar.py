from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
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


def at(moment: datetime) -> Callable[[], datetime]:
    """A clock pinned to one moment."""
    return lambda: moment


def test_weekend_slots_count() -> None:
    hours = ChatHours.parse("mon-fri 12:00-15:00; sat 10:00-14:00")
    saturday = datetime(2026, 11, 28, 11, 0, tzinfo=HEL)
    assert hours.is_open(saturday)
    assert not hours.is_open(datetime(2026, 11, 28, 14, 0, tzinfo=HEL))
    assert not hours.is_open(datetime(2026, 11, 29, 11, 0, tzinfo=HEL))  # Sunday has no slot
    assert hours.next_opening(datetime(2026, 11, 28, 14, 0, tzinfo=HEL)) == datetime(2026, 11, 30, 12, 0, tzinfo=HEL)
    # The clock may be in UTC; status reads it in the configured zone (09:00 UTC = 11:00 in Helsinki).
    assert hours.status("Europe/Helsinki", at(datetime(2026, 11, 28, 9, 0, tzinfo=UTC))) == (
        True,
        datetime(2026, 11, 30, 12, 0, tzinfo=HEL),
    )
    always = ChatHours.parse("mon-sun 00:00-24:00")
    assert always.status("Europe/Helsinki", at(datetime(2026, 11, 28, 21, 59, 59, tzinfo=UTC)))[0] is True
    assert ChatHours.parse("fri-mon 10:00-11:00") == ChatHours.parse(
        "fri 10:00-11:00; sat-sun 10:00-11:00; mon 10:00-11:00"
    )


def test_holidays_close_unless_configured() -> None:
    midsummer_eve = datetime(2026, 6, 19, 11, 0, tzinfo=HEL)  # a Friday
    weekdays = ChatHours.parse("mon-fri 10:00-16:00; sat 10:00-14:00")
    assert not weekdays.is_open(midsummer_eve)
    assert not weekdays.is_open(datetime(2026, 6, 20, 11, 0, tzinfo=HEL))  # Midsummer Day, a Saturday
    assert weekdays.next_opening(midsummer_eve) == datetime(2026, 6, 22, 10, 0, tzinfo=HEL)
    assert ChatHours.parse("mon-fri 10:00-16:00; holidays closed") == ChatHours.parse("mon-fri 10:00-16:00")

    as_usual = ChatHours.parse("mon-fri 10:00-16:00; holidays open")
    assert as_usual.is_open(midsummer_eve.replace(hour=15))

    own_hours = ChatHours.parse("mon-fri 10:00-16:00; holidays 10:00-12:00")
    assert own_hours.is_open(midsummer_eve)
    assert not own_hours.is_open(midsummer_eve.replace(hour=13))
    assert own_hours.next_opening(midsummer_eve.replace(hour=13)) == datetime(2026, 6, 20, 10, 0, tzinfo=HEL)


def test_next_opening_skips_weekend_and_holidays() -> None:
    wednesday_evening = datetime(2026, 12, 23, 16, 0, tzinfo=HEL)
    # Christmas Eve (Thu) and Christmas Day (Fri) are holidays, then the weekend.
    weekdays = ChatHours.parse("mon-fri 12:00-15:00")
    assert weekdays.next_opening(wednesday_evening) == datetime(2026, 12, 28, 12, 0, tzinfo=HEL)
    # With weekend hours, Boxing Day (Sat) is still a holiday; Sunday opens.
    weekends = ChatHours.parse("mon-fri 12:00-15:00; sat-sun 10:00-12:00")
    assert weekends.next_opening(wednesday_evening) == datetime(2026, 12, 27, 10, 0, tzinfo=HEL)
    only_holidays = ChatHours.parse("holidays 10:00-12:00")
    assert only_holidays.known
    assert only_holidays.next_opening(wednesday_evening) == datetime(2026, 12, 24, 10, 0, tzinfo=HEL)
    assert ChatHours.parse("mon-fri 12:00-15:00").status("Europe/Helsinki", at(wednesday_evening)) == (
        False,
        datetime(2026, 12, 28, 12, 0, tzinfo=HEL),
    )


def minutes(start: datetime, end: datetime) -> list[datetime]:
    """Every minute from ``start`` to ``end`` (UTC), read in Helsinki.

    Check results in UTC: Python never finds a time in the repeated autumn hour equal to one in another zone."""
    count = int((end - start).total_seconds() // 60)
    return [(start + timedelta(minutes=m)).astimezone(HEL) for m in range(count)]


def test_spring_forward_night() -> None:
    # Sunday 29 March 2026: at 01:00 UTC the clocks jump from 03:00 EET to 04:00 EEST.
    night = minutes(datetime(2026, 3, 28, 23, 0, tzinfo=UTC), datetime(2026, 3, 29, 3, 0, tzinfo=UTC))
    missing_hour = ChatHours.parse("sun 03:00-04:00")
    assert not any(missing_hour.is_open(moment) for moment in night)
    saturday = datetime(2026, 3, 28, 12, 0, tzinfo=HEL)
    # Not that night, not Easter Sunday (5 April): 12 April, in summer time.
    assert missing_hour.next_opening(saturday) == datetime(2026, 4, 12, 3, 0, tzinfo=HEL)
    assert missing_hour.next_opening(saturday).utcoffset() == timedelta(hours=3)

    across_the_jump = ChatHours.parse("sun 02:30-03:30")
    open_minutes = [moment.astimezone(UTC) for moment in night if across_the_jump.is_open(moment)]
    assert open_minutes[0] == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert open_minutes[-1] == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert len(open_minutes) == 30

    starts_in_the_gap = ChatHours.parse("sun 03:30-05:00")
    assert starts_in_the_gap.next_opening(saturday) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 04:00 EEST


def test_fall_back_night() -> None:
    # Sunday 25 October 2026: at 01:00 UTC the clocks go back from 04:00 EEST to 03:00 EET; 03:xx happens twice.
    night = minutes(datetime(2026, 10, 24, 23, 0, tzinfo=UTC), datetime(2026, 10, 25, 3, 0, tzinfo=UTC))
    repeated_hour = ChatHours.parse("sun 03:00-04:00")
    open_minutes = [moment.astimezone(UTC) for moment in night if repeated_hour.is_open(moment)]
    assert open_minutes[0] == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)
    assert open_minutes[-1] == datetime(2026, 10, 25, 1, 59, tzinfo=UTC)
    assert len(open_minutes) == 120
    saturday = datetime(2026, 10, 24, 12, 0, tzinfo=HEL)
    assert repeated_hour.next_opening(saturday).astimezone(UTC) == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)
    # During the second 03:00, the first 03:15 has passed: compared as instants, not as wall times.
    second_three = datetime(2026, 10, 25, 1, 0, tzinfo=UTC).astimezone(HEL)
    assert ChatHours.parse("sun 03:15-04:00").next_opening(second_three) == datetime(2026, 11, 1, 3, 15, tzinfo=HEL)
    assert repeated_hour.status("Europe/Helsinki", at(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)))[0] is True


@pytest.mark.parametrize(
    "bad",
    [
        "monday 12-15",
        "mon-xyz 12:00-15:00",
        "12:00-15:00",
        "mon 15:00-12:00",
        "mon 22:00-02:00",
        "mon 25:00-26:00",
        "mon 10:00-24:30",
        "mon open",
        "holidays maybe",
        "holidays open; holidays 10:00-12:00",
        "holidays closed; holidays open",
    ],
)
def test_unreadable_hours_are_refused(bad: str) -> None:
    with pytest.raises(ChatHoursError, match="PK_CHAT_HOURS"):
        ChatHours.parse(bad)
