"""The week where a kiosk visitor sees it: on the lobby screen (1080×1920, standard and large text)
every space page shows the next 7 days and the link to the coming calendar week within the first screen,
above the fixed dock, without scrolling. Shipped building, tower-v2 and riverside."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from kiosk.load.loader import load_building
from tests.browser.conftest import PORTRAIT, ROOT, new_context, serving
from tests.conftest import BUNDLED, TOWER

RIVERSIDE = ROOT / "tests" / "buildings" / "riverside.yaml"

WEEK_SEEN = """() => {
  const strip = document.querySelector('.week-strip');
  if (!strip) return 'no week strip';
  const dock = document.querySelector('.dock');
  const limit = dock ? dock.getBoundingClientRect().top : innerHeight;
  const days = strip.querySelectorAll('li');
  const link = strip.querySelector('.week-next-link');
  const late = [...days, link].filter((el) => !el || el.getBoundingClientRect().bottom > limit + 1);
  return days.length === 7 && late.length === 0 ? 'seen' : `${days.length} days, ${late.length} below the fold`;
}"""


@pytest.mark.parametrize("path", [BUNDLED, TOWER, RIVERSIDE], ids=["shipped", "tower", "river"])
def test_the_week_is_on_the_kiosks_first_screen(browser: Browser, path: Path):
    building = load_building(path)
    kiosk = building.kiosks[0].id
    with serving(path) as url:
        context = new_context(browser, PORTRAIT, reduced_motion="reduce", service_workers="block")
        try:
            page = context.new_page()
            late = []
            for text in ("", "&text=large"):
                for space in building.spaces:
                    page.goto(f"{url}/en/spaces/{space.id}?kiosk={kiosk}{text}")
                    seen = page.evaluate(WEEK_SEEN)
                    if seen != "seen":
                        late.append((space.id, text, seen))
            assert late == []
        finally:
            context.close()
