"""Staff dates on top of China's calendar: closures, special hours, spaces that stay open, and the 7-day view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk import create_app
from kiosk.load.loader import BuildingFileError, check_building, load_building
from kiosk.model.building import Building
from kiosk.model.hours import Status
from kiosk.model.i18n import translate
from kiosk.timetable import schedule
from tests.helpers.buildings import CIVIC, SHANGHAI
from tests.helpers.tower import edit, text_of, week_rows


@pytest.fixture
def civic() -> Building:
    return load_building(CIVIC)


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def hours_on(building: Building, space_id: str | None, day: dt.date) -> list[str]:
    space = building.space(space_id) if space_id else None
    return [str(p) for p in schedule.day_plan(building, space, day).periods]


def test_building_closure_closes_every_space_but_the_atm(civic: Building) -> None:
    day = dt.date(2026, 12, 3)
    plan = schedule.day_plan(civic, civic.space("permits"), day)
    assert plan.periods == () and plan.closure is not None and plan.closure("zh") == "设备检修"
    assert hours_on(civic, None, day) == []
    assert hours_on(civic, "atm", day) == ["00:00–24:00"]
    assert hours_on(civic, "notary", day) == []  # a Thursday: the building closure beats the notary's own hours
    state = schedule.status(civic, civic.space("permits"), at(2026, 12, 3, 10))
    assert not state.is_open and state.opens_at == at(2026, 12, 7, 9)


def test_closure_of_one_space_over_its_own_hours(civic: Building) -> None:
    tuesday = dt.date(2026, 12, 8)
    assert hours_on(civic, "notary", tuesday) == []
    assert hours_on(civic, "permits", tuesday) == ["09:00–11:30", "13:30–17:00"]
    assert schedule.status(civic, civic.space("notary"), at(2026, 12, 8, 10)).opens_at == at(2026, 12, 10, 9)


def test_special_hours_for_the_building_limit_a_space_with_its_own_hours(civic: Building) -> None:
    new_years_eve = dt.date(2026, 12, 31)  # a Thursday: the notary's day
    assert hours_on(civic, None, new_years_eve) == ["09:00–12:00"]
    assert hours_on(civic, "permits", new_years_eve) == ["09:00–12:00"]
    assert hours_on(civic, "notary", new_years_eve) == ["09:00–12:00"]
    assert schedule.day_plan(civic, None, new_years_eve).special("en") == "Closing early for New Year"


def test_moved_closed_and_renovating_spaces_are_closed(civic: Building) -> None:
    assert not schedule.status(civic, civic.space("old-counter"), at(2026, 12, 1, 10)).is_open
    assert schedule.status(civic, civic.space("old-counter"), at(2026, 12, 1, 10)).opens_at is None
    renovating = schedule.status(civic, civic.space("reading-corner"), at(2026, 12, 1, 10))
    assert not renovating.is_open and renovating.opens_at == at(2026, 12, 16, 9)


def test_make_up_saturday_and_holiday_in_the_week(civic: Building) -> None:
    week = schedule.week(civic, civic.space("permits"), dt.date(2026, 10, 5))
    by_day = {plan.day: plan for plan in week}
    assert by_day[dt.date(2026, 10, 5)].holiday("zh") == "国庆节" and not by_day[dt.date(2026, 10, 5)].is_open
    assert not by_day[dt.date(2026, 10, 9)].make_up_day and by_day[dt.date(2026, 10, 9)].is_open
    assert len(week) == 7 and week[-1].day == dt.date(2026, 10, 11)
    saturday = schedule.day_plan(civic, civic.space("permits"), dt.date(2026, 10, 10))
    assert saturday.make_up_day and saturday.is_open


@pytest.fixture
def civic_app(clock: dict[str, dt.datetime]) -> Flask:
    return create_app(CIVIC, test_config={"TESTING": True, "CLOCK": lambda: clock["now"]})


@pytest.fixture
def civic_client(civic_app: Flask) -> FlaskClient:
    return civic_app.test_client()


def test_space_page_shows_seven_days_with_holiday_and_closure(civic_client: FlaskClient, clock: dict) -> None:
    clock["now"] = at(2026, 9, 30, 10)
    html = civic_client.get("/zh/spaces/permits").get_data(as_text=True)
    assert "未来7天开放时间" in html
    assert "10月1日 周四" in html and "国庆节" in html and "闭馆" in html
    seven = html.split('id="week-next"')[0]  # the next 7 days, before the coming calendar week
    assert "10月6日" in seven and "10月7日" not in seven
    english = civic_client.get("/en/spaces/permits").get_data(as_text=True)
    assert "Thursday 1 Oct" in english and "National Day" in english and "09:00–11:30, 13:30–17:00" in english


def test_space_page_marks_a_make_up_saturday(civic_client: FlaskClient, clock: dict) -> None:
    clock["now"] = at(2026, 10, 8, 10)
    html = civic_client.get("/zh/spaces/permits").get_data(as_text=True)
    assert "10月10日 周六" in html and "调休上班" in html


def test_space_page_shows_the_rule_comment_in_each_language(civic_client: FlaskClient, clock: dict) -> None:
    clock["now"] = at(2026, 11, 30, 10)
    assert "说明：需预约" in civic_client.get("/zh/spaces/notary").get_data(as_text=True)
    assert "Note: booking required" in civic_client.get("/en/spaces/notary").get_data(as_text=True)


def test_space_page_shows_closure_reason_and_the_home_badge(civic_client: FlaskClient, clock: dict) -> None:
    clock["now"] = at(2026, 12, 3, 10)
    html = civic_client.get("/en/spaces/permits").get_data(as_text=True)
    assert "Maintenance" in html and "Closed now" in html
    home = civic_client.get("/en/").get_data(as_text=True)
    assert "Closed now" in home


def test_bundled_building_space_page_has_the_week(client: FlaskClient) -> None:
    html = client.get("/zh/spaces/library").get_data(as_text=True)
    assert "未来7天开放时间" in html and "11月27日 周五" in html


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("  - date: 2026-12-08\n    spaces: [notary]", "space `nobody` in closures does not exist"),
        ("    status: {state: moved, to: permits}", "moved to `nowhere`, which does not exist"),
    ],
)
def test_references_are_checked(tmp_path: Path, snippet: str, message: str) -> None:
    text = CIVIC.read_text(encoding="utf-8")
    broken = snippet.replace("[notary]", "[nobody]").replace("to: permits", "to: nowhere")
    path = tmp_path / "civic.yaml"
    path.write_text(text.replace(snippet, broken), encoding="utf-8")
    _, problems = check_building(path)
    errors = [p for p in problems if p.severity == "error"]
    assert any(message in str(p) for p in errors), problems
    assert all(p.line > 1 for p in errors)
    with pytest.raises(BuildingFileError):
        load_building(path)


def test_a_closure_needs_dates(tmp_path: Path) -> None:
    text = CIVIC.read_text(encoding="utf-8").replace("  - date: 2026-12-08\n", "  - ends: 2026-12-08\n")
    path = tmp_path / "civic.yaml"
    path.write_text(text, encoding="utf-8")
    building, problems = check_building(path)
    assert building is None
    assert any("give `date:`" in str(p) for p in problems), problems


def test_cards_say_moved_or_renovating(civic_client: FlaskClient, clock: dict) -> None:
    clock["now"] = at(2026, 12, 1, 10)
    html = civic_client.get("/en/categories/services").get_data(as_text=True)
    assert "moved to Permits counter" in html and "no opening time is set" not in html
    learning = civic_client.get("/zh/categories/learning").get_data(as_text=True)
    assert "12月16日 09:00 开放" in learning  # the renovation ends on the 15th


# --- The second building (tests/buildings/tower-v2.yaml, with the closure and special hours of ---
# --- test_calendar_second_building's `tower`): staff dates over spaces with hours of their own  ---

# A 24-hour self-service zone: no `open_during_closures`, so it shuts (and shortens) with the building.
ROUND_THE_CLOCK = (
    '    location: {zh: 夹层西南侧, en: "M, south-west", ja: 中二階 南西側}\n',
    '    location: {zh: 夹层西南侧, en: "M, south-west", ja: 中二階 南西側}\n    hours: 24/7\n',
)


def special_hours(path: Path, entries: str) -> Path:
    """Add entries to the copy's `special_hours:` (its first entry: 1 December, 08:30–12:00)."""
    return edit(path, "special_hours:\n", "special_hours:\n" + entries)


