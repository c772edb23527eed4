"""The building layout page in Chromium: a 360 px phone with JavaScript off, the 1080×1920 lobby screen
(every floor without scrolling, for the shipped building and tower-v2's 14 floors), the full-screen plan
(names at least 12 px at the opening zoom), and axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import MEASURE_RULES, PHONE, PORTRAIT, new_context, shoot
from tests.helpers.axe import serious
from tests.helpers.buildings import SHIPPED_ORDER, TOWER_ORDER

# The smallest plan text as the screen shows it (SVG user units times the drawing's scale), in CSS px.
SMALLEST_PLAN_TEXT = """
() => Math.min(...[...document.querySelectorAll('svg.plan-svg text')].map((t) => {
  const m = t.getScreenCTM();
  return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
}))
"""
# Every floor row inside the viewport and above the dock; the page does not scroll.
KIOSK_FIT = """
() => {
  const dock = document.querySelector('.dock').getBoundingClientRect().top;
  const rows = [...document.querySelectorAll('.section-floor')].map((li) => li.getBoundingClientRect());
  return {
    scroll: document.documentElement.scrollHeight - innerHeight,
    rows: rows.length,
    lowest: Math.max(...rows.map((r) => r.bottom)),
    dock,
    shortest: Math.min(...rows.map((r) => r.height)),
  };
}
"""


def floor_labels(page: Page) -> list[str]:
    return page.locator(".section-floor .section-label").all_inner_texts()


def test_phone_without_javascript_every_floor_then_its_plan(phone_nojs: Page, base_url: str) -> None:
    page = phone_nojs
    page.goto(base_url + "/zh/layout/?at=3f")
    assert floor_labels(page) == SHIPPED_ORDER
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator(".section-floor.is-here .section-label").inner_text() == "3F"
    shoot(page, "phone-layout")
    page.locator(".section-link", has_text="4F").tap()
    page.wait_for_url(re.compile(r"/zh/layout/4f\?at=3f$"))
    assert page.locator("h1 .floor-tag").inner_text() == "4F"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # the plan scrolls in its frame
    assert page.evaluate(SMALLEST_PLAN_TEXT) >= 12
    page.locator(".full-plan-bar a").tap()  # back to the layout
    page.wait_for_url(re.compile(r"/zh/layout/\?at=3f#floor-4f$"))
    page.goto(base_url + "/zh/layout/3f?at=3f")
    shoot(page, "phone-layout-plan")
    page.locator("a.plan-room", has_text="").first.dispatch_event("click")  # a room on the plan is a link
    page.wait_for_url(re.compile(r"/zh/spaces/"))


def test_phone_tower_every_floor_in_order_each_opens_its_plan(phone_nojs: Page, tower_url: str) -> None:
    page = phone_nojs
    page.goto(tower_url + "/en/layout/")
    assert floor_labels(page) == TOWER_ORDER
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    hrefs = page.locator(".section-link").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    for label, href in zip(TOWER_ORDER, hrefs, strict=True):
        page.goto(tower_url + href)
        assert page.locator("h1 .floor-tag").inner_text() == label
        if page.locator("svg.plan-svg").count():
            assert page.evaluate(SMALLEST_PLAN_TEXT) >= 12, label


@pytest.mark.parametrize(
    ("server", "kiosk_id", "order"), [("base_url", "lobby", SHIPPED_ORDER), ("tower_url", "g-hall", TOWER_ORDER)]
)
def test_kiosk_fits_every_floor_without_scrolling(
    kiosk: Page, request: pytest.FixtureRequest, server: str, kiosk_id: str, order: list[str]
) -> None:
    url = request.getfixturevalue(server)
    for display in ("", "&text=large"):
        kiosk.goto(f"{url}/zh/layout/?kiosk={kiosk_id}{display}")
        kiosk.wait_for_load_state("networkidle")
        assert floor_labels(kiosk) == order
        fit = kiosk.evaluate(KIOSK_FIT)
        assert fit["scroll"] <= 0 and fit["lowest"] <= fit["dock"], (display, fit)
        assert fit["shortest"] >= 60, (display, fit)  # each floor still a kiosk-sized target
        measured = kiosk.evaluate(MEASURE_RULES)
        assert measured["tiny"] == [], display
        if not display:
            shoot(kiosk, f"kiosk-layout-{kiosk_id}")


# What each floor row of the lobby screen shows, as the visitor sees it: whether any text is cut off
# at the row's edge, the spaces visible whole on its one line, the listed and unlisted ones, and "+N".
ROWS_AS_SEEN = """
() => [...document.querySelectorAll('.section-floor')].map((li) => {
  const body = li.querySelector('.section-body').getBoundingClientRect();
  const name = li.querySelector('.section-name-text').getBoundingClientRect();
  const tag = li.querySelector('.here-tag');
  const line = li.querySelector('.section-spaces');
  const more = li.querySelector('.section-more');
  const shown = line && line.offsetParent ? line.getBoundingClientRect() : null;
  const chips = line ? [...line.children].map((c) => c.getBoundingClientRect()) : [];
  const whole = shown ? chips.filter((c) => c.top < shown.bottom && c.bottom <= shown.bottom + 1) : [];
  return {
    label: li.querySelector('.section-label').textContent,
    nameCut: name.bottom > body.bottom + 1 || name.top < body.top - 1,
    tagCut: tag ? tag.getBoundingClientRect().right > body.right + 1 : false,
    spacesCut: whole.some((c) => c.right > shown.right + 1),
    visible: whole.length,
    listed: chips.length + (more ? Number(more.dataset.more) : 0),
    more: more && !more.hidden && shown ? Number(more.textContent.replace('+', '')) : 0,
  };
})
"""


@pytest.mark.parametrize(("server", "kiosk_id"), [("base_url", "lobby"), ("tower_url", "g-hall")])
def test_kiosk_layout_never_cuts_a_name_or_a_space_and_counts_the_rest(
    kiosk: Page, request: pytest.FixtureRequest, server: str, kiosk_id: str
) -> None:
    url = request.getfixturevalue(server)
    for display in ("/zh/layout/?kiosk={}", "/en/layout/?kiosk={}", "/zh/layout/?kiosk={}&text=large"):
        kiosk.goto(url + display.format(kiosk_id))
        kiosk.wait_for_load_state("networkidle")
        rows = kiosk.evaluate(ROWS_AS_SEEN)
        for row in rows:
            assert not (row["nameCut"] or row["tagCut"] or row["spacesCut"]), (display, row)
            if row["visible"]:  # a line of spaces on screen: "+N" says exactly how many more the floor has
                assert row["more"] == row["listed"] - row["visible"], (display, row)
        if "large" not in display:  # with room for two lines, every floor with spaces shows some, whole
            assert all(row["visible"] for row in rows if row["listed"]), display
        if kiosk_id == "g-hall" and display.startswith("/zh/layout/?kiosk={}") and "large" not in display:
            crowded = next(row for row in rows if row["label"] == "G")
            assert crowded["more"] > 0 and crowded["visible"] >= 1  # 12 counters: a few by name, "+N" the rest


@pytest.mark.parametrize(("server", "floor"), [("base_url", "3f"), ("tower_url", "11f")])
def test_phone_plan_opens_with_you_are_here_in_view(
    phone: Page, request: pytest.FixtureRequest, server: str, floor: str
) -> None:
    url = request.getfixturevalue(server)
    for zoom in ("", "&zoom=3"):  # at 3x the plan is five phones wide
        phone.goto(f"{url}/en/layout/{floor}?at={floor}{zoom}")
        phone.wait_for_load_state("networkidle")
        here = phone.locator(".full-plan .plan-here-dot").bounding_box()
        assert here is not None
        middle = here["x"] + here["width"] / 2
        assert 0 < middle < 360, (zoom, here)  # on screen, without scrolling sideways by hand
        assert phone.evaluate("document.querySelector('.full-plan').scrollLeft") > 0 or middle < 300, zoom


def test_on_a_phone_the_script_waits_for_the_stylesheets(phone: Page, base_url: str) -> None:
    """First paint waits for the stylesheets only: kiosk.js must not share their bandwidth (slow 3G, bench_layout)."""
    events: list[tuple[str, str]] = []
    phone.on("request", lambda request: events.append(("asked", request.url.split("?")[0].rsplit("/", 1)[-1])))
    phone.on("requestfinished", lambda request: events.append(("got", request.url.split("?")[0].rsplit("/", 1)[-1])))
    phone.goto(base_url + "/zh/layout/", wait_until="load")
    assert events.index(("asked", "kiosk.js")) > events.index(("got", "kiosk.css"))
    assert events.index(("asked", "kiosk.js")) > events.index(("got", "site.css"))
    # ...and then it runs as before: the plan page centres "you are here" (kiosk.js).
    phone.goto(base_url + "/zh/layout/3f?at=3f", wait_until="load")  # a script added before "load" delays it
    assert phone.evaluate("document.querySelector('.full-plan').scrollLeft") > 0


def test_kiosk_home_reaches_the_layout(kiosk: Page, base_url: str) -> None:
    kiosk.goto(base_url + "/zh/?kiosk=lobby")
    kiosk.locator(".quick-layout").tap()
    kiosk.wait_for_url(re.compile(r"/zh/layout/\?kiosk=lobby$"))


def test_no_serious_axe_violations(browser: Browser, base_url: str, tower_url: str) -> None:
    found = {}
    for viewport, paths in [
        (PHONE, [base_url + "/zh/layout/?at=3f", base_url + "/en/layout/2f?at=2f", tower_url + "/ja/layout/"]),
        (PORTRAIT, [base_url + "/zh/layout/?kiosk=lobby", tower_url + "/en/layout/?kiosk=g-hall&contrast=high"]),
    ]:
        context = new_context(browser, viewport)
        page = context.new_page()
        try:
            for path in paths:
                page.goto(path)
                page.wait_for_load_state("networkidle")
                found[path] = serious(page)
        finally:
            context.close()
    assert found == {path: [] for path in found}


def test_kiosk_layout_and_plan_without_console_errors(kiosk: Page, base_url: str) -> None:
    errors: list[str] = []
    kiosk.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    kiosk.on("pageerror", lambda error: errors.append(str(error)))
    kiosk.goto(base_url + "/en/layout/?kiosk=lobby")
    kiosk.wait_for_load_state("networkidle")
    kiosk.locator(".section-link", has_text="2F").tap()
    kiosk.wait_for_url(re.compile(r"/en/layout/2f\?kiosk=lobby$"))
    kiosk.wait_for_load_state("networkidle")
    assert kiosk.locator("svg.plan-svg").count() == 1
    assert kiosk.evaluate("document.documentElement.scrollWidth") <= PORTRAIT["width"]
    assert errors == []
