"""Plan labels measured in real Chromium: no name overlaps another name, an icon, a door or the route.

Every floor of the shipped building and of two very different ones, at normal and large text, with
the routes to their spaces: tests/buildings/atrium.yaml (B2 to 13F with a mezzanine, a narrow building
turned on its side by an east-facing kiosk, long names, a tiny room) in Chinese and English, and main's
tests/buildings/tower-v2.yaml (a wide, shallow district centre with rows of 12 narrow counters per
floor) in Chinese, English and Japanese. A crowd of rooms too small for their names is numbered,
with a key under the floor; the key's entries are measured like every other name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from kiosk.load.loader import load_building
from tests.browser.conftest import PORTRAIT, ROOT, serving
from tests.helpers.buildings import ATRIUM, TOWER

# Boxes in CSS pixels; things a label must keep clear of, and the route as screen segments.
OVERLAPS = """
() => {
  for (const hidden of document.querySelectorAll('.route .plan[hidden]')) hidden.hidden = false;
  const problems = [];
  const slack = 1; // px: anti-aliasing, not overlap
  const hit = (a, b) => a.left < b.right - slack && b.left < a.right - slack
    && a.top < b.bottom - slack && b.top < a.bottom - slack;
  const crosses = (r, p, q, half) => {
    const box = {left: r.left - half, right: r.right + half, top: r.top - half, bottom: r.bottom + half};
    for (let i = 0; i <= 40; i++) {
      const x = p.x + (q.x - p.x) * i / 40, y = p.y + (q.y - p.y) * i / 40;
      if (x > box.left + slack && x < box.right - slack && y > box.top + slack && y < box.bottom - slack) return true;
    }
    return false;
  };
  for (const svg of document.querySelectorAll('svg.plan-svg')) {
    const labels = [...svg.querySelectorAll('.plan-labels text')]
      .map((t) => ({name: t.textContent.trim(), r: t.getBoundingClientRect()}));
    const things = [...svg.querySelectorAll(
      '.plan-facility-disc, .plan-door, .plan-here-halo, .plan-compass-disc, .plan-compass-label, '
      + '.plan-entrance-arrow, .plan-route-end'
    )].map((e) => ({name: e.getAttribute('class'), r: e.getBoundingClientRect()}));
    const segments = [];
    for (const line of svg.querySelectorAll('polyline.plan-route')) {
      const m = line.getScreenCTM();
      const half = parseFloat(line.getAttribute('stroke-width')) / 2 * Math.hypot(m.a, m.b);
      const points = [...line.points].map((p) => new DOMPoint(p.x, p.y).matrixTransform(m));
      for (let i = 1; i < points.length; i++) segments.push([points[i - 1], points[i], half]);
    }
    labels.forEach((a, i) => {
      labels.slice(i + 1).forEach((b) => { if (hit(a.r, b.r)) problems.push(`${a.name} × ${b.name}`); });
      things.forEach((b) => { if (hit(a.r, b.r)) problems.push(`${a.name} × ${b.name}`); });
      if (segments.some(([p, q, half]) => crosses(a.r, p, q, half))) problems.push(`${a.name} × route`);
    });
    // Chinese never leaves one character alone on a line
    for (const text of svg.querySelectorAll('.plan-labels text:not(.plan-key)')) {
      const lines = [...text.querySelectorAll('tspan')].map((s) => s.textContent);
      const lone = lines.length > 1 && lines.some((l) => [...l].length === 1);
      if (lone) problems.push(`lone character in ${lines.join('/')}`);
    }
  }
  return problems;
}
"""


@pytest.fixture(scope="module")
def atrium_url() -> Iterator[str]:
    """The second test building, served like the shipped one."""
    with serving(ATRIUM) as url:
        yield url


@pytest.fixture(scope="module")
def screen(browser: Browser) -> Iterator[Page]:
    """One portrait kiosk page, reused for every measurement (reduced motion: the route is whole)."""
    context = browser.new_context(viewport=PORTRAIT, reduced_motion="reduce")
    page = context.new_page()
    yield page
    context.close()


def _paths(config, kiosk: str, every: int = 6) -> list[str]:
    building = load_building(config)
    paths = [f"/floors/{f.id}?kiosk={kiosk}" for f in building.floors if f.plan is not None]
    # The routes: to every space of the shipped building, to a sample of the larger buildings'.
    spaces = building.spaces if len(building.spaces) < 30 else building.spaces[::every]
    paths += [f"/spaces/{s.id}?kiosk={kiosk}" for s in spaces]
    paths += [f"/facilities/{kind}?kiosk={kiosk}" for kind in ("toilet", "nursing-room", "aed")]
    return paths


def _measure(page: Page, base: str, paths: list[str], languages: tuple[str, ...] = ("zh", "en")) -> list[str]:
    found = []
    for lang in languages:
        for display in ("", "&text=large"):
            for path in paths:
                page.goto(f"{base}/{lang}{path}{display}")
                found += [f"{lang}{path}{display}: {p}" for p in page.evaluate(OVERLAPS)]
    return found


def test_no_label_overlaps_on_the_shipped_building(screen: Page, base_url: str):
    problems = _measure(screen, base_url, _paths(ROOT / "floors.yaml", "lobby"))
    assert problems == [], f"{len(problems)} overlaps:\n" + "\n".join(problems[:40])


def test_no_label_overlaps_on_a_sixteen_floor_atrium_building_turned_east(screen: Page, atrium_url: str):
    problems = _measure(screen, atrium_url, _paths(ATRIUM, "atrium"))
    assert problems == [], f"{len(problems)} overlaps:\n" + "\n".join(problems[:40])


def test_no_label_overlaps_on_the_district_centre_with_rows_of_counters(screen: Page, tower_url: str):
    problems = _measure(screen, tower_url, _paths(TOWER, "g-hall", every=2), ("zh", "en", "ja"))
    assert problems == [], f"{len(problems)} overlaps:\n" + "\n".join(problems[:40])


def test_a_row_of_narrow_counters_is_numbered_with_a_key_in_every_language(screen: Page, tower_url: str):
    for lang, name in (("zh", "7号窗口"), ("en", "Counter 7"), ("ja", "7番窓口")):
        screen.goto(f"{tower_url}/{lang}/spaces/counter-07?kiosk=g-hall")
        marks = screen.locator(".plan-labels .plan-key-mark").all_text_contents()
        assert [m.strip() for m in marks][:3] and sorted(int(m) for m in marks) == list(range(1, 13))
        key = " ".join(screen.locator(".plan-labels .plan-key.is-target").text_content().split())
        assert key.startswith("7 ") and name in key, key


def test_large_text_grows_plan_labels_by_the_page_factor(screen: Page, base_url: str):
    """Measured on screen, in CSS pixels: the plan may be drawn smaller, its names may not."""
    sizes = {}
    for display in ("", "&text=large"):
        screen.goto(f"{base_url}/zh/spaces/library?kiosk=lobby{display}")
        sizes[display] = screen.evaluate(
            "() => { const svg = document.querySelector('.route .plan:not([hidden]) .plan-svg');"
            " const px = (t) => { const m = t.getScreenCTM(); return parseFloat(t.getAttribute('font-size'))"
            " * Math.hypot(m.a, m.b); };"
            " const names = Array.from(svg.querySelectorAll('.plan-labels text[font-size]'), px);"
            " return {smallest: Math.min(...names), here: px(svg.querySelector('.plan-here-label'))}; }"
        )
    normal, large = sizes[""], sizes["&text=large"]
    # the smallest name is what must read from a step away; you-are-here must not shrink either
    assert large["smallest"] / normal["smallest"] >= 1.4, sizes
    assert large["here"] > normal["here"], sizes
