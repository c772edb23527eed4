"""Rendered plan label sizes (CSS px, via getScreenCTM × font size) on every floor of a building.

Usage: python3 benchmarks/plan_label_sizes.py [floors.yaml] [kiosk-id] [screenshot.png]
Prints, per page and display (normal / large, portrait / landscape), the smallest label in CSS px.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.loader import load_building  # noqa: E402
from tests.browser.conftest import CHROMIUM, serving  # noqa: E402

SIZES = """
() => [...document.querySelectorAll('svg.plan-svg')].filter((s) => s.getBoundingClientRect().width > 0)
  .flatMap((svg) => [...svg.querySelectorAll('.plan-labels text')].map((t) => {
    const m = t.getScreenCTM();
    return parseFloat(t.getAttribute('font-size')) * Math.hypot(m.a, m.b);
  }))
"""


def main() -> None:
    """Measure and print."""
    config = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "floors.yaml"
    kiosk = sys.argv[2] if len(sys.argv) > 2 else "lobby"
    shot = sys.argv[3] if len(sys.argv) > 3 else None
    building = load_building(config)
    paths = [f"/spaces/{s.id}?kiosk={kiosk}" for s in building.spaces[:: max(1, len(building.spaces) // 12)]]
    with serving(config) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        for viewport in ({"width": 1080, "height": 1920}, {"width": 1920, "height": 1080}):
            page = browser.new_page(viewport=viewport, reduced_motion="reduce")
            for display in ("", "&text=large"):
                smallest = []
                for path in paths:
                    page.goto(f"{base}/zh{path}{display}")
                    page.wait_for_timeout(50)
                    sizes = page.evaluate(SIZES)
                    if sizes:
                        smallest.append((min(sizes), path))
                    if shot and path == paths[1] and not display and viewport["width"] == 1080:
                        page.screenshot(path=shot)
                worst = min(smallest) if smallest else (0, "-")
                median = sorted(s for s, _ in smallest)[len(smallest) // 2] if smallest else 0
                print(
                    f"{config.name} {viewport['width']}x{viewport['height']} {display or 'normal'}: "
                    f"smallest label {worst[0]:.1f} px ({worst[1]}), median page-minimum {median:.1f} px"
                )
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
