"""A page of `kiosk build` days after it was built: kiosk.js says "open now" from the hours it carries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import Page, expect

from kiosk import create_app
from kiosk.build import build_site
from tests.conftest import BUNDLED, FRIDAY_MORNING
from tests.servers import static_server


def test_open_now_on_a_static_page_follows_the_clock(phone: Page, tmp_path: Path):
    app = create_app(BUNDLED, {"TESTING": True, "CLOCK": lambda: FRIDAY_MORNING})
    build_site(app, tmp_path)
    with static_server(tmp_path) as base:
        # Built on Friday at 10:00 (open); read on Saturday evening at 18:00.
        phone.clock.install(time=FRIDAY_MORNING + dt.timedelta(days=1, hours=8))
        phone.goto(base + "/en/spaces/library")
        hours = phone.locator(".hours[data-hours]")
        expect(hours.locator(".badge")).to_have_text("Closed now")
        expect(hours).to_have_class("hours is-closed")
        expect(hours.locator(".hours-detail")).to_contain_text("08:30")
        phone.goto(base + "/en/floors/3f")
        expect(phone.locator(".mini-badge[data-hours]").first).to_have_text("Closed now")
