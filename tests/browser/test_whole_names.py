"""Names and descriptions said whole on the kiosk: no text a visitor reads on the home, floor and
space pages is cut by `text-overflow: ellipsis`, `line-clamp` or a clipped single line. Where space runs out
the layout gives (rows wrap, type gets smaller), never the words.

Measured in Chromium: every element styled to cut (ellipsis, line-clamp, or hidden overflow on one line)
must not be cutting, i.e. scrollWidth <= clientWidth and scrollHeight <= clientHeight. Shipped building,
tower-v2 and riverside; zh and en; standard and large text; 1080×1920 and 1920×1080.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from tests.browser.conftest import LANDSCAPE, PORTRAIT, ROOT, new_context, serving, shoot
from tests.conftest import BUNDLED, TOWER

RIVERSIDE = ROOT / "tests" / "buildings" / "riverside.yaml"

CUT = """async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await frame();  // kiosk.js fits the floors to the screen after load
  const cutting = (el) => {
    const s = getComputedStyle(el);
    const clamps = s.webkitLineClamp && s.webkitLineClamp !== 'none';
    const oneLine = s.whiteSpace === 'nowrap' && s.overflowX !== 'visible';
    return clamps || s.textOverflow === 'ellipsis' || oneLine;
  };
  const hidden = (el) => {
    const r = el.getBoundingClientRect();
    return r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === 'hidden';
  };
  return [...document.querySelectorAll('body *')]
    .filter((el) => el.textContent.trim() && !el.closest('svg, script, style, .dock') && cutting(el) && !hidden(el))
    .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
    .map((el) => [el.tagName, String(el.className), el.textContent.trim().slice(0, 40),
                  el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight]);
}"""


def pages(building: Building, lang: str) -> Iterator[str]:
    """Home, every floor, and the three spaces with the longest descriptions in `lang`."""
    yield f"/{lang}/"
    for floor in building.floors:
        yield f"/{lang}/floors/{floor.id}"
    wordy = sorted(building.spaces, key=lambda s: -len(s.description(lang) or ""))[:3]
    for space in wordy:
        yield f"/{lang}/spaces/{space.id}"


@pytest.fixture(scope="module", params=[BUNDLED, TOWER, RIVERSIDE], ids=["shipped", "tower", "river"])
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Building, str]]:
    with serving(Path(request.param)) as url:
        yield load_building(Path(request.param)), url


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("text", ["", "&text=large"], ids=["normal", "large"])
def test_no_name_or_description_is_cut(browser: Browser, served, viewport: dict, text: str):
    building, url = served
    kiosk = building.kiosks[0].id
    context = new_context(browser, viewport, reduced_motion="reduce", service_workers="block")
    try:
        page = context.new_page()
        cut = []
        for lang in ("zh", "en"):
            for path in pages(building, lang):
                page.goto(f"{url}{path}?kiosk={kiosk}{text}")
                page.wait_for_load_state("networkidle")
                cut += [(path, *found) for found in page.evaluate(CUT)]
        assert cut == []
        if text and viewport is PORTRAIT and kiosk == "g-hall":
            page.goto(f"{url}/en/?kiosk={kiosk}{text}")
            shoot(page, "kiosk-large-text-home-en-tower-whole-names")
    finally:
        context.close()
