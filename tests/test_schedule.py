"""Staff dates on top of China's calendar: closures, special hours, spaces that stay open, and the 7-day view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk import create_app, schedule
from kiosk.building import Building
from kiosk.loader import BuildingFileError, check_building, load_building
from tests.conftest import SHANGHAI

CIVIC = Path(__file__).parent / "buildings" / "civic_office.yaml"


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
    assert "10月6日" in html and "10月7日" not in html
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
