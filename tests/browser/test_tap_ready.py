"""A page made ready while the kiosk is idle (kiosk.js) shows as the same page sized on screen would.

kiosk.js sizes a route's plan while idle, out of sight, and keeps what lies below the route out of
the tap's first frame: the plan must come out the height the screen itself gives it, nothing of
the measuring may stay in the page, and the rest of the page must come back once the route shows.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LANDSCAPE, PORTRAIT, new_context

SIZES = """() => [
  ...Array.from(document.querySelectorAll('.route .plan-frame'))
    .map((f) => f.style.height + (f.classList.contains('is-fitted') ? ' fitted' : '')),
  ...Array.from(document.querySelectorAll('.route')).map((s) => s.style.minHeight),
]"""


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("start", ["/zh/?kiosk=lobby", "/en/?kiosk=lobby&text=large"], ids=["zh", "en-large"])
def test_a_plan_sized_while_idle_is_sized_as_the_screen_would(
    browser: Browser, base_url: str, viewport: dict, start: str
) -> None:
    """Tap 3F, wait while the kiosk warms its links, tap a space: sizes equal a fresh fit."""
    context = new_context(browser, viewport)
    page = context.new_page()
    try:
        page.goto(base_url + start)
        page.locator(".floor-button >> text=3F").tap()
        page.wait_for_url("**/floors/3f*")
        page.wait_for_timeout(2500)  # the floor's links are fetched, made ready and sized meanwhile
        page.locator(".card-link").first.tap()
        page.wait_for_url("**/spaces/**")
        expect(page.locator(".route .plan-route").first).to_be_attached()
        shown = page.evaluate(SIZES)
        assert any(size.endswith("fitted") for size in shown), shown
        assert page.locator(".page-measure").count() == 0
        page.evaluate("window.dispatchEvent(new Event('resize'))")  # kiosk.js fits the plans again, on screen
        assert page.evaluate(SIZES) == shown
        # Below the route: held back for the first frame, then back (and readable) once it has painted.
        expect(page.locator("main.is-arriving")).to_have_count(0)
        assert page.locator("#nearby-heading").evaluate("(h) => h.checkVisibility()")
    finally:
        context.close()
