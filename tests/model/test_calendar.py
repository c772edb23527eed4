"""China's official calendar in opening hours: days off, bridged weekdays, make-up working days (补班)."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.model import calendar, hours

TZ = "Asia/Shanghai"
SH = dt.timezone(dt.timedelta(hours=8))
OFFICE = "Mo-Fr 09:00-11:30,13:30-17:00; PH off"
DAILY = "Mo-Su 08:30-17:00; PH off"


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SH)


def test_bridged_national_day_weekday_closes_the_office() -> None:
    monday = at(2026, 10, 5, 10)
    assert calendar.is_day_off(monday.date())
    assert not hours.status(OFFICE, monday, TZ).is_open
    assert calendar.holiday_name(monday.date(), "zh") == "国庆节"
    assert calendar.holiday_name(monday.date(), "en") == "National Day"


@pytest.mark.parametrize("saturday", [dt.date(2026, 10, 10), dt.date(2026, 2, 14)])
def test_make_up_saturday_opens_the_office_as_a_weekday(saturday: dt.date) -> None:
    assert saturday.weekday() == 5 and calendar.is_make_up_day(saturday)
    assert not calendar.is_day_off(saturday) and calendar.holiday_name(saturday, "zh") is None
    assert hours.status(OFFICE, at(saturday.year, saturday.month, saturday.day, 10), TZ).is_open
    assert [str(p) for p in hours.periods_on(OFFICE, saturday, TZ)] == ["09:00–11:30", "13:30–17:00"]


def test_lunch_break_on_a_make_up_day() -> None:
    state = hours.status(OFFICE, at(2026, 10, 10, 12), TZ)
    assert not state.is_open and state.opens_at == at(2026, 10, 10, 13, 30)


def test_an_ordinary_saturday_stays_closed() -> None:
    assert not calendar.is_make_up_day(dt.date(2026, 10, 17))
    assert not hours.status(OFFICE, at(2026, 10, 17, 10), TZ).is_open


def test_spring_festival_2026() -> None:
    for day in range(15, 24):  # 15–23 February 2026, nine days off, the Sunday before included
        assert calendar.is_day_off(dt.date(2026, 2, day)), day
        assert not hours.status(DAILY, at(2026, 2, day, 10), TZ).is_open
    assert calendar.holiday_name(dt.date(2026, 2, 17), "zh") == "春节"
    assert calendar.holiday_name(dt.date(2026, 2, 20), "zh") == "春节"  # a moved day takes the festival's name
    assert hours.status(DAILY, at(2026, 2, 24, 10), TZ).is_open


def test_qingming_weekend_and_monday() -> None:
    for day in (4, 5, 6):  # Saturday to Monday, 4–6 April 2026
        assert calendar.holiday_name(dt.date(2026, 4, day), "zh") == "清明节"
        assert not hours.status(DAILY, at(2026, 4, day, 10), TZ).is_open
    assert calendar.holiday_name(dt.date(2027, 4, 5), "en") == "Tomb-Sweeping Day"
    assert not hours.status(OFFICE, at(2027, 4, 5, 10), TZ).is_open


def test_a_plain_weekend_is_not_a_holiday() -> None:
    assert not calendar.is_day_off(dt.date(2026, 11, 28))
    assert hours.status(DAILY, at(2026, 11, 28, 10), TZ).is_open


def test_opens_next_across_the_national_day_week() -> None:
    state = hours.status(OFFICE, at(2026, 9, 30, 18), TZ)
    assert state.opens_at == at(2026, 10, 8, 9)
    state = hours.status(DAILY, at(2026, 9, 30, 18), TZ)
    assert state.opens_at == at(2026, 10, 8, 8, 30)


def test_opens_next_across_spring_festival_2027() -> None:
    assert calendar.holiday_name(dt.date(2027, 2, 8), "zh") == "春节"
    state = hours.status(OFFICE, at(2027, 2, 5, 10), TZ)  # Chinese New Year's Eve, a Friday
    assert not state.is_open and state.opens_at == at(2027, 2, 11, 9)


def test_without_ph_rules_holidays_change_nothing() -> None:
    assert hours.status("Mo-Su 08:30-17:00", at(2026, 10, 5, 10), TZ).is_open


def test_ph_with_its_own_hours() -> None:
    expression = "Mo-Su 08:30-17:00; PH 10:00-15:00"
    assert [str(p) for p in hours.periods_on(expression, dt.date(2026, 10, 5), TZ)] == ["10:00–15:00"]
    assert [str(p) for p in hours.periods_on(expression, dt.date(2026, 10, 9), TZ)] == ["08:30–17:00"]


def test_rule_comments_come_through() -> None:
    day = hours.day_hours('Mo-Fr 09:00-17:00 "需预约 / booking required"', dt.date(2026, 11, 27), TZ)
    assert day.comments == ("需预约 / booking required",)


def test_which_years_the_installed_calendar_knows() -> None:
    assert calendar.arrangement_known(2026)
    # The 2027 arrangement was not published when this `holidays` release was made.
    if not calendar.arrangement_known(2027):
        assert calendar.coverage_warning(dt.date(2026, 11, 27)) is not None
    assert calendar.coverage_warning(dt.date(2026, 3, 1)) is None


def test_open_around_the_clock_never_closes() -> None:
    state = hours.status("24/7", at(2026, 10, 1, 3), TZ)
    assert state.is_open and state.closes_at is None


def test_kiosk_check_warns_when_next_year_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from kiosk.cli import main
    from tests.helpers.buildings import BUNDLED

    monkeypatch.setattr(calendar, "arrangement_known", lambda year: year < 2027)
    monkeypatch.setattr("kiosk.cli._today", lambda building: dt.date(2026, 11, 27))
    result = CliRunner().invoke(main, ["check", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert "does not know China's holiday arrangement for 2027" in result.output
    assert "OK:" in result.output


def test_healthz_says_which_calendar_is_installed(client) -> None:
    body = client.get("/healthz").get_json()
    assert body["calendar"]["holidays_package"] == calendar.package_version()
