"""Idle reset and the attract screen, with time driven by Playwright's clock instead of sleeping."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import load_frozen, shoot

HOME = re.compile(r"/zh/\?kiosk=lobby$")
START = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)


def start_visit(page: Page, url: str) -> None:
    load_frozen(page, url, START)
    page.locator("h1").tap()  # a visitor touches the screen


def test_still_there_appears_after_the_idle_time_set_in_floors_yaml(kiosk: Page, base_url: str):
    start_visit(kiosk, base_url + "/zh/floors/3f?kiosk=lobby")
    overlay = kiosk.locator("#idle")
    kiosk.clock.run_for(89_500)
    expect(overlay).to_be_hidden()
    kiosk.clock.run_for(1_000)  # 90 s in the shipped floors.yaml
    expect(overlay).to_be_visible()
    expect(overlay.locator("[data-countdown]")).to_have_text("30")
    expect(overlay.locator("[data-continue]")).to_be_focused()


def test_continue_as_often_as_wanted_then_reset_clears_everything(kiosk: Page, short_idle_url: str):
    start_visit(kiosk, short_idle_url + "/en/floors/3f?kiosk=lobby&text=large&contrast=high")
    kiosk.evaluate("sessionStorage.setItem('left-behind', 'yes')")
    overlay = kiosk.locator("#idle")
    for _ in range(3):  # the visitor may keep going as often as they like
        kiosk.clock.run_for(15_500)
        expect(overlay).to_be_visible()
        kiosk.clock.run_for(5_000)
        expect(overlay.locator("[data-countdown]")).to_have_text("15")
        overlay.locator("[data-continue]").tap()
        expect(overlay).to_be_hidden()
        assert "/en/floors/3f" in kiosk.url
    kiosk.clock.run_for(15_500)
    expect(overlay).to_be_visible()
    shoot(kiosk, "kiosk-idle-overlay")
    kiosk.clock.run_for(20_500)
    kiosk.wait_for_url(HOME)  # Chinese, standard text and colours, nothing carried over
    expect(kiosk.locator("html")).not_to_have_class(re.compile(r"text-large|contrast-high"))
    assert kiosk.evaluate("sessionStorage.length") == 0


def test_attract_screen_after_longer_idle_and_first_tap_only_dismisses(kiosk: Page, short_idle_url: str):
    # A fresh start: nobody has touched it yet. The clock stands still from the first script on, so the
    # attract timer (10 s) counts from a known instant however slowly the busy machine loads the page.
    load_frozen(kiosk, short_idle_url + "/?kiosk=lobby", START)
    attract = kiosk.locator("#attract")
    kiosk.clock.run_for(9_500)
    expect(attract).to_be_hidden()
    kiosk.clock.run_for(1_000)  # attract_seconds: 10
    expect(attract).to_be_visible()
    expect(attract).to_contain_text("轻触屏幕开始")
    expect(attract).to_contain_text("Touch to start")
    drift = kiosk.evaluate("getComputedStyle(document.querySelector('.attract-drift')).animationName")
    assert drift == "drift"
    shoot(kiosk, "kiosk-attract")
    # The first tap lands where a floor button is underneath, but only dismisses the screen.
    box = kiosk.locator(".floor-button").first.bounding_box()
    kiosk.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(attract).to_be_hidden()
    kiosk.wait_for_timeout(300)
    assert HOME.search(kiosk.url)
    # Now someone is using it: idle brings the "Still there?" question, not the attract screen.
    kiosk.clock.run_for(15_500)
    expect(kiosk.locator("#idle")).to_be_visible()
    expect(attract).to_be_hidden()


def test_idle_overlay_speaks_both_languages(kiosk: Page, short_idle_url: str):
    start_visit(kiosk, short_idle_url + "/en/?kiosk=lobby")
    kiosk.clock.run_for(15_500)
    overlay = kiosk.locator("#idle")
    expect(overlay).to_contain_text("还在使用吗？")
    expect(overlay).to_contain_text("Still there?")
    expect(overlay).to_have_attribute("role", "alertdialog")
