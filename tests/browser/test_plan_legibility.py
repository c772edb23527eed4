"""Plan names as a visitor sees them on the kiosk, measured in Chromium: large enough, the route framed.

For a route to a space on every floor of the shipped building, tower-v2 and the third test building
(tests/buildings/riverside.yaml: a 96 m by 14 m floor turned on its side by an east-facing kiosk, two
L-shaped floors, an atrium), portrait and landscape, normal and large text: every name on the plan
shown renders at ≥ 22 CSS px (≥ 1.4 × that in large text), measured as getScreenCTM() × font size,
and the route's start and end lie inside the plan's frame. One page per orientation serves them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from kiosk.load.loader import load_building
from tests.browser.conftest import LANDSCAPE, PORTRAIT, ROOT, serving
from tests.helpers.buildings import RIVERSIDE, TOWER

NORMAL_PX, LARGE_FACTOR = 22.0, 1.4

MEASURE = """
() => {
  const plan = [...document.querySelectorAll('.plan-frame')].find((f) => f.offsetParent !== null
    && f.querySelector('svg.plan-svg'));
  if (!plan) return null;
  const svg = plan.querySelector('svg.plan-svg');
  const frame = plan.getBoundingClientRect();
  const inside = (p) => p.x >= frame.left - 1 && p.x <= frame.right + 1
    && p.y >= frame.top - 1 && p.y <= frame.bottom + 1;
  const labels = [...svg.querySelectorAll('.plan-labels text')].filter((t) => {
    const r = t.getBoundingClientRect();  // names framed out of view are one tap ("Whole floor") away
    return r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom;
  }).map((t) => {
    const m = t.getScreenCTM();
    return [t.textContent.trim(), parseFloat(t.getAttribute('font-size')) * Math.hypot(m.a, m.b)];
  });
  const route = svg.querySelector('polyline.plan-route');
  let ends = [];
  if (route) {
    const m = route.getScreenCTM();
    const points = [...route.points];
    ends = [points[0], points[points.length - 1]].map((p) => inside(new DOMPoint(p.x, p.y).matrixTransform(m)));
  }
  return {labels, ends};
}
"""


def _space_per_floor(config: Path, kiosk: str) -> list[str]:
    building = load_building(config)
    paths = []
    for floor in building.floors:
        spaces = [s for s in building.spaces_on(floor.id) if s.shape and s.door]
        if floor.plan is not None and spaces:
            paths.append(f"/zh/spaces/{spaces[len(spaces) // 2].id}?kiosk={kiosk}")
    return paths


@pytest.fixture(scope="module")
def riverside_url() -> Iterator[str]:
    """The third test building, served like the shipped one."""
    with serving(RIVERSIDE) as url:
        yield url


@pytest.fixture(scope="module", params=["portrait", "landscape"])
def kiosk_page(browser: Browser, request) -> Iterator[Page]:
    """One kiosk page per orientation, reused for every building and floor."""
    context = browser.new_context(
        viewport=PORTRAIT if request.param == "portrait" else LANDSCAPE, reduced_motion="reduce"
    )
    page = context.new_page()
    yield page
    context.close()


def _problems(page: Page, base: str, paths: list[str]) -> tuple[list[str], list[str]]:
    """Names drawn too small, and route ends outside the frame."""
    small, unframed = [], []
    for path in paths:
        for display, least in (("", NORMAL_PX), ("&text=large", NORMAL_PX * LARGE_FACTOR)):
            page.goto(f"{base}{path}{display}")
            found = page.evaluate(MEASURE)
            assert found is not None and found["labels"], f"no plan with names on {path}"
            small += [f"{path}{display}: {name} at {px:.1f} px" for name, px in found["labels"] if px < least - 0.05]
            unframed += [
                f"{path}{display}: route {('start', 'end')[i]} outside the frame"
                for i, inside in enumerate(found["ends"])
                if not inside
            ]
    return small, unframed


BUILDINGS = [
    pytest.param(ROOT / "floors.yaml", "lobby", "base_url", id="shipped"),
    pytest.param(TOWER, "g-hall", "tower_url", id="tower-v2"),
    pytest.param(RIVERSIDE, "riverside", "riverside_url", id="riverside"),
]


@pytest.mark.parametrize(("config", "kiosk", "fixture"), BUILDINGS)
def test_every_floors_names_are_large_enough(kiosk_page, config, kiosk, fixture, request):
    small, _ = _problems(kiosk_page, request.getfixturevalue(fixture), _space_per_floor(config, kiosk))
    assert small == [], f"{len(small)} names too small:\n" + "\n".join(small[:30])


@pytest.mark.parametrize(("config", "kiosk", "fixture"), BUILDINGS)
def test_every_floors_route_starts_and_ends_inside_the_frame(kiosk_page, config, kiosk, fixture, request):
    _, unframed = _problems(kiosk_page, request.getfixturevalue(fixture), _space_per_floor(config, kiosk))
    assert unframed == [], f"{len(unframed)} route ends out of view:\n" + "\n".join(unframed[:30])


def test_whole_floor_shows_the_floor_and_comes_back(kiosk_page, riverside_url):
    kiosk_page.goto(f"{riverside_url}/zh/spaces/bank?kiosk=riverside")
    svg = kiosk_page.locator(".plan-frame svg.plan-svg").first
    framed = svg.get_attribute("viewBox")
    whole = svg.get_attribute("data-whole")
    size = kiosk_page.viewport_size
    if size is not None and size["height"] > size["width"]:
        # Portrait: the long floor stands in a tall box, its names sized by its length: all of it shows,
        # large enough, so there is nothing to frame and no button.
        assert framed == whole and kiosk_page.get_by_role("button", name="整层").count() == 0
        return
    assert framed != whole  # landscape: the plan beside the words is framed on the route
    button = kiosk_page.get_by_role("button", name="整层")
    button.click()
    assert svg.get_attribute("viewBox") == whole and button.get_attribute("aria-pressed") == "true"
    button.click()
    assert svg.get_attribute("viewBox") == framed
