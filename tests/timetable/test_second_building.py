"""The calendar on the second building (zh/en/ja, B2..11F, an escalator): 7-day hours, events, outages.

Nothing here is tuned to the shipped building: closures, special hours, events and outages are
added to a copy of tests/buildings/tower-v2.yaml (the `tower` fixture of tests/timetable/conftest.py),
and every page is read in Japanese too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from kiosk.load.loader import check_building, load_building
from kiosk.model.i18n import translate
from kiosk.timetable.status import out_of_service
from kiosk.ways.routing import Ride, build_network, route_to_space
from tests.helpers.buildings import SHANGHAI, TOWER
from tests.helpers.tower import ESCALATOR, LANGS, OUTAGES, edit, text_of, week_rows


def test_the_calendar_loads_in_the_second_building(tower: Path) -> None:
    building, problems = check_building(tower)
    assert building is not None, [str(p) for p in problems if p.severity == "error"]
    assert building.closures[0].reason("ja") == "システム更新のため休館"


@pytest.mark.parametrize("lang", LANGS)
def test_seven_days_of_a_counter_in_each_language(make_app: Callable[..., Flask], tower: Path, lang: str) -> None:
    page = text_of(make_app(tower).test_client(), f"/{lang}/spaces/counter-13?kiosk=g-hall")
    assert translate(lang, "week.heading") in page
    rows = week_rows(page)
    assert len(rows) == 7
    say = lambda key, **kw: translate(lang, key, **kw)  # noqa: E731
    # Friday 27 Nov (today), then the weekend closed (weekdays only), Monday closed, Tuesday short.
    assert "08:30–17:00" in rows[0]
    assert say("week.today") in rows[0]
    assert say("week.closed") in rows[1] and say("week.closed") in rows[2]
    closure = {"zh": "系统升级停止对外服务", "en": "Closed for a system upgrade", "ja": "システム更新のため休館"}[lang]
    assert say("week.closed") in rows[3] and closure in rows[3]
    training = {"zh": "下午职工培训", "en": "Staff training in the afternoon", "ja": "午後は職員研修"}[lang]
    assert "08:30–12:00" in rows[4] and training in rows[4]
    assert say("weekday.4") in rows[0] and say("month.11") in rows[0]


@pytest.mark.parametrize(("lang", "festival"), [("zh", "国庆节"), ("en", "National Day"), ("ja", "National Day")])
def test_national_day_marks_the_week_and_closes_the_counter(
    make_app: Callable[..., Flask], clock: dict[str, dt.datetime], lang: str, festival: str
) -> None:
    clock["now"] = dt.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)  # the day before National Day
    rows = week_rows(text_of(make_app(TOWER).test_client(), f"/{lang}/spaces/counter-13"))
    assert festival not in rows[0] and "08:30" in rows[0]
    for row in rows[1:6]:  # 1–5 October: days off (the package's names; Japanese reads the English)
        assert festival in row and translate(lang, "week.closed") in row


@pytest.mark.parametrize("lang", LANGS)
def test_events_on_the_week_page_home_and_space_page(make_app: Callable[..., Flask], tower: Path, lang: str) -> None:
    client = make_app(tower).test_client()
    title = {"zh": "不动产登记讲座", "en": "Talk on property registration", "ja": "不動産登記の説明会"}[lang]
    week = text_of(client, f"/{lang}/events")
    assert translate(lang, "events.title") in week and title in week
    assert translate(lang, "events.capacity", count=30) in week
    assert f'href="/{lang}/spaces/counter-13"' in week
    home = text_of(client, f"/{lang}/")
    assert translate(lang, "events.today_heading") in home and title in home and "14:00–15:30" in home
    assert title in text_of(client, f"/{lang}/spaces/counter-13")


def test_the_attract_screen_says_todays_event_in_every_language(make_app: Callable[..., Flask], tower: Path) -> None:
    page = text_of(make_app(tower).test_client(), "/zh/?kiosk=g-hall")
    attract = page[page.index('id="attract"') :]
    for title in ("不动产登记讲座", "Talk on property registration", "不動産登記の説明会"):
        assert title in attract


def test_a_closed_day_closes_the_building_and_says_why(
    make_app: Callable[..., Flask], tower: Path, clock: dict[str, dt.datetime]
) -> None:
    clock["now"] = dt.datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)
    home = text_of(make_app(tower).test_client(), "/ja/")
    assert translate("ja", "hours.closed_now") in home and "システム更新のため休館" in home


def test_an_escalator_out_of_service_is_avoided_and_said(make_app: Callable[..., Flask], tower: Path) -> None:
    edit(tower, *OUTAGES)  # the hall staircase is closed for repairs this week
    building = load_building(edit(tower, *ESCALATOR))
    network = build_network(building)
    counter = building.space("counter-13")
    assert counter is not None
    now = dt.datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)
    broken = out_of_service(building, now)
    assert broken == {"stairs-hall", "escalator-g-m"}

    def rides(avoid: frozenset[str]) -> list[str]:
        route = route_to_space(building, network, "g-hall", counter, False, avoid)
        assert route is not None
        return [part.via for part in route.parts if isinstance(part, Ride)]

    assert rides(frozenset()) == ["stairs-hall"]
    assert rides(frozenset({"stairs-hall"})) == ["escalator-g-m"]  # the escalator when the stairs are shut
    assert rides(broken) == ["lift-low"]  # neither: the lift
    client = make_app(tower).test_client()
    page = text_of(client, "/ja/spaces/counter-13?kiosk=g-hall&route=any")
    steps = page[page.index('class="route-steps"') :]
    steps = steps[: steps.index("</ol>")]
    assert "低層用エレベーター" in steps and "エスカレーター" not in steps and "ホール階段" not in steps
    escalators = text_of(client, "/ja/facilities/escalator")
    assert "休止中 · 年次点検" in escalators
