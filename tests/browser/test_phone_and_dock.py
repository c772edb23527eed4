"""In Chromium: the phone's first screen after a QR scan, phone target sizes, and the kiosk's dock.

- 360×740 (with and without JavaScript, zh and en): a page opened from a kiosk's code (`?from=<kiosk>`) shows
  the route's steps and the plan starting within the first 740 px, for every space with a door;
- on phones every chip, button and key is at least 44 px tall;
- at 1080×1920 and 1920×1080, standard and large text, nothing a visitor needs (notices, the tiles, the
  route's steps, the plan and its legend, every link and button) stays under the fixed dock: scrolled to the
  bottom, each one's end is above the dock's top.
On the shipped building, tower-v2 and riverside.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from tests.browser.conftest import LANDSCAPE, PHONE, PORTRAIT, ROOT, new_context, serving, shoot
from tests.helpers.buildings import BUNDLED, TOWER

RIVERSIDE = ROOT / "tests" / "buildings" / "riverside.yaml"

FIRST_SCREEN = """() => {
  const top = (el) => el ? el.getBoundingClientRect().top + scrollY : null;
  return { steps: top(document.querySelector('.route-steps')), plan: top(document.querySelector('.route .plan')),
           problem: top(document.querySelector('.route-problem')) };
}"""

SMALL_TARGETS = """() => [...document.querySelectorAll('.chip, .button, .key, .route-mode a, .result, .plan-legend a')]
  .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < 44; })
  .map((el) => [el.className, Math.round(el.getBoundingClientRect().height), el.textContent.trim().slice(0, 30)])"""

UNDER_DOCK = """async () => {
  const dock = document.querySelector('.dock');
  if (!dock) return ['no dock'];
  // What lies below the first screen is laid out as it is scrolled to (content-visibility): scroll until the
  // page stops growing, as a visitor's swipes would.
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (let last = -1, n = 0; n < 10 && last !== document.scrollingElement.scrollHeight; n++) {
    last = document.scrollingElement.scrollHeight;
    scrollTo(0, last);
    await frame();
  }
  const limit = dock.getBoundingClientRect().top + 1;
  const needed = document.querySelectorAll(
    'main .notice, main .quick, main .route-steps, main .route .plan, main .plan-legend, main .week,'
    + ' main a:not(svg a), main button, main h1, main h2');
  return [...needed].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden' && r.bottom > limit;
  }).map((el) => [el.tagName, String(el.className), Math.round(el.getBoundingClientRect().bottom), Math.round(limit)]);
}"""


@pytest.fixture(
    scope="module", params=[(BUNDLED, "lobby"), (TOWER, "g-hall"), (RIVERSIDE, None)], ids=["shipped", "tower", "river"]
)
def served(request: pytest.FixtureRequest) -> Iterator[tuple[Building, str, str]]:
    path, kiosk = request.param
    building = load_building(Path(path))
    with serving(Path(path)) as url:
        yield building, kiosk or building.kiosks[0].id, url


@pytest.mark.parametrize(("lang", "javascript"), [("zh", True), ("en", False)], ids=["zh-js", "en-nojs"])
def test_a_qr_scan_opens_on_the_steps_and_the_plan(browser: Browser, served, lang: str, javascript: bool):
    building, kiosk, url = served
    context = new_context(browser, PHONE, is_mobile=True, java_script_enabled=javascript)
    try:
        page = context.new_page()
        late = []
        for space in (s for s in building.spaces if s.door is not None):
            page.goto(f"{url}/{lang}/spaces/{space.id}?from={kiosk}")
            seen = page.evaluate(FIRST_SCREEN)
            if seen["problem"] is not None:
                continue  # no route from there: said plainly (test_routing)
            if seen["steps"] is None or seen["steps"] >= PHONE["height"] or (seen["plan"] or 1e9) >= PHONE["height"]:
                late.append((space.id, seen))
        assert late == []
        if building.kiosks[0].id == "g-hall" and javascript:
            page.goto(f"{url}/{lang}/spaces/legal-aid?from={kiosk}")
            shoot(page, "phone-first-screen-after-qr-tower")
    finally:
        context.close()


def test_phone_targets_are_44_px_tall(browser: Browser, served):
    building, kiosk, url = served
    context = new_context(browser, PHONE, is_mobile=True)
    try:
        page = context.new_page()
        space = next(s for s in building.spaces if s.door is not None)
        for path in (
            "/zh/",
            "/en/search",
            "/zh/search?q=wifi",
            f"/zh/spaces/{space.id}?from={kiosk}",
            "/en/facilities/",
        ):
            page.goto(url + path)
            assert page.evaluate(SMALL_TARGETS) == [], path
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("text", ["", "&text=large"], ids=["normal", "large"])
def test_nothing_stays_under_the_dock(browser: Browser, served, viewport: dict, text: str):
    building, kiosk, url = served
    context = new_context(browser, viewport, reduced_motion="reduce", service_workers="block")
    try:
        page = context.new_page()
        space = next(s for s in building.spaces if s.door is not None)
        for path in ("/en/", "/zh/", "/en/facilities/toilet", f"/en/spaces/{space.id}", "/zh/search?q=wifi"):
            sep = "&" if "?" in path else "?"
            page.goto(f"{url}{path}{sep}kiosk={kiosk}{text}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate(UNDER_DOCK) == [], (path, text)
        if text and viewport is PORTRAIT and kiosk == "g-hall":
            page.goto(f"{url}/en/?kiosk={kiosk}{text}")
            shoot(page, "kiosk-large-text-home-en-tower")
    finally:
        context.close()
