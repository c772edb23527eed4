"""The 7-day hours and What's on in real Chromium: lobby screen and phone, with screenshots to look at."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import MEASURE_RULES, PHONE, ROOT, serving, shoot


def _calendar_building(folder: Path) -> Path:
    """The shipped building with a closure, special hours, events and an urgent notice in the days ahead."""
    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    day = lambda n: (today + dt.timedelta(days=n)).isoformat()  # noqa: E731
    text = (ROOT / "floors.yaml").read_text(encoding="utf-8")
    # The library gets its own hours with a comment, shown under the week.
    library_hours = '    hours: Mo-Su 08:30-17:00 "需预约 / booking required"\n'
    text = text.replace("  - id: library\n", "  - id: library\n" + library_hours)
    text += f"""
  - title: {{zh: 书法入门, en: Calligraphy for beginners}}
    space: community-school
    description: {{zh: 笔墨纸砚现场提供, en: Brushes and paper provided}}
    starts: {day(0)} 09:30
    ends: {day(0)} 11:00
    repeat: FREQ=DAILY
    booking_required: true
    booking_url: https://booking.example.org/calligraphy
    capacity: 20
  - title: {{zh: 防诈骗讲座, en: Talk on avoiding scams}}
    space: library
    starts: {day(2)} 15:00
    ends: {day(2)} 16:00
  - title: {{zh: 新泾非遗展, en: Xinjing heritage exhibition}}
    space: folk-art-museum
    starts: {day(0)}
    ends: {day(6)}

closures:
  - date: {day(3)}
    spaces: [library]
    reason: {{zh: 书架改造, en: New shelves}}

special_hours:
  - date: {day(4)}
    hours: "08:30-12:00"
    reason: {{zh: 消防演习，下午闭馆, en: Fire drill; closed in the afternoon}}
"""
    text = text.replace(
        "notices:\n",
        f"notices:\n  - text: {{zh: 三楼今日漏水，暂停开放, en: 3F closed today for a water leak}}\n"
        f"    level: urgent\n    ends: {day(0)}\n",
    )
    path = folder / "floors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def calendar_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(_calendar_building(tmp_path_factory.mktemp("calendar"))) as url:
        yield url


def test_space_week_on_the_lobby_screen(kiosk: Page, calendar_url: str) -> None:
    kiosk.goto(calendar_url + "/zh/spaces/library?kiosk=lobby")
    assert kiosk.locator(".urgent").is_visible()
    # Measured as the page opens: scrolled, the sticky top bar sits over the content by design.
    measured = kiosk.evaluate(MEASURE_RULES)
    assert measured["tiny"] == [] and measured["small"] == [] and measured["crowded"] == []
    assert measured["scrollWidth"] <= measured["innerWidth"]
    table = kiosk.locator(".week-table")
    table.scroll_into_view_if_needed()
    assert table.locator("tr").count() == 7
    assert "书架改造" in table.inner_text() and "消防演习" in table.inner_text()
    kiosk.locator("#week-heading").scroll_into_view_if_needed()
    shoot(kiosk, "kiosk-space-week")


def test_whats_on_on_the_lobby_screen(kiosk: Page, calendar_url: str) -> None:
    kiosk.goto(calendar_url + "/zh/events?kiosk=lobby")
    assert kiosk.locator(".event-day").count() == 7
    assert kiosk.locator(".event-code img").first.evaluate("img => img.naturalWidth") > 0
    measured = kiosk.evaluate(MEASURE_RULES)
    assert measured["tiny"] == [] and measured["small"] == [] and measured["crowded"] == []
    assert measured["scrollWidth"] <= measured["innerWidth"]
    shoot(kiosk, "kiosk-whats-on")


@pytest.mark.parametrize(
    ("path", "name"), [("/en/spaces/library", "phone-space-week"), ("/en/events", "phone-whats-on")]
)
def test_phone_pages_fit(phone: Page, calendar_url: str, path: str, name: str) -> None:
    phone.goto(calendar_url + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if "spaces" in path:
        phone.evaluate("document.getElementById('week-heading').scrollIntoView(); scrollBy(0, -80)")
    else:
        book = phone.locator(".event-book a").first
        assert book.get_attribute("href") == "https://booking.example.org/calligraphy"  # a phone may leave
    shoot(phone, name)


def test_high_contrast_whats_on(kiosk: Page, calendar_url: str) -> None:
    kiosk.goto(calendar_url + "/en/events?kiosk=lobby&contrast=high")
    measured = kiosk.evaluate(MEASURE_RULES)
    assert measured["tiny"] == [] and measured["scrollWidth"] <= measured["innerWidth"]
    shoot(kiosk, "kiosk-whats-on-contrast")
