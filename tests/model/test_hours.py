"""Opening hours from OSM expressions, in the building's time zone."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.model import hours

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


# Midnight, round the clock and past midnight. None of these expressions names PH: they hold
# whatever the holiday calendar says.


def test_a_period_ending_at_midnight_is_said_as_24_00() -> None:
    evening = hours.status("Mo-Su 08:00-24:00", at(27, 23, 30), TZ)
    assert evening.is_open and evening.closes_at == at(28, 0)
    assert [str(p) for p in evening.today] == ["08:00–24:00"]
    assert hours.Period(dt.time(8), dt.time(0)).__str__() == "08:00–24:00"
    assert str(hours.Period(dt.time(0), dt.time(0, 30))) == "00:00–00:30"  # only an end of 00:00 is midnight


def test_at_midnight_a_place_closing_at_24_00_is_closed_until_morning() -> None:
    midnight = hours.status("Mo-Su 08:00-24:00", at(28, 0), TZ)
    assert not midnight.is_open and midnight.opens_at == at(28, 8) and midnight.closes_at is None


@pytest.mark.parametrize("expression", ["24/7", "Mo-Su 00:00-24:00"])
def test_round_the_clock_never_closes(expression: str) -> None:
    for moment in (at(27, 0), at(27, 3), at(27, 23, 59), at(29, 12)):
        state = hours.status(expression, moment, TZ)
        assert state.is_open and state.closes_at is None and state.next_change is None, moment
        assert [str(p) for p in state.today] == ["00:00–24:00"]


def test_an_evening_period_runs_past_midnight() -> None:
    expression = "Mo-Su 18:00-02:00"
    before = hours.status(expression, at(27, 12), TZ)
    assert not before.is_open and before.opens_at == at(27, 18)
    late = hours.status(expression, at(27, 23), TZ)
    assert late.is_open and late.closes_at == at(28, 2)
    small_hours = hours.status(expression, at(28, 1), TZ)
    assert small_hours.is_open and small_hours.closes_at == at(28, 2)
    after = hours.status(expression, at(28, 3), TZ)
    assert not after.is_open and after.opens_at == at(28, 18)
    # Today holds the tail of last night's period and the start of tonight's.
    assert [str(p) for p in late.today] == ["00:00–02:00", "18:00–24:00"]


def test_a_friday_night_period_spills_into_saturday_only() -> None:
    expression = "Fr 18:00-02:00"
    assert hours.status(expression, at(28, 1), TZ).is_open  # Saturday 01:00, still Friday's night
    saturday = hours.status(expression, at(28, 3), TZ)
    assert not saturday.is_open and saturday.opens_at == at(4, 18, month=12)
    assert [str(p) for p in saturday.today] == ["00:00–02:00"]
    assert hours.periods_on(expression, dt.date(2026, 11, 26), TZ) == ()  # Thursday: nothing


def test_periods_are_those_of_the_day_asked_in_the_building_time_zone() -> None:
    expression = "Mo-Fr 09:00-11:30,13:30-17:00"
    friday = hours.periods_on(expression, dt.date(2026, 11, 27), TZ)
    assert friday == (hours.Period(dt.time(9), dt.time(11, 30)), hours.Period(dt.time(13, 30), dt.time(17)))
    assert hours.periods_on(expression, dt.date(2026, 11, 28), TZ) == ()
    # The same expression in London: the times are London's, not shifted to Shanghai's.
    london = hours.periods_on(expression, dt.date(2026, 11, 27), "Europe/London")
    assert [str(p) for p in london] == ["09:00–11:30", "13:30–17:00"]
    assert hours.status(expression, dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC), "Europe/London").is_open
    assert not hours.status(expression, dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC), TZ).is_open  # 18:00 there


def test_status_times_are_in_the_building_time_zone() -> None:
    utc_morning = dt.datetime(2026, 11, 27, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    state = hours.status("Mo-Su 08:30-17:00", utc_morning, TZ)
    assert state.closes_at == at(27, 17) and state.closes_at.utcoffset() == dt.timedelta(hours=8)


def test_a_parse_error_names_the_expression_and_a_reason() -> None:
    with pytest.raises(ValueError) as raised:
        hours.parse("Mo-Su 08:30-17:0O")
    message = str(raised.value)
    assert message.startswith("opening hours 'Mo-Su 08:30-17:0O' are not valid (") and message.endswith(")")
    assert "\n" not in message and "()" not in message


def test_the_home_page_says_round_the_clock_and_past_midnight_hours(make_app, edited, clock) -> None:
    client = make_app(edited("hours: Mo-Su 08:30-17:00", "hours: 24/7")).test_client()
    page = client.get("/en/").get_data(as_text=True)
    assert '<span class="badge">Open now</span>\n  <span class="hours-detail"></span>' in page
    assert "Today: 00:00–24:00" in page and "until" not in page

    evening = make_app(edited("hours: 24/7", "hours: Mo-Su 18:00-02:00")).test_client()
    clock["now"] = at(27, 23)
    page = evening.get("/en/").get_data(as_text=True)
    assert "Open now" in page and "until 02:00" in page and "Today: 00:00–02:00, 18:00–24:00" in page
    clock["now"] = at(28, 3)
    page = evening.get("/zh/").get_data(as_text=True)
    assert "已闭馆" in page and "今天 18:00 开放" in page
