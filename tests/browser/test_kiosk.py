"""The lobby screen in Chromium: tap through, search by on-screen keyboard, switches, gestures."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from kiosk.load.loader import load_building
from kiosk.search.index import build_index, normalize, search
from tests.browser.conftest import MEASURE_RULES, ROOT, shoot
from tests.helpers import search_table


def open_kiosk(page: Page, base_url: str, path: str = "/?kiosk=lobby") -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")


def test_tap_home_floor_space_and_back_home(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url)
    expect(kiosk).to_have_url(re.compile(r"/zh/\?kiosk=lobby$"))
    shoot(kiosk, "kiosk-home-zh")
    start_history = kiosk.evaluate("history.length")
    kiosk.locator(".floor-button", has_text="3F").tap()
    kiosk.wait_for_url(re.compile(r"/zh/floors/3f\?kiosk=lobby$"))
    shoot(kiosk, "kiosk-floor-3f")
    kiosk.locator(".card-link", has_text="图书馆").tap()
    kiosk.wait_for_url(re.compile(r"/zh/spaces/library\?kiosk=lobby$"))
    expect(kiosk.locator("h1")).to_have_text("图书馆")
    shoot(kiosk, "kiosk-space-library")
    kiosk.locator(".topbar-home").tap()
    kiosk.wait_for_url(re.compile(r"/zh/\?kiosk=lobby$"))
    # Links replace the page: nothing of this visitor's path is left in history.
    assert kiosk.evaluate("history.length") == start_history


def test_a_tap_swaps_the_page_in_place_and_keeps_the_kiosk_state(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url)
    kiosk.evaluate("window.sameDocument = true")
    kiosk.locator(".floor-button", has_text="2F").tap()
    kiosk.wait_for_url(re.compile(r"/zh/floors/2f\?kiosk=lobby$"))
    expect(kiosk.locator("h1")).to_contain_text("亲子与托育")
    assert kiosk.evaluate("window.sameDocument") is True  # no reload: the next screen was swapped in
    assert kiosk.title().startswith("2F")
    kiosk.locator(".topbar-lang").tap()
    kiosk.wait_for_url(re.compile(r"/en/floors/2f\?kiosk=lobby$"))
    assert kiosk.evaluate("document.documentElement.lang") == "en"
    # Screen readers start at the new content (focused just after it paints: focus costs a layout).
    expect(kiosk.locator("#main")).to_be_focused(timeout=2000)  # polled from here: CSP forbids eval in the page


def test_tapping_a_room_on_the_plan_opens_it(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url, "/en/floors/4f?kiosk=lobby")
    kiosk.locator(".plan-room", has_text="Art Exhibition Hall").first.tap()
    kiosk.wait_for_url(re.compile(r"/en/spaces/art-exhibition-hall\?kiosk=lobby$"))
    expect(kiosk.locator("h1")).to_have_text("Art Exhibition Hall")


def test_a_missing_page_still_shows_the_friendly_404(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url)
    kiosk.evaluate(
        "const a = document.createElement('a'); a.href = '/zh/spaces/gone?kiosk=lobby'; a.id = 'gone';"
        "a.textContent = 'gone'; document.querySelector('main').prepend(a)"
    )
    kiosk.locator("#gone").click()
    kiosk.wait_for_url(re.compile(r"/zh/spaces/gone"))
    expect(kiosk.locator(".error-page")).to_contain_text("找不到这个页面")


def type_on_keyboard(page: Page, word: str) -> None:
    page.locator('[data-key="clear"]').tap()
    for letter in word:
        page.locator(f'[data-key="{letter}"]').tap()


@pytest.mark.parametrize(
    ("word", "name", "floor"),
    [
        ("tushuguan", "图书馆", "3F"),
        ("tsg", "图书馆", "3F"),
        ("library", "图书馆", "3F"),
        ("toilet", "卫生间", "每层都有"),
        ("libary", "图书馆", "3F"),  # one typo
    ],
)
def test_search_by_keyboard_taps(kiosk: Page, base_url: str, word: str, name: str, floor: str):
    open_kiosk(kiosk, base_url)
    kiosk.locator(".topbar-search").tap()
    kiosk.wait_for_url(re.compile(r"/zh/search\?kiosk=lobby$"))
    expect(kiosk.locator(".search-form.is-instant")).to_be_attached()  # the index is loaded
    type_on_keyboard(kiosk, word)
    expect(kiosk.locator("#q")).to_have_value(word)
    first = kiosk.locator(".result").first
    expect(first.locator(".result-name")).to_have_text(name)
    expect(first.locator(".result-floor")).to_have_text(floor)
    if word == "tsg":
        shoot(kiosk, "kiosk-search-tsg")
    first.tap()
    kiosk.wait_for_url(re.compile(r"/zh/(spaces/library|facilities/toilet)\?kiosk=lobby$"))


def test_results_update_on_every_tap_and_backspace(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url, "/en/search?kiosk=lobby")
    expect(kiosk.locator(".search-form.is-instant")).to_be_attached()
    type_on_keyboard(kiosk, "gy")
    expect(kiosk.locator(".result").first.locator(".result-name")).to_have_text("Public Gym")
    kiosk.locator('[data-key="backspace"]').tap()
    kiosk.locator('[data-key="backspace"]').tap()
    expect(kiosk.locator(".result")).to_have_count(0)
    expect(kiosk.locator(".results-count")).to_have_text("")


def test_search_keeps_working_when_the_server_blips(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url, "/zh/search?kiosk=lobby")
    expect(kiosk.locator(".search-form.is-instant")).to_be_attached()
    kiosk.context.route("**/*", lambda route: route.abort())  # the server is gone
    type_on_keyboard(kiosk, "gym")
    expect(kiosk.locator(".result").first.locator(".result-name")).to_have_text("百姓健身房")
    kiosk.context.unroute("**/*")


def test_chinese_search_on_a_phone_keyboard(phone: Page, base_url: str):
    phone.goto(base_url + "/zh/search")
    expect(phone.locator(".search-form.is-instant")).to_be_attached()
    assert phone.locator(".keyboard").count() == 0  # phones use their own keyboard
    phone.locator("#q").fill("图书")
    expect(phone.locator(".result").first).to_contain_text("图书馆")
    phone.locator("#q").fill("厕所")
    expect(phone.locator(".result").first).to_contain_text("卫生间")


@pytest.mark.parametrize("typed", ["$'zz", "$&zz", "$`zz", "$$zz"])
def test_no_results_message_shows_dollar_patterns_as_typed(phone: Page, base_url: str, typed: str):
    # String.replace would read `$'` and the like as patterns; the message must say what was typed.
    phone.goto(base_url + "/en/search")
    expect(phone.locator(".search-form.is-instant")).to_be_attached()
    phone.locator("#q").fill(typed)
    expect(phone.locator(".results-count")).to_have_text(re.compile(re.escape(f'Nothing found for "{typed}".')))


QUERIES = [
    "图书", "书馆", "tushuguan", "tu shu guan", "tú shū guǎn", "tu2shu1guan3", "tsg", "library", "libary", "toilet",
    "厕所", "WC", "restroom", "gym", "gim", "art", "hall", "a", "t", "z", "zx", "sh", "jianshen", "jsf", "非遗",
    "feiyi", "fy", "heritage", "herit", "makr", "baby", "0", "3d", "aed", "tolet", "Lift", "电梯", "xyzzy", "",
]  # fmt: skip


def test_browser_and_server_rank_alike(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url, "/zh/search?kiosk=lobby")
    expect(kiosk.locator(".search-form.is-instant")).to_be_attached()
    index = build_index(load_building(ROOT / "floors.yaml"))
    in_browser = kiosk.evaluate(
        "([index, queries]) => queries.map((q) => window.kioskSearch.search(index, q).map((e) => e.id))",
        [index, QUERIES],
    )
    on_server = [[e["id"] for e in search(index, q)] for q in QUERIES]
    assert dict(zip(QUERIES, in_browser, strict=True)) == dict(zip(QUERIES, on_server, strict=True))
    assert sum(map(len, on_server)) > 30  # the comparison covers real results, not just empty lists


def test_the_search_table_gives_the_same_answers_in_the_browser(kiosk: Page, base_url: str):
    # The rows of tests/helpers/search_table.py, through kiosk.js: each answer must be the table's own
    # (not only the same as search.py's), so a mistake made on both sides still fails here.
    open_kiosk(kiosk, base_url, "/zh/search?kiosk=lobby")
    expect(kiosk.locator(".search-form.is-instant")).to_be_attached()
    answers = kiosk.evaluate(
        """([table]) => {
          const s = window.kioskSearch;
          const ids = (index, q, limit) => s.search(index, q, limit).map((e) => e.id);
          return {
            edits: table.edits.map(([a, b]) => [s.withinOneEdit(a, b), s.withinOneEdit(b, a)]),
            levels: table.levels.map(([query, term]) => s.matchLevel(query, term)),
            ranking: table.ranking.map(([query]) => ids(table.index, query)),
            cap: [ids(table.capIndex, table.capQuery), ids(table.capIndex, table.capQuery, 3)],
            normalize: table.normalize.map(s.normalize),
          };
        }""",
        [
            {
                "edits": search_table.EDITS,
                "levels": search_table.LEVELS,
                "ranking": search_table.RANKING,
                "index": search_table.INDEX,
                "capIndex": search_table.CAP_INDEX,
                "capQuery": search_table.CAP_QUERY,
                "normalize": search_table.NORMALIZE,
            }
        ],
    )
    assert answers["edits"] == [[close, close] for _a, _b, close in search_table.EDITS]
    assert dict(zip([row[:2] for row in search_table.LEVELS], answers["levels"], strict=True)) == {
        (query, term): level for query, term, level in search_table.LEVELS
    }
    assert dict(zip([q for q, _ in search_table.RANKING], answers["ranking"], strict=True)) == dict(
        search_table.RANKING
    )
    assert answers["cap"] == [search_table.CAP_EXPECTED, search_table.CAP_EXPECTED[:3]]
    assert answers["normalize"] == [normalize(text) for text in search_table.NORMALIZE]


TOWER_QUERIES = ["社保", "shebao", "sb", "カード", "ｶｰﾄﾞ", "トイレ", "toilet", "counter", "countr", "医保", "medical"]


def test_browser_and_server_rank_alike_in_the_second_building(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url, "/zh/search?kiosk=lobby")
    expect(kiosk.locator(".search-form.is-instant")).to_be_attached()
    index = build_index(load_building(ROOT / "tests" / "buildings" / "tower-v2.yaml"))
    in_browser = kiosk.evaluate(
        "([index, queries]) => queries.map((q) => window.kioskSearch.search(index, q).map((e) => e.id))",
        [index, TOWER_QUERIES],
    )
    on_server = [[e["id"] for e in search(index, q)] for q in TOWER_QUERIES]
    assert dict(zip(TOWER_QUERIES, in_browser, strict=True)) == dict(zip(TOWER_QUERIES, on_server, strict=True))
    assert all(on_server), "every query finds something in the second building"


def test_language_switch(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url, "/zh/spaces/library?kiosk=lobby")
    kiosk.locator(".topbar-lang").tap()
    kiosk.wait_for_url(re.compile(r"/en/spaces/library\?kiosk=lobby$"))
    expect(kiosk.locator("h1")).to_have_text("Library")
    expect(kiosk.locator("html")).to_have_attribute("lang", "en")
    open_kiosk(kiosk, base_url, "/en/?kiosk=lobby")
    shoot(kiosk, "kiosk-home-en")


def test_large_text_grows_everything_and_survives_taps(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url)
    before = kiosk.evaluate(MEASURE_RULES)
    kiosk.locator(".dock-button", has_text="大字").tap()
    kiosk.wait_for_url(re.compile(r"/zh/\?kiosk=lobby&text=large$"))
    after = kiosk.evaluate(MEASURE_RULES)
    assert after["bodyFont"] >= 1.5 * before["bodyFont"]
    assert after["scrollWidth"] <= after["innerWidth"], "large text must not scroll sideways"
    assert after["small"] == [] and after["crowded"] == []
    shoot(kiosk, "kiosk-home-large")
    kiosk.locator(".floor-button", has_text="7F").tap()
    kiosk.wait_for_url(re.compile(r"/zh/floors/7f\?kiosk=lobby&text=large$"))
    expect(kiosk.locator("html")).to_have_class(re.compile(r"\btext-large\b"))
    kiosk.locator(".dock-button", has_text="标准字").tap()
    kiosk.wait_for_url(re.compile(r"/zh/floors/7f\?kiosk=lobby$"))


def test_high_contrast_toggle(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url, "/en/?kiosk=lobby")
    kiosk.locator(".dock-button", has_text="High contrast").tap()
    kiosk.wait_for_url(re.compile(r"contrast=high$"))
    background = kiosk.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    shoot(kiosk, "kiosk-home-contrast")


def test_kiosk_gestures_are_locked_down(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url)
    state = kiosk.evaluate(
        """() => {
        const link = document.querySelector('.floor-button');
        const fire = (type, Kind) => !link.dispatchEvent(new Kind(type, {bubbles: true, cancelable: true}));
        const style = getComputedStyle(document.documentElement);
        return {
          menuBlocked: fire('contextmenu', MouseEvent),
          dragBlocked: fire('dragstart', DragEvent),
          selectBlocked: fire('selectstart', Event),
          userSelect: style.userSelect,
          touchAction: style.touchAction,
        };
    }"""
    )
    assert state == {
        "menuBlocked": True,
        "dragBlocked": True,
        "selectBlocked": True,
        "userSelect": "none",
        "touchAction": "pan-y",
    }


def test_links_never_leave_the_site_or_open_windows(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url)
    kiosk.evaluate(
        """() => {
        const links = [['away', 'https://example.org/', 300], ['blank', '/zh/floors/2f?kiosk=lobby', 700]];
        for (const [id, href, top] of links) {
          const a = document.createElement('a');
          a.id = id; a.href = href; a.target = '_blank'; a.textContent = id;
          a.style.cssText = `position:fixed;top:${top}px;left:300px;padding:60px;background:#fff;z-index:99`;
          document.body.appendChild(a);
        }
    }"""
    )
    kiosk.locator("#away").tap()
    kiosk.wait_for_timeout(300)
    assert kiosk.url.endswith("/zh/?kiosk=lobby")
    assert len(kiosk.context.pages) == 1
    kiosk.locator("#blank").tap()
    kiosk.wait_for_url(re.compile(r"/zh/floors/2f\?kiosk=lobby$"))
    assert len(kiosk.context.pages) == 1


def test_a_touch_shows_feedback_at_once(kiosk: Page, base_url: str):
    open_kiosk(kiosk, base_url)
    box = kiosk.locator(".floor-button").first.bounding_box()
    kiosk.mouse.move(box["x"] + 20, box["y"] + 20)
    kiosk.mouse.down()
    shadow = kiosk.evaluate("getComputedStyle(document.querySelector('.floor-button')).boxShadow")
    pressed = kiosk.evaluate("document.querySelector('.floor-button').classList.contains('is-pressed')")
    kiosk.mouse.up()
    assert pressed and shadow != "none"
