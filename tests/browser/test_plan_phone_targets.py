"""A phone's full-screen plan as a visitor meets it (360×740), measured in Chromium.

For a route to a space on every floor of the shipped building, tower-v2 and riverside, with and
without JavaScript: at the zoom the full-screen plan opens at, every room is a target of at least
44×44 CSS px, every name renders at ≥ 12 CSS px (≥ 16 px in large text), and without JavaScript the
plan opens on the destination (its door in view), not on the plan's empty top-left corner.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from kiosk.load.loader import load_building
from tests.browser.conftest import PHONE, ROOT, new_context, serving
from tests.conftest import TOWER

RIVERSIDE = ROOT / "tests" / "buildings" / "riverside.yaml"
TARGET_PX, NORMAL_PX, LARGE_PX = 44.0, 12.0, 16.0

# The open full-screen plan: each room's tap target (its link's box), each name's size, where the
# route's end lies against the screen.
MEASURE = """
() => {
  const figure = document.querySelector('figure.plan:is(:target, :has(.plan-at:target))');
  if (!figure) return null;
  const svg = figure.querySelector('svg.plan-svg');
  const rooms = [...svg.querySelectorAll('a.plan-room:not(.is-area)')].map((a) => {
    const r = a.getBoundingClientRect();
    return [a.getAttribute('aria-label'), r.width, r.height];
  });
  const labels = [...svg.querySelectorAll('.plan-labels text')].map((t) => {
    const m = t.getScreenCTM();
    return [t.textContent.trim(), parseFloat(t.getAttribute('font-size')) * Math.hypot(m.a, m.b)];
  });
  const end = svg.querySelector('.plan-route-end') || svg.querySelector('.plan-room.is-target');
  let inView = null;
  if (end) {
    const r = end.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    inView = cx >= 0 && cx <= innerWidth && cy >= 0 && cy <= innerHeight;
  }
  return {rooms, labels, inView};
}
"""


def _route_per_floor(config: Path, kiosk: str) -> list[tuple[str, str]]:
    """A space on every floor with a plan, as a phone reaches it from the kiosk's QR (path, floor id)."""
    building = load_building(config)
    found = []
    for floor in building.floors:
        spaces = [s for s in building.spaces_on(floor.id) if s.shape and s.door]
        if floor.plan is not None and spaces:
            found.append((f"/zh/spaces/{spaces[len(spaces) // 2].id}?from={kiosk}", floor.id))
    return found


@pytest.fixture(scope="module")
def riverside_url() -> Iterator[str]:
    """The third test building, served like the shipped one."""
    with serving(RIVERSIDE) as url:
        yield url


@pytest.fixture(scope="module", params=["js", "nojs"])
def phone_page(browser: Browser, request) -> Iterator[Page]:
    """One phone per JavaScript setting, reused for every building and floor."""
    context = new_context(browser, PHONE, is_mobile=True, java_script_enabled=request.param == "js")
    yield context.new_page()
    context.close()


BUILDINGS = [
    pytest.param(ROOT / "floors.yaml", "lobby", "base_url", id="shipped"),
    pytest.param(TOWER, "g-hall", "tower_url", id="tower-v2"),
    pytest.param(RIVERSIDE, "riverside", "riverside_url", id="riverside"),
]


def _measure(page: Page, base: str, config: Path, kiosk: str) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {"targets": [], "names": [], "unfocused": []}
    for path, floor in _route_per_floor(config, kiosk):
        for display, least in (("", NORMAL_PX), ("&text=large", LARGE_PX)):
            page.goto(f"{base}{path}{display}")
            opener = page.locator(f"#plan-view-{floor} .plan-open")
            if opener.count() == 0:
                continue  # this space's route draws no plan of that floor
            opener.click()  # as a visitor taps it: with JavaScript off, a plain link to a fragment
            found = page.evaluate(MEASURE)
            assert found is not None, f"{path}{display}: the plan did not open full screen"
            where = f"{path}{display}"
            problems["targets"] += [
                f"{where}: {name} {w:.0f}×{h:.0f} px" for name, w, h in found["rooms"] if min(w, h) < TARGET_PX
            ]
            problems["names"] += [f"{where}: {name} at {px:.1f} px" for name, px in found["labels"] if px < least]
            if found["inView"] is False:
                problems["unfocused"].append(f"{where}: the destination is off screen")
    return problems


@pytest.mark.parametrize(("config", "kiosk", "fixture"), BUILDINGS)
def test_phone_plans_open_with_rooms_large_enough_to_tap_and_read(phone_page, config, kiosk, fixture, request):
    problems = _measure(phone_page, request.getfixturevalue(fixture), config, kiosk)
    report = "\n".join(f"{kind}: {line}" for kind, lines in problems.items() for line in lines[:15])
    assert not any(problems.values()), report
