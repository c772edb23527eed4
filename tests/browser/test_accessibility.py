"""axe-core (WCAG 2.x A/AA + enhanced contrast) and our own kiosk rules, in both languages and large text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LANDSCAPE, MEASURE_RULES, load_paused, new_context, shoot
from tests.helpers.axe import serious

PAGES = {
    "home": "/{lang}/?kiosk=lobby",
    "floor": "/{lang}/floors/2f?kiosk=lobby",
    "space": "/{lang}/spaces/baby-day-care?kiosk=lobby",
    "search": "/{lang}/search?q=t&kiosk=lobby",
    "facility": "/{lang}/facilities/toilet?kiosk=lobby",
}


def test_axe_runs_the_enhanced_contrast_rule(kiosk: Page, base_url: str):
    kiosk.goto(base_url + "/zh/?kiosk=lobby")
    kiosk.evaluate("document.querySelector('h1').style.color = '#777'")  # 4.5:1, below 7:1
    assert any(v.startswith("color-contrast-enhanced") for v in serious(kiosk))


@pytest.mark.parametrize(
    ("lang", "display"),
    [("zh", ""), ("en", ""), ("zh", "&text=large"), ("en", "&text=large"), ("zh", "&contrast=high")],
)
def test_no_serious_axe_violations(kiosk: Page, base_url: str, lang: str, display: str):
    found = {}
    for name, path in PAGES.items():
        kiosk.goto(base_url + path.format(lang=lang) + display)
        kiosk.wait_for_load_state("networkidle")
        found[name] = serious(kiosk)
    assert found == {name: [] for name in PAGES}


def test_no_serious_axe_violations_on_the_idle_overlay_and_attract_screen(kiosk: Page, base_url: str):
    start = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
    load_paused(kiosk, base_url + "/en/floors/3f?kiosk=lobby&text=large", start)
    kiosk.locator("h1").tap()
    kiosk.clock.run_for(91_000)
    expect(kiosk.locator("#idle")).to_be_visible()
    kiosk.clock.resume()  # axe waits on timers of its own; 30 s of countdown is plenty
    assert serious(kiosk) == []
    kiosk.evaluate("sessionStorage.clear()")  # as after an idle reset: nobody is using the kiosk
    kiosk.goto(base_url + "/zh/?kiosk=lobby")
    kiosk.wait_for_load_state("networkidle")
    kiosk.clock.pause_at(start + dt.timedelta(minutes=10))
    kiosk.clock.run_for(61_000)
    expect(kiosk.locator("#attract")).to_be_visible()
    kiosk.clock.resume()
    assert serious(kiosk) == []


@pytest.mark.parametrize("display", ["", "&text=large"])
@pytest.mark.parametrize("name", list(PAGES))
def test_kiosk_rules_targets_spacing_and_text_size(kiosk: Page, base_url: str, name: str, display: str):
    kiosk.goto(base_url + PAGES[name].format(lang="en") + display)
    kiosk.wait_for_load_state("networkidle")
    measured = kiosk.evaluate(MEASURE_RULES)
    assert measured["small"] == [], "every control must be at least 60×60 px"
    assert measured["crowded"] == [], "targets need 8 px between them"
    assert measured["tiny"] == [], "all text at least 24 px on the lobby screen"
    assert measured["bodyFont"] >= (36 if display else 24)
    assert measured["scrollWidth"] <= measured["innerWidth"]
    if display:
        shoot(kiosk, f"kiosk-{name}-large")


def test_home_language_and_search_stay_in_reach_when_scrolled(kiosk: Page, base_url: str):
    kiosk.goto(base_url + "/zh/?kiosk=lobby&text=large")
    kiosk.mouse.wheel(0, 5000)
    kiosk.wait_for_timeout(200)
    assert kiosk.evaluate("scrollY") > 500
    for selector in (".topbar-home", ".topbar-lang", ".topbar-search", ".dock-button"):
        expect(kiosk.locator(selector).first).to_be_in_viewport(ratio=1)


def test_landscape_screen_is_usable(browser: Browser, base_url: str):
    context = new_context(browser, LANDSCAPE)
    page = context.new_page()
    try:
        for path in ("/zh/?kiosk=lobby", "/zh/search?q=tsg&kiosk=lobby", "/en/spaces/library?kiosk=lobby&text=large"):
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            measured = page.evaluate(MEASURE_RULES)
            assert measured["small"] == [] and measured["scrollWidth"] <= measured["innerWidth"]
        shoot(page, "kiosk-landscape-space-large")
    finally:
        context.close()


def test_phone_walk_with_javascript_off(phone_nojs: Page, base_url: str):
    page = phone_nojs
    page.goto(base_url + "/")
    page.wait_for_url(re.compile(r"/zh/$"))
    assert page.locator(".dock, #idle, .keyboard").count() == 0  # no kiosk chrome on phones
    shoot(page, "phone-home-nojs")
    page.locator(".floor-button", has_text="3F").tap()
    page.wait_for_url(re.compile(r"/zh/floors/3f$"))
    page.locator(".card-link", has_text="图书馆").tap()
    page.wait_for_url(re.compile(r"/zh/spaces/library$"))
    page.locator(".topbar-search").tap()
    page.wait_for_url(re.compile(r"/zh/search$"))
    page.locator("#q").fill("tushuguan")
    page.locator(".search-row button").tap()
    page.wait_for_url(re.compile(r"/zh/search\?q=tushuguan$"))
    expect(page.locator(".result").first).to_contain_text("图书馆")
    shoot(page, "phone-search-nojs")
    page.locator(".result").first.tap()
    page.wait_for_url(re.compile(r"/zh/spaces/library$"))
    page.locator(".topbar-home").tap()
    page.wait_for_url(re.compile(r"/zh/$"))


@pytest.mark.parametrize(
    "path", ["/zh/", "/en/floors/2f", "/en/spaces/baby-day-care", "/zh/search?q=t", "/en/facilities/"]
)
def test_no_horizontal_scroll_at_320px(browser: Browser, base_url: str, path: str):
    context = new_context(browser, {"width": 320, "height": 640}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        if path == "/en/spaces/baby-day-care":
            shoot(page, "phone-320-space")
    finally:
        context.close()


def test_the_kiosk_rules_catch_small_targets_and_text(kiosk: Page, base_url: str):
    # The same page without ?kiosk= is the phone/desktop layout (18 px text): the rules must notice.
    kiosk.goto(base_url + "/zh/")
    measured = kiosk.evaluate(MEASURE_RULES)
    assert measured["small"] and measured["tiny"] and measured["crowded"]
