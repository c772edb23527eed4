"""The coming calendar week beside "the next 7 days", clock fixed.

A visitor planning "next week" means Monday to Sunday, not today + 7: every space page offers the coming
calendar week (zh/en/ja headings naming its Monday and Sunday) with the hours the schedule gives for each day,
Spring Festival 2027 and a make-up working Saturday included; on the kiosk the next 7 days also sit beside
today's hours (the first screen) with a link down to the calendar week. Shipped building, tower-v2, riverside.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from kiosk.load.loader import load_building
from kiosk.timetable import schedule
from tests.conftest import BUNDLED, ROOT, SHANGHAI, TOWER

RIVERSIDE = ROOT / "tests" / "buildings" / "riverside.yaml"
BUILDINGS = [BUNDLED, TOWER, RIVERSIDE]
IDS = ["shipped", "tower-v2", "riverside"]
DAYS = {
    "festival-wednesday": dt.datetime(2027, 2, 10, 10, 0, tzinfo=SHANGHAI),  # Spring Festival 2027
    "make-up-saturday": dt.datetime(2027, 2, 20, 10, 0, tzinfo=SHANGHAI),  # 补班 after Spring Festival
    "sunday": dt.datetime(2026, 12, 13, 18, 0, tzinfo=SHANGHAI),  # the coming week starts tomorrow
    "monday": dt.datetime(2026, 12, 14, 9, 0, tzinfo=SHANGHAI),  # ... and a whole week away
}
HEADING_WORDS = {"zh": ("下周", "至"), "en": ("Next week", "–"), "ja": ("来週", "〜")}
WEEKDAY = {"zh": ("周一", "周日"), "en": ("Mon", "Sun"), "ja": ("月曜日", "日曜日")}


def _page(app: Flask, path: str) -> str:
    response = app.test_client().get(path)
    assert response.status_code == 200, path
    return html_lib.unescape(response.get_data(as_text=True))


def _coming(page: str) -> tuple[str, list[tuple[str, str]]]:
    """The coming week's heading and its (date, hours) rows, as the page says them."""
    found = re.search(r'<h3 id="week-next">(.*?)</h3>\s*<table class="week-table">(.*?)</table>', page, re.S)
    assert found is not None, "no coming calendar week on the page"
    rows = re.findall(r'<time datetime="([\d-]+)">.*?<span class="week-hours">([^<]*)</span>', found.group(2), re.S)
    return found.group(1), rows


@pytest.mark.parametrize("when", list(DAYS), ids=list(DAYS))
@pytest.mark.parametrize("path", BUILDINGS, ids=IDS)
def test_every_space_offers_the_coming_monday_to_sunday(
    path: Path, when: str, make_app: Callable[..., Flask], clock: dict[str, dt.datetime]
):
    building = load_building(path)
    clock["now"] = DAYS[when]
    today = DAYS[when].date()
    app = make_app(path)
    for space in building.spaces:
        heading, rows = _coming(_page(app, f"/en/spaces/{space.id}"))
        days = [dt.date.fromisoformat(day) for day, _ in rows]
        assert [d.weekday() for d in days] == list(range(7)), (space.id, days)
        assert days[0] > today and (days[0] - today).days <= 7, (space.id, today, days[0])
        for day, said in zip(days, (hours for _, hours in rows), strict=True):
            plan = schedule.day_plan(building, space, day)
            expected = ", ".join(map(str, plan.periods)) if plan.periods else "Closed"
            assert said.strip() == expected, (space.id, day, said)
        assert "Mon" in heading and "Sun" in heading, heading


@pytest.mark.parametrize("path", BUILDINGS, ids=IDS)
def test_the_coming_week_is_said_in_each_language(path: Path, make_app: Callable[..., Flask], clock):
    building = load_building(path)
    clock["now"] = DAYS["festival-wednesday"]
    app = make_app(path)
    space = building.spaces[0]
    for lang in building.languages:
        if lang not in HEADING_WORDS:
            continue
        heading, rows = _coming(_page(app, f"/{lang}/spaces/{space.id}"))
        word, between = HEADING_WORDS[lang]
        first, last = WEEKDAY[lang]
        assert word in heading and between in heading, (lang, heading)
        assert heading.index(first) < heading.index(last), (lang, heading)
        assert rows[0][0] == "2027-02-15" and rows[-1][0] == "2027-02-21", rows


@pytest.mark.parametrize("path", BUILDINGS, ids=IDS)
def test_the_kiosk_shows_the_next_7_days_beside_todays_hours(path: Path, make_app: Callable[..., Flask], clock):
    building = load_building(path)
    clock["now"] = DAYS["make-up-saturday"]
    today = DAYS["make-up-saturday"].date()
    app = make_app(path)
    kiosk = building.kiosks[0].id
    for space in building.spaces:
        page = _page(app, f"/en/spaces/{space.id}?kiosk={kiosk}")
        facts = page.split('<div class="fact"><dt>Opening hours</dt>', 1)[1].split("</dl>", 1)[0]
        strip = re.search(r'<div class="week-strip">(.*?)</div>', facts, re.S)
        assert strip is not None, space.id
        days = re.findall(r'<time datetime="([\d-]+)">', strip.group(1))
        assert [dt.date.fromisoformat(d) for d in days] == [today + dt.timedelta(days=n) for n in range(7)]
        said = re.findall(r'<span class="strip-hours">([^<]*)</span>', strip.group(1))
        first = schedule.day_plan(building, space, today)
        assert said[0] == (", ".join(map(str, first.periods)) if first.periods else "Closed"), space.id
        assert 'href="#week-next"' in strip.group(1)
        # A phone (no kiosk) keeps its first screen for the route: the strip is the kiosk's.
        assert 'class="week-strip"' not in _page(app, f"/en/spaces/{space.id}")
