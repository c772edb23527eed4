"""Every space and every facility kind, from the kiosk: the route's start, floor change and end need no scrolling.

For each target (both buildings, 1080×1920, and a landscape sample at 1920×1080) one `page.goto` and one
`page.evaluate` that measures the first screen: you-are-here, the lift or stairs the route changes floor
at (stage 1 of the stepper), and the destination at the last stage (reached by the stepper's Next, which
the visitor taps, never by scrolling) are inside the viewport and above the dock.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from kiosk.model.vocabulary import VERTICAL_KINDS
from tests.browser.conftest import LANDSCAPE, PORTRAIT, new_context, serving
from tests.helpers.buildings import BUNDLED, TOWER

MEASURE = """
() => {
  const dock = document.querySelector('.dock');
  const limit = dock ? dock.getBoundingClientRect().top : innerHeight;
  const inView = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= -1 && r.bottom <= limit + 1
      && r.left >= -1 && r.right <= innerWidth + 1;
  };
  const plan = () => document.querySelector('.route .plan:not([hidden]) .plan-svg');
  const seen = { scrolled: scrollY, problem: null, start: null, change: null, end: null };
  const problem = document.querySelector('.route-problem');
  if (problem) { seen.problem = inView(problem); return seen; }
  let shown = plan();
  if (!shown) return seen;
  seen.start = inView(shown.querySelector('.plan-here-dot') || shown.querySelector('.plan-route-start'));
  if (document.querySelector('.route-stepper')) {
    seen.change = inView(shown.querySelector('.plan-facility.is-marked')) === true; // the lift or stairs to take
    for (let next; (next = document.querySelector('.stepper-next:enabled'));) next.click();
    shown = plan();
  }
  seen.end = inView(shown.querySelector('.plan-route-end') || shown.querySelector('.is-target'));
  seen.scrolled = Math.max(seen.scrolled, scrollY);
  return seen;
}
"""


def targets(building: Building, kiosk: str) -> Iterator[tuple[str, str]]:
    """(name, path) for every space with a door and every facility kind present that has a route."""
    for space in building.spaces:
        if space.door is not None and not (space.status and space.status.state == "closed"):
            yield space.id, f"/zh/spaces/{space.id}?kiosk={kiosk}"
    for kind in building.kinds_present():
        if kind.id not in VERTICAL_KINDS:  # "the nearest lift" is a step of every route, not a page's route
            yield f"kind:{kind.id}", f"/zh/facilities/{kind.id}?kiosk={kiosk}"


def failures(page: Page, origin: str, pairs: list[tuple[str, str]]) -> list[tuple[str, dict]]:
    """The targets whose first screen misses the start, the floor change or the end (or scrolled)."""
    wrong = []
    for name, path in pairs:
        page.goto(origin + path)
        seen = page.evaluate(MEASURE)
        if seen["problem"] is not None:
            ok = seen["problem"] and seen["scrolled"] == 0  # no route: said plainly, on the first screen
        else:
            # `change` is None on a one-floor route (no stepper), else whether the lift or stairs showed
            ok = seen["scrolled"] == 0 and seen["start"] and seen["end"] and seen["change"] is not False
        if not ok:
            wrong.append((name, seen))
    return wrong


@pytest.fixture(scope="module", params=[(BUNDLED, "lobby"), (TOWER, "g-hall")], ids=["shipped", "tower-v2"])
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Building, str, str]]:
    path, kiosk = request.param
    with serving(Path(path)) as url:
        yield load_building(Path(path)), kiosk, url


def test_every_target_shows_start_floor_change_and_end_without_scrolling(browser: Browser, served):
    building, kiosk, origin = served
    context = new_context(browser, PORTRAIT, reduced_motion="reduce", service_workers="block")
    try:
        pairs = list(targets(building, kiosk))
        assert len(pairs) >= len(building.spaces)
        assert failures(context.new_page(), origin, pairs) == []
    finally:
        context.close()


def test_a_landscape_sample_shows_them_too(browser: Browser, served):
    building, kiosk, origin = served
    context = new_context(browser, LANDSCAPE, reduced_motion="reduce", service_workers="block")
    try:
        pairs = list(targets(building, kiosk))
        sample = pairs[:: max(1, len(pairs) // 6)]  # spread over floors and kinds
        assert failures(context.new_page(), origin, sample) == []
    finally:
        context.close()