def test_a_short_day_for_the_building_cuts_each_space_own_hours(tower: Path) -> None:
    building = load_building(edit(tower, *ROUND_THE_CLOCK))
    training = dt.date(2026, 12, 1)  # the building: 08:30–12:00 (staff training in the afternoon)
    assert hours_on(building, None, training) == ["08:30–12:00"]
    assert hours_on(building, "counter-13", training) == ["08:30–12:00"]  # its own hours: 08:30–17:00
    assert hours_on(building, "counter-31", training) == ["09:00–12:00"]  # the morning of 09:00–12:00, 13:30–17:00
    assert hours_on(building, "canteen", training) == ["11:00–12:00"]  # usually 11:00–13:30
    assert hours_on(building, "fitness-room", training) == []  # opens at noon, when the building closes
    assert hours_on(building, "self-service-area", training) == ["08:30–12:00"]  # usually 24 hours
    assert hours_on(building, "self-service-area", dt.date(2026, 12, 2)) == ["00:00–24:00"]
    plan = schedule.day_plan(building, building.space("fitness-room"), training)
    assert not plan.is_open and plan.special is not None and plan.special("ja") == "午後は職員研修"


def test_a_day_open_round_the_clock_leaves_each_space_its_own_hours(tower: Path) -> None:
    all_night = (
        "  - date: 2026-12-30\n"
        '    hours: "00:00-24:00"\n'
        "    reason: {zh: 年末集中办理，全天开放, en: Open day and night for the year-end rush,"
        " ja: 年末のため終日開館}\n"
    )
    building = load_building(special_hours(edit(tower, *ROUND_THE_CLOCK), all_night))
    day = dt.date(2026, 12, 30)  # a Wednesday
    assert hours_on(building, None, day) == ["00:00–24:00"]
    assert hours_on(building, "self-service-area", day) == ["00:00–24:00"]
    # The building being open all night opens no counter outside its own hours.
    assert hours_on(building, "counter-13", day) == ["08:30–17:00"]
    assert hours_on(building, "counter-01", day) == ["00:00–24:00"]  # no hours of its own: the building's
    assert hours_on(building, "counter-31", day) == ["09:00–12:00", "13:30–17:00"]
    plan = schedule.day_plan(building, building.space("counter-13"), day)
    assert plan.special is not None and plan.special("en") == "Open day and night for the year-end rush"


