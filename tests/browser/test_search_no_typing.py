"""Search on the lobby screen with no spelling, in Chromium: pinyin candidates, ways on, same ranks.

kiosk.js ranks and offers candidates in the browser; these must be search.py's answers and the tables'
(tests/search_table.py) on all three buildings, so a visitor gets the same thing on a phone without JavaScript.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from kiosk.load.loader import load_building
from kiosk.search.index import build_index, candidates
from tests.browser.conftest import ROOT, shoot
from tests.helpers import search_table

PATHS = {
    "shipped": ROOT / "floors.yaml",
    "tower-v2": ROOT / "tests" / "buildings" / "tower-v2.yaml",
    "riverside": ROOT / "tests" / "buildings" / "riverside.yaml",
}
LETTERS = ["tsg", "ts", "cs", "dt", "wsj", "yls", "d", "s", "jsf", "zzzz", "x", "gjj", "hz"]


def _open(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    expect(page.locator(".search-form.is-instant")).to_be_attached()


def test_tsg_offers_the_library_and_a_tap_searches_it(kiosk: Page, base_url: str):
    _open(kiosk, base_url, "/zh/search?kiosk=lobby")
    for letter in "tsg":
        kiosk.locator(f'[data-key="{letter}"]').tap()
    offered = kiosk.locator(".key-candidate")
    expect(offered.first).to_have_text("图书馆")
    shoot(kiosk, "kiosk-search-candidates-tsg")
    offered.first.tap()
    expect(kiosk.locator("#q")).to_have_value("图书馆")
    expect(kiosk.locator(".result").first.locator(".result-name")).to_have_text("图书馆")
    expect(kiosk.locator(".keyboard-candidates")).to_be_hidden()  # nothing left to spell


def test_nothing_found_shows_the_ways_on_at_once(kiosk: Page, base_url: str):
    _open(kiosk, base_url, "/zh/search?kiosk=lobby")
    expect(kiosk.locator(".nothing-found")).to_be_hidden()
    for letter in "wifi":
        kiosk.locator(f'[data-key="{letter}"]').tap()
    ways = kiosk.locator(".nothing-found")
    expect(ways).to_be_visible()
    expect(ways.locator('a[href*="/floors/"]').first).to_be_visible()
    shoot(kiosk, "kiosk-search-nothing-found")
    kiosk.locator('[data-key="clear"]').tap()
    for letter in "tsg":
        kiosk.locator(f'[data-key="{letter}"]').tap()
    expect(ways).to_be_hidden()


def test_the_buildings_tables_and_candidates_are_the_same_in_the_browser(kiosk: Page, base_url: str):
    _open(kiosk, base_url, "/zh/search?kiosk=lobby")
    for name, path in PATHS.items():
        index = build_index(load_building(path))
        rows = search_table.BUILDING_QUERIES[name]
        answers = kiosk.evaluate(
            """([index, queries, letters]) => ({
              found: queries.map((q) => window.kioskSearch.search(index, q).map((e) => e.id)),
              offered: letters.map((l) => window.kioskSearch.candidates(index, l)),
            })""",
            [index, [q for q, _, _ in rows], LETTERS],
        )
        for (query, first, absent), found in zip(rows, answers["found"], strict=True):
            assert (found[:1] == [first]) if first else found == [], (name, query, found)
            assert not set(absent) & set(found), (name, query, found)
        assert answers["offered"] == [candidates(index, letters) for letters in LETTERS], name


def test_a_phone_sees_the_common_words_as_big_targets(phone: Page, base_url: str):
    phone.goto(base_url + "/zh/search")
    chips = phone.locator(".common-words .chip")
    expect(chips.first).to_be_visible()
    for n in range(chips.count()):
        box = chips.nth(n).bounding_box()
        assert box is not None and box["height"] >= 44, box
    assert re.search(r"/zh/search\?q=", chips.first.get_attribute("href") or "")
