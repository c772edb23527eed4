"""A page of `kiosk build` days after it was built: kiosk.js says "open now" from the hours it carries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from kiosk import create_app
from kiosk.publish.build import build_site
from tests.helpers.buildings import BUNDLED, FRIDAY_MORNING
from tests.helpers.servers import static_server


def test_open_now_on_a_static_page_follows_the_clock(phone: Page, tmp_path: Path):
    app = create_app(BUNDLED, {"TESTING": True, "CLOCK": lambda: FRIDAY_MORNING})
    build_site(app, tmp_path)
    with static_server(tmp_path) as base:
        # Built on Friday at 10:00 (open); read on Saturday evening at 18:00.
        phone.clock.install(time=FRIDAY_MORNING + dt.timedelta(days=1, hours=8))
        phone.goto(base + "/en/spaces/library")
        hours = phone.locator(".hours[data-hours]")
        expect(hours.locator(".badge")).to_have_text("Closed now")
        expect(hours).to_be_visible()
        expect(hours).to_have_class("hours is-closed")
        expect(hours.locator(".hours-detail")).to_contain_text("08:30")
        phone.goto(base + "/en/floors/3f")
        expect(phone.locator(".mini-badge[data-hours]").first).to_have_text("Closed now")


def test_without_javascript_a_static_space_page_lists_its_hours_and_a_poster_shows_its_code(
    phone_nojs: Page, tmp_path: Path
):
    app = create_app(
        BUNDLED, {"TESTING": True, "CLOCK": lambda: FRIDAY_MORNING, "PUBLIC_URL": "https://kiosk.example.org"}
    )
    build_site(app, tmp_path)
    with static_server(tmp_path) as base:
        phone_nojs.goto(base + "/en/spaces/library")
        week = phone_nojs.locator("section.week")
        expect(week.locator("h2")).to_have_text("Opening hours, the next 4 weeks")
        # No badge says "open now" from the day the page was built; the dated list says the hours.
        expect(phone_nojs.locator(".hours[data-hours]")).to_be_hidden()
        expect(phone_nojs.locator("html")).to_have_class("mode-web static-export")
        expect(week.locator(".week-made")).to_contain_text("This page was made on Friday 27 Nov")
        expect(week.locator("tbody tr")).to_have_count(28)
        expect(week.locator("tr").filter(has_text="Monday 30 Nov").locator(".week-hours")).to_have_text("08:30–17:00")
        phone_nojs.screenshot(path=str(tmp_path / "static-week-nojs.png"), full_page=True)
        phone_nojs.goto(base + "/en/posters/spaces/library")
        code = phone_nojs.locator("img.poster-code")
        expect(code).to_have_attribute("src", "/en/posters/spaces/library/code.svg")
        assert code.evaluate("image => image.complete && image.naturalWidth > 0")
        expect(phone_nojs.locator(".poster-url")).to_contain_text("kiosk.example.org")
        phone_nojs.screenshot(path=str(tmp_path / "static-poster-nojs.png"), full_page=True)
        phone_nojs.goto(base + "/en/posters/")
        phone_nojs.locator('a[href="/en/posters/spaces/library"]').click()
        expect(phone_nojs).to_have_url(base + "/en/posters/spaces/library/")
