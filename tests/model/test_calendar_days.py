"""China's official calendar, day by day: what the kiosk says a date is, and which day's hours it reads.

The 2026 arrangement (State Council, published November 2025): New Year 1–3 Jan (Sunday 4 Jan
worked); Spring Festival 15–23 Feb (Saturdays 14 and 28 Feb worked); Qingming 4–6 Apr; Labour
Day 1–5 May (Saturday 9 May worked); Dragon Boat 19–21 Jun; Mid-Autumn 25–27 Sep; National Day
1–7 Oct (Sunday 20 Sep and Saturday 10 Oct worked).
"""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.model import calendar

D = dt.date

# (day, official day off, make-up working day, its festival in zh and en, the day whose hours apply)
DAYS = [
    (D(2026, 1, 1), True, False, "元旦", "New Year's Day", D(2026, 1, 1)),
    (D(2026, 1, 2), True, False, "元旦", "New Year's Day", D(2026, 1, 2)),  # a bridged Friday
    (D(2026, 1, 3), True, False, "元旦", "New Year's Day", D(2026, 1, 3)),  # a Saturday inside the run
    (D(2026, 1, 4), False, True, None, None, D(2026, 1, 2)),  # worked Sunday: Friday's hours
    (D(2026, 2, 14), False, True, None, None, D(2026, 2, 13)),
    (D(2026, 2, 15), True, False, "春节", "Chinese New Year (Spring Festival)", D(2026, 2, 15)),
    (D(2026, 2, 22), True, False, "春节", "Chinese New Year (Spring Festival)", D(2026, 2, 22)),
    (D(2026, 2, 23), True, False, "春节", "Chinese New Year (Spring Festival)", D(2026, 2, 23)),  # the ninth day
    (D(2026, 2, 28), False, True, None, None, D(2026, 2, 27)),
    (D(2026, 4, 4), True, False, "清明节", "Tomb-Sweeping Day", D(2026, 4, 4)),
    (D(2026, 4, 6), True, False, "清明节", "Tomb-Sweeping Day", D(2026, 4, 6)),
    (D(2026, 5, 1), True, False, "劳动节", "Labor Day", D(2026, 5, 1)),
    (D(2026, 5, 9), False, True, None, None, D(2026, 5, 8)),
    (D(2026, 6, 19), True, False, "端午节", "Dragon Boat Festival", D(2026, 6, 19)),
    (D(2026, 9, 20), False, True, None, None, D(2026, 9, 18)),
    (D(2026, 9, 25), True, False, "中秋节", "Mid-Autumn Festival", D(2026, 9, 25)),
    (D(2026, 10, 4), True, False, "国庆节", "National Day", D(2026, 10, 4)),  # a Sunday inside the week
    (D(2026, 10, 7), True, False, "国庆节", "National Day", D(2026, 10, 7)),
    (D(2026, 10, 8), False, False, None, None, D(2026, 10, 8)),
    (D(2026, 10, 10), False, True, None, None, D(2026, 10, 9)),
    (D(2026, 10, 11), False, False, None, None, D(2026, 10, 11)),  # an ordinary Sunday
    (D(2025, 12, 31), False, False, None, None, D(2025, 12, 31)),
    # A Sunday just before a one-day holiday on Monday is part of the run: found looking ahead.
    (D(2024, 6, 9), True, False, "端午节", "Dragon Boat Festival", D(2024, 6, 9)),
    (D(2023, 12, 31), True, False, "元旦", "New Year's Day", D(2023, 12, 31)),
    # Two festivals on one day (the package says "Mid-Autumn Festival; National Day"): the last is named.
    (D(2020, 10, 1), True, False, "国庆节", "National Day", D(2020, 10, 1)),
]


@pytest.mark.parametrize(("day", "off", "make_up", "zh", "en", "reads"), DAYS, ids=[str(d[0]) for d in DAYS])
def test_what_each_day_is(day, off, make_up, zh, en, reads):
    assert calendar.is_day_off(day) is off
    assert calendar.is_make_up_day(day) is make_up
    assert calendar.holiday_name(day, "zh") == zh
    assert calendar.holiday_name(day, "en") == en
    assert calendar.hours_reading_day(day) == reads


def test_festival_names_in_other_languages():
    national_day = D(2026, 10, 1)
    assert calendar.holiday_name(national_day, "zh-hant") == "國慶節"
    assert calendar.holiday_name(national_day, "ja") == "National Day"  # no Japanese names: English, as texts do


def test_which_arrangements_are_known():
    assert calendar.arrangement_known(2026)
    assert not calendar.arrangement_known(2030)


@pytest.mark.parametrize(
    ("today", "missing"),
    [
        (D(2026, 10, 31), None),  # next year's arrangement is not expected before November
        (D(2030, 3, 1), "2030"),
        (D(2029, 11, 1), "2029, 2030"),
    ],
)
def test_staff_are_told_when_the_installed_calendar_lacks_a_year(today, missing):
    warning = calendar.coverage_warning(today)
    if missing is None:
        assert warning is None
        return
    assert warning == (
        f"the installed `holidays` package ({calendar.package_version()}) does not know China's holiday"
        f" arrangement for {missing} yet: days off and make-up working days of {missing} follow the festivals"
        " only — run `pip install -U holidays` once the State Council has published it"
    )


def test_from_november_next_years_arrangement_is_expected():
    known_next = calendar.arrangement_known(2027)
    warning = calendar.coverage_warning(D(2026, 11, 1))
    assert (warning is None) == known_next
    if warning is not None:
        assert "for 2027 yet" in warning