VALENTINES = (
    "  - date: 2026-02-14\n"
    '    hours: 08:00-17:00 "需预约 / booking required"\n'
    "    spaces: [counter-32]\n"
    "    reason: {zh: 情人节婚姻登记延时服务, en: Longer hours for Valentine's Day weddings,"
    " ja: バレンタインデーの延長受付}\n"
)


def test_special_hours_naming_a_counter_replace_its_own_hours_that_day_only(tower: Path) -> None:
    building = load_building(special_hours(tower, VALENTINES))
    valentines = dt.date(2026, 2, 14)  # a make-up Saturday, worked as a weekday
    plan = schedule.day_plan(building, building.space("counter-32"), valentines)
    assert plan.day == valentines and [str(p) for p in plan.periods] == ["08:00–17:00"]
    assert plan.comments == ("需预约 / booking required",)
    assert plan.special is not None and plan.special("en") == "Longer hours for Valentine's Day weddings"
    assert plan.make_up_day and plan.closure is None
    # Its neighbour with the same hours, the day before, and the building keep their usual hours.
    assert hours_on(building, "counter-31", valentines) == ["09:00–12:00", "13:30–17:00"]
    assert schedule.day_plan(building, building.space("counter-31"), valentines).special is None
    assert hours_on(building, "counter-32", dt.date(2026, 2, 13)) == ["09:00–12:00", "13:30–17:00"]
    assert hours_on(building, None, valentines) == ["08:30–17:00"]
    assert schedule.day_plan(building, None, valentines).special is None


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_week_shows_a_counters_own_special_hours_with_reason_and_note(
    make_app: Callable[..., Flask],
    clock: dict[str, dt.datetime],
    tower: Path,
    lang: str,
) -> None:
    clock["now"] = at(2026, 2, 12, 10)  # Thursday: the week runs to Wednesday 18 February
    page = text_of(make_app(special_hours(tower, VALENTINES)).test_client(), f"/{lang}/spaces/counter-32")
    rows = week_rows(page)
    reason = {"en": "Longer hours for Valentine's Day weddings", "ja": "バレンタインデーの延長受付"}[lang]
    assert "08:00–17:00" in rows[2] and reason in rows[2] and translate(lang, "week.make_up") in rows[2]
    assert "09:00–12:00, 13:30–17:00" in rows[1] and reason not in rows[1]
    assert translate(lang, "week.comment", comment="booking required") in page


