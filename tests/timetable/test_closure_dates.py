"""A building's closure reaches every space, however it is written.

The building may write Spring Festival as dates in its own hours rule (`2027 Feb 05-13 off`, OpenStreetMap
syntax), as `closures:` or as `special_hours:` with `off`: on those days no space is open, not even one with
hours of its own, and its week says so; `kiosk check` warns about a space whose own hours say open on a day
the building's hours say closed. Clock at Spring Festival 2027 and on a make-up working Saturday (补班).
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from kiosk.load.loader import check_content, load_building
from kiosk.model import calendar, hours
from kiosk.timetable import schedule
from tests.helpers.buildings import BUNDLED, ROOT, SHANGHAI, TOWER

RIVERSIDE = ROOT / "tests" / "buildings" / "riverside.yaml"
BUILDINGS = [BUNDLED, TOWER, RIVERSIDE]
IDS = ["shipped", "tower-v2", "riverside"]
FESTIVAL = [dt.date(2027, 2, 5) + dt.timedelta(days=n) for n in range(9)]  # 5–13 February 2027
AFTER = dt.date(2027, 2, 15)  # the Monday after
REASON = "春节闭馆 / Closed for Spring Festival"


def _building_hours(text: str) -> str:
    match = re.search(r"^  hours: (.+)$", text, re.M)
    assert match is not None
    return match.group(1)


def _written(path: Path, way: str, tmp_path: Path) -> Path:
    """A copy of the building with 5–13 February 2027 closed, written one of three ways."""
    text = path.read_text(encoding="utf-8")
    rule = _building_hours(text)
    if way == "hours-rule":
        text = text.replace(f"  hours: {rule}\n", f'  hours: {rule}; 2027 Feb 05-13 off "{REASON}"\n', 1)
    elif way == "closures":
        text += "\nclosures:\n  - {starts: 2027-02-05, ends: 2027-02-13, reason: {zh: 春节闭馆, en: Spring Festival}}\n"
    else:
        text += (
            "\nspecial_hours:\n  - {starts: 2027-02-05, ends: 2027-02-13, hours: 'off', "
            "reason: {zh: 春节闭馆, en: Spring Festival}}\n"
        )
    copy = tmp_path / path.name
    copy.write_text(text, encoding="utf-8")
    return copy


@pytest.mark.parametrize("path", BUILDINGS, ids=IDS)
@pytest.mark.parametrize("way", ["hours-rule", "closures", "special-hours"])
def test_no_space_is_open_while_the_building_is_closed(path: Path, way: str, tmp_path: Path):
    building = load_building(_written(path, way, tmp_path))
    assert not any(schedule.day_plan(building, None, day).is_open for day in FESTIVAL)
    for space in building.spaces:
        if space.open_during_closures:
            continue
        for day in FESTIVAL:
            assert not schedule.day_plan(building, space, day).is_open, (space.id, day, way)
        noon = dt.datetime.combine(dt.date(2027, 2, 11), dt.time(12), tzinfo=SHANGHAI)
        now = schedule.status(building, space, noon)
        assert not now.is_open
        assert now.opens_at is None or now.opens_at.date() >= AFTER - dt.timedelta(days=1), (space.id, way)


@pytest.mark.parametrize("path", BUILDINGS, ids=IDS)
def test_the_rest_of_the_year_is_unchanged_by_the_dated_rule(path: Path, tmp_path: Path):
    plain = load_building(path)
    dated = load_building(_written(path, "hours-rule", tmp_path))
    days = [dt.date(2027, 1, 4) + dt.timedelta(days=n) for n in range(60)]
    make_up = [d for year in (2025, 2026) for d in calendar.make_up_days(year)]
    for day in [*days, *make_up]:
        if day in FESTIVAL:
            continue
        for space in (None, *plain.spaces):
            ours = dated.space(space.id) if space else None
            assert schedule.day_plan(dated, ours, day).periods == schedule.day_plan(plain, space, day).periods


def test_a_make_up_saturday_reads_as_a_weekday_and_a_dated_closure_still_shuts_it(tmp_path: Path):
    building = load_building(TOWER)
    saturday = next(d for d in calendar.make_up_days(2026) if d.weekday() == 5)
    weekday_only = next(s for s in building.spaces if s.hours and s.hours.startswith("Mo-Fr"))
    assert schedule.day_plan(building, weekday_only, saturday).is_open  # 补班: the Friday's hours
    text = TOWER.read_text(encoding="utf-8")
    rule = _building_hours(text)
    when = f"{saturday.year} {saturday.strftime('%b')} {saturday.day:02d} off"
    copy = tmp_path / "tower.yaml"
    copy.write_text(text.replace(f"  hours: {rule}\n", f"  hours: {rule}; {when}\n", 1), encoding="utf-8")
    shut = load_building(copy)
    assert not schedule.day_plan(shut, None, saturday).is_open
    assert not schedule.day_plan(shut, shut.space(weekday_only.id), saturday).is_open
    friday = saturday - dt.timedelta(days=1)
    assert schedule.day_plan(shut, shut.space(weekday_only.id), friday).is_open


@pytest.mark.parametrize("path", [BUNDLED, TOWER], ids=IDS[:2])
def test_a_space_page_at_spring_festival_says_closed_and_opens_after(
    path: Path, tmp_path: Path, make_app: Callable[..., Flask], clock: dict[str, dt.datetime]
):
    copy = _written(path, "hours-rule", tmp_path)
    building = load_building(copy)
    space = next(s for s in building.spaces if s.hours is not None and not s.open_during_closures)
    clock["now"] = dt.datetime(2027, 2, 10, 10, 0, tzinfo=SHANGHAI)
    page = html_lib.unescape(make_app(copy).test_client().get(f"/en/spaces/{space.id}").get_data(as_text=True))
    week = re.search(r'<section class="week".*?</section>', page, re.S)
    assert week is not None
    rows = re.findall(r'<time datetime="([\d-]+)">.*?<span class="week-hours">([^<]*)</span>', week.group(0), re.S)
    shut = {day for day, said in rows if dt.date.fromisoformat(day) in FESTIVAL}
    assert shut and all(said.strip() == "Closed" for day, said in rows if day in shut), rows
    assert "Closed for Spring Festival" in week.group(0)
    assert "opens tomorrow" not in page.lower()


def _problems(text: str) -> list[str]:
    _, problems = check_content(text.encode("utf-8"), "floors.yaml", None)
    return [str(p) for p in problems]


@pytest.mark.parametrize("path", BUILDINGS, ids=IDS)
def test_check_warns_of_a_space_open_when_its_building_is_closed(path: Path):
    text = path.read_text(encoding="utf-8")
    assert not [p for p in _problems(text) if "the building is closed" in p]
    rule = _building_hours(text)
    soon = dt.date.today() + dt.timedelta(days=30)
    while not hours.periods_on(rule, soon, "Asia/Shanghai"):
        soon += dt.timedelta(days=1)  # a day the building usually opens
    when = f"{soon.year} {soon.strftime('%b')} {soon.day:02d} off"
    text = text.replace(f"  hours: {rule}\n", f"  hours: {rule}; {when}\n", 1)
    space_id = next(s.id for s in load_building(path).spaces if s.hours is None)
    marker = f"- id: {space_id}\n"
    assert marker in text
    indent = text[: text.index(marker)].rsplit("\n", 1)[1]
    text = text.replace(marker, f"{marker}{indent}  hours: {rule}\n", 1)
    said = [p for p in _problems(text) if "the building is closed" in p]
    assert any(f"`{space_id}`" in p for p in said) and all(soon.isoformat() in p for p in said), said


def test_dated_rules_are_found_and_comments_are_not_dates():
    assert hours.dated_rules('Mo-Fr 08:30-17:00; PH off; 2027 Feb 05-13 off "Jan 1 / 2027"') == (
        '2027 Feb 05-13 off "Jan 1 / 2027"'
    )
    assert hours.dated_rules('Mo-Fr 08:30-17:00 "closed in Feb 2027"; PH off') is None
