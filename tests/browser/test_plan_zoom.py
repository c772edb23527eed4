"""A phone's full-screen plan zooms by tap as well as by pinch (360×740, JS on).

It opens at the size where the smallest name is ≥ 12 CSS px; + and − (≥ 48 px) step 1.5×; a double tap
on the plan zooms in at that point (the point stays under the finger); − back to where it opened.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, shoot

SMALLEST_NAME = (
    "() => Math.min(...[...document.querySelectorAll('#plan-view-3f .plan-labels text')].map((t) => "
    "parseFloat(t.getAttribute('font-size')) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b)))"
)

# The middle-most point of the shown plan where no link is (scanning a grid).
EMPTY_POINT = """
() => {
  const box = document.querySelector('#plan-view-3f .plan-svg').getBoundingClientRect();
  const cx = Math.min(box.left + box.width / 2, innerWidth / 2);
  const cy = Math.min(box.top + box.height / 2, innerHeight / 2);
  let best = null;
  for (let x = 20; x < innerWidth - 20; x += 8) for (let y = 80; y < innerHeight - 100; y += 8) {
    const el = document.elementFromPoint(x, y);
    if (!el || !el.closest('.plan-svg') || el.closest('a')) continue;
    const d = Math.hypot(x - cx, y - cy);
    if (!best || d < best[2]) best = [x, y, d];
  }
  return best.slice(0, 2);
}
"""
# Where a viewport point falls on the plan, as fractions of its width and height.
PLAN_POINT = """
([x, y]) => {
  const box = document.querySelector('#plan-view-3f .plan-svg').getBoundingClientRect();
  return [(x - box.left) / box.width, (y - box.top) / box.height];
}
"""


def open_full_screen(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.locator("#plan-view-3f .plan-open").tap()
    expect(page.locator("#plan-view-3f .plan-close")).to_be_visible()


def test_plus_and_minus_are_large_and_step_the_zoom(phone: Page, base_url: str):
    open_full_screen(phone, base_url + "/zh/spaces/library?from=lobby")
    opening = phone.evaluate(SMALLEST_NAME)
    assert opening >= 12, opening
    # It opens on the route (the plan is wider than the phone): the destination's door is in view.
    end = phone.locator("#plan-view-3f .plan-route-end").bounding_box()
    assert end and end["x"] >= 0 and end["x"] + end["width"] <= PHONE["width"], end
    shoot(phone, "route-library-phone-full-screen-js")
    zoom_in, zoom_out = phone.locator("#plan-view-3f .plan-zoom-in"), phone.locator("#plan-view-3f .plan-zoom-out")
    for button in (zoom_in, zoom_out):
        box = button.bounding_box()
        assert box and box["width"] >= 48 and box["height"] >= 48, box
        assert box["x"] + box["width"] <= PHONE["width"] and box["y"] + box["height"] <= PHONE["height"]
    expect(zoom_in).to_have_attribute("aria-label", "放大")
    expect(zoom_out).to_be_disabled()  # it opens at the smallest readable size
    zoom_in.tap()
    assert abs(phone.evaluate(SMALLEST_NAME) / opening - 1.5) < 0.05
    zoom_in.tap()
    assert abs(phone.evaluate(SMALLEST_NAME) / opening - 2.25) < 0.1
    shoot(phone, "route-library-phone-zoomed")
    zoom_out.tap()
    zoom_out.tap()
    assert abs(phone.evaluate(SMALLEST_NAME) - opening) < 0.1
    expect(zoom_out).to_be_disabled()


def test_a_double_tap_zooms_in_where_it_lands(phone: Page, base_url: str):
    open_full_screen(phone, base_url + "/en/spaces/library?from=lobby")
    opening = phone.evaluate(SMALLEST_NAME)
    # A point of the plan that is not a room's link (a room's name opens its page): a corridor, say.
    x, y = phone.evaluate(EMPTY_POINT)
    before = phone.evaluate(PLAN_POINT, [x, y])
    phone.touchscreen.tap(x, y)
    phone.touchscreen.tap(x, y)
    assert abs(phone.evaluate(SMALLEST_NAME) / opening - 1.5) < 0.05
    after = phone.evaluate(PLAN_POINT, [x, y])
    # The same spot under the finger across (the plan is wider than the phone; down, the whole plan
    # still fits the screen at 1.5×, so there is nothing to scroll and it stays where it fits).
    assert abs(after[0] - before[0]) < 0.02, (before, after)
    assert "/spaces/library" in phone.url  # zooming never followed a link


def test_where_are_you_works_on_a_phone_without_javascript(phone_nojs: Page, base_url: str):
    """The chooser (a poster's link has no `from`): an entrance gives a route, a floor gives its plan."""
    phone_nojs.goto(base_url + "/en/spaces/library#directions")
    shoot(phone_nojs, "where-are-you-phone-en")
    phone_nojs.locator(".route-ask-list a", has_text="Main entrance").click()
    route = phone_nojs.locator("#directions")
    expect(route.locator(".route-from")).to_contain_text("Main entrance")
    expect(route.locator(".plan-here-dot").first).to_be_attached()
    expect(route.locator(".route-steps li").first).to_be_visible()
    shoot(phone_nojs, "where-are-you-phone-entrance-en")
    phone_nojs.goto(base_url + "/zh/spaces/library")
    phone_nojs.locator(".route-ask-floors a", has_text="5F").click()
    expect(route.locator(".route-from")).to_have_text("您在5F。")
    # From a floor the way starts at the stairs or lift of that floor that reach 3F soonest, marked on 5F's plan
    expect(route.locator(".route-steps li").first).to_contain_text("已在5F的平面图上标出")
    expect(route.locator(".route-steps")).to_contain_text("到3F")
    expect(route.locator(".plan-here-dot")).to_have_count(0)
    expect(route.locator(".plan-room.is-target")).to_have_count(1)
    shoot(phone_nojs, "where-are-you-phone-floor-zh")