def test_a_make_up_saturday_is_marked_under_a_closure_and_under_special_hours(
    make_app: Callable[..., Flask],
    clock: dict[str, dt.datetime],
    tower: Path,
) -> None:
    edit(
        tower,
        "closures:\n",
        "closures:\n  - date: 2026-10-10\n    spaces: [counter-13]\n"
        "    reason: {zh: 窗口人员培训, en: Counter staff in training, ja: 窓口職員の研修}\n",
    )
    morning = (
        "  - date: 2026-10-10\n"
        '    hours: "09:00-12:00"\n'
        "    reason: {zh: 调休日仅上午开放, en: Mornings only on the make-up day, ja: 振替出勤日は午前のみ}\n"
    )
    path = special_hours(tower, morning)
    building = load_building(path)
    saturday = dt.date(2026, 10, 10)
    closed = schedule.day_plan(building, building.space("counter-13"), saturday)
    assert closed.day == saturday and closed.periods == () and closed.make_up_day
    assert closed.closure is not None and closed.closure("en") == "Counter staff in training"
    short = schedule.day_plan(building, building.space("counter-14"), saturday)
    assert short.day == saturday and [str(p) for p in short.periods] == ["09:00–12:00"] and short.make_up_day
    clock["now"] = at(2026, 10, 8, 10)  # Thursday
    client = make_app(path).test_client()
    make_up = translate("en", "week.make_up")
    closed_row = week_rows(text_of(client, "/en/spaces/counter-13"))[2]
    assert translate("en", "week.closed") in closed_row and make_up in closed_row
    assert "Counter staff in training" in closed_row
    short_row = week_rows(text_of(client, "/en/spaces/counter-14"))[2]
    assert "09:00–12:00" in short_row and make_up in short_row and "Mornings only on the make-up day" in short_row


def test_a_space_closed_for_good_is_closed_every_day_and_never_opens(tower: Path) -> None:
    path = edit(tower, "  - id: canteen\n", "  - id: canteen\n    status: {state: closed}\n")
    building = load_building(path)
    canteen = building.space("canteen")
    week = schedule.week(building, canteen, dt.date(2026, 11, 27))  # its own hours: weekdays 11:00–13:30
    assert [plan.day for plan in week] == [dt.date(2026, 11, 27) + dt.timedelta(days=n) for n in range(7)]
    assert all(plan.periods == () for plan in week)
    assert schedule.status(building, canteen, at(2026, 11, 27, 12)) == Status(False, None, ())


def test_moved_and_renovating_spaces_have_a_closed_week_that_still_marks_the_make_up_day(
    civic_client: FlaskClient,
    clock: dict,
) -> None:
    clock["now"] = at(2026, 10, 8, 10)  # Thursday; Saturday the 10th is worked as a weekday
    for space in ("old-counter", "reading-corner"):  # moved to the permits counter; under renovation
        rows = week_rows(text_of(civic_client, f"/en/spaces/{space}"))
        assert len(rows) == 7 and all("Closed" in row and "–" not in row for row in rows), rows
        assert "Saturday 10 Oct" in rows[2] and "Make-up working day" in rows[2], rows[2]


def test_the_street_atm_keeps_its_24_hours_on_a_short_day(civic: Building) -> None:
    new_years_eve = dt.date(2026, 12, 31)  # the building closes at noon
    assert hours_on(civic, "atm", new_years_eve) == ["00:00–24:00"]
    assert schedule.day_plan(civic, civic.space("atm"), new_years_eve).special is None


def test_the_notarys_booking_note_stays_on_a_short_day(civic: Building) -> None:
    plan = schedule.day_plan(civic, civic.space("notary"), dt.date(2026, 12, 31))
    assert [str(p) for p in plan.periods] == ["09:00–12:00"] and plan.comments == ("需预约 / booking required",)
