"""Low reach: on three mounts, every control's centre stands 380-1,220 mm above the floor.

Measured in Chromium from bounding boxes and the screen data of each kiosk (tests/helpers/mounts.py
repeats a building's first kiosk as a typical portrait mount, a low one and a landscape screen on a
stand), on every kiosk screen of the shipped building and tower-v2, in standard and large text. One
browser page per building and mount is reused for all its screens.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from tests.browser.conftest import new_context, serving
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.mounts import MOUNTS, REACH_MM, Mount, with_mounts

# Each control, scrolled to as a visitor would scroll to it (inside the page: the body never scrolls),
# and its centre's height above the floor from the screen's data on <html>.
MEASURE = """
([height, bottom]) => {
  const root = document.documentElement;
  const vh = window.innerHeight, vw = window.innerWidth;
  const out = [];
  const controls = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])');
  for (const el of controls) {
    if (el.closest('[inert], [hidden], .skip') || !el.checkVisibility({ visibilityProperty: true })) continue;
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const mm = bottom + (vh - y) / vh * height;
    const name = el.getAttribute('aria-label') || el.textContent || el.className.baseVal || el.tagName;
    out.push({ name: String(name).trim().slice(0, 30), mm: Math.round(mm), inside: x >= 0 && x <= vw });
  }
  const screen = [Number(root.dataset.screenHeightMm), Number(root.dataset.screenBottomMm)];
  return { screen, controls: out, scrolled: document.scrollingElement.scrollTop };
}
"""


def screens(building: Building, kiosk: str) -> dict[str, str]:
    """Every kiosk screen of `building`: home, a floor, a space on another floor (a route), search, facility, layout."""
    here = building.kiosk(kiosk)
    assert here is not None
    other = next(f for f in building.floors_top_down if f.id != here.floor)
    space = next(s for f in building.floors_top_down if f.id != here.floor for s in building.spaces_on(f.id))
    kind = building.facilities[0].kind
    lang = building.languages[0]
    return {
        "home": f"/{lang}/",
        "floor": f"/{lang}/floors/{other.id}",
        "route": f"/{lang}/spaces/{space.id}",
        "search": f"/{lang}/search",
        "facility": f"/{lang}/facilities/{kind}",
        "layout": f"/{lang}/layout/",
    }


@pytest.fixture(scope="module", params=[BUNDLED, TOWER], ids=["bundled", "tower-v2"])
def mounted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """The building with its kiosk on three mounts, served; its address, kiosk ids and loaded building."""
    source: Path = request.param
    target = tmp_path_factory.mktemp("mounts") / source.name
    ids = with_mounts(source, target)
    with serving(target) as url:
        yield url, ids, load_building(target)


@pytest.mark.parametrize("mount", MOUNTS, ids=[m.name for m in MOUNTS])
def test_every_control_is_within_reach_in_low_reach(browser: Browser, mounted: tuple, mount: Mount) -> None:
    url, ids, building = mounted
    kiosk = ids[mount.name]
    context = new_context(browser, mount.viewport)
    page = context.new_page()
    out_of_reach, counted = [], 0
    try:
        for text in ("", "&text=large"):
            for name, path in screens(building, kiosk).items():
                page.goto(f"{url}{path}?kiosk={kiosk}&reach=low{text}")  # resolves once loaded, kiosk.js run
                page.evaluate("document.fonts.ready.then(() => null)")
                measured = page.evaluate(MEASURE, [mount.height_mm, mount.bottom_mm])
                assert measured["screen"] == [mount.height_mm, mount.bottom_mm]  # the screen data reached the page
                assert len(measured["controls"]) >= 5, f"{name}: too few controls found"
                assert measured["scrolled"] == 0, f"{name}: the page itself scrolled, away from the band"
                counted += len(measured["controls"])
                out_of_reach += [
                    (name, text, c["name"], c["mm"])
                    for c in measured["controls"]
                    if not (REACH_MM[0] <= c["mm"] <= REACH_MM[1] and c["inside"])
                ]
    finally:
        context.close()
    assert out_of_reach == []
    assert counted > 150  # the screens' controls were found (floors, cards, keys, links), not a handful


def test_without_low_reach_the_top_bar_is_out_of_reach_on_the_typical_mount(browser: Browser, mounted: tuple) -> None:
    # The measure itself can fail: on the typical mount the standard layout's top bar is above 1,220 mm.
    url, ids, building = mounted
    mount = MOUNTS[0]
    context = new_context(browser, mount.viewport)
    page = context.new_page()
    try:
        page.goto(f"{url}/{building.languages[0]}/?kiosk={ids[mount.name]}")
        page.wait_for_load_state("networkidle")
        heights = [c["mm"] for c in page.evaluate(MEASURE, [mount.height_mm, mount.bottom_mm])["controls"]]
    finally:
        context.close()
    assert max(heights) > REACH_MM[1]


def test_low_reach_stays_on_through_a_tap_and_the_idle_question_is_within_reach(
    browser: Browser, mounted: tuple
) -> None:
    url, ids, building = mounted
    mount = MOUNTS[2]  # the screen on a stand: the shortest band
    context = new_context(browser, mount.viewport)
    page = context.new_page()
    try:
        page.goto(f"{url}/{building.languages[0]}/?kiosk={ids[mount.name]}&text=large")
        button = page.locator(".dock-reach")
        box = button.bounding_box()
        assert box is not None
        centre = box["y"] + box["height"] / 2
        mm = mount.bottom_mm + (mount.height - centre) / mount.height * mount.height_mm
        assert REACH_MM[0] <= mm <= REACH_MM[1]  # the ♿ button is itself within reach, in large text too
        button.tap()
        page.wait_for_url("**reach=low**")
        page.locator(".floor-stack .floor-button").first.tap()  # kiosk.js swaps the page in
        page.wait_for_url("**/floors/**")
        assert "reach=low" in page.url
        assert "reach-low" in page.evaluate("document.documentElement.className")
        page.evaluate("document.getElementById('idle').hidden = false")  # "still there?" as the idle timer shows it
        controls = page.evaluate(MEASURE, [mount.height_mm, mount.bottom_mm])["controls"]
    finally:
        context.close()
    go_on = [c for c in controls if "Continue" in c["name"]]  # the button says it in every language
    assert go_on and all(REACH_MM[0] <= c["mm"] <= REACH_MM[1] for c in go_on), go_on
