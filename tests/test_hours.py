"""Opening hours from OSM expressions, in the building's time zone."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import hours

TZ = "Asia/Shanghai"
SH = dt.timezone(dt.timedelta(hours=8))


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SH)


def test_open_during_the_day_until_closing() -> None:
    state = hours.status("Mo-Su 08:30-17:00", at(27, 10), TZ)
    assert state.is_open and state.closes_at == at(27, 17) and state.opens_at is None
    assert [str(p) for p in state.today] == ["08:30–17:00"]


def test_closed_at_night_opens_next_morning() -> None:
    state = hours.status("Mo-Su 08:30-17:00", at(27, 17, 0), TZ)
    assert not state.is_open and state.opens_at == at(28, 8, 30)


def test_time_is_read_in_the_building_time_zone() -> None:
    utc_morning = dt.datetime(2026, 11, 27, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    assert hours.status("Mo-Su 08:30-17:00", utc_morning, TZ).is_open


def test_weekday_rules_and_lunch_breaks() -> None:
    expression = "Mo-Fr 09:00-11:30,13:30-17:00; PH off"
    assert not hours.status(expression, at(27, 12), TZ).is_open
    assert hours.status(expression, at(27, 12), TZ).opens_at == at(27, 13, 30)
    saturday = hours.status(expression, at(28, 10), TZ)
    assert not saturday.is_open and saturday.today == () and saturday.opens_at == at(30, 9)


def test_chinese_public_holidays() -> None:
    national_day = dt.datetime(2026, 10, 1, 10, 0, tzinfo=SH)
    assert not hours.status("Mo-Su 08:30-17:00; PH off", national_day, TZ).is_open
    assert hours.status("Mo-Su 08:30-17:00", national_day, TZ).is_open


def test_never_open() -> None:
    state = hours.status("off", at(27, 10), TZ)
    assert not state.is_open and state.opens_at is None


@pytest.mark.parametrize("bad", ["9 to 5", "Mo-Su 25:00-26:00", "Mo-Xx 08:00-17:00", ""])
def test_bad_expressions_raise_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match="not valid"):
        hours.parse(bad)
