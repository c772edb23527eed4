"""The staff console in Chromium: sign in, post an urgent notice, see it on the lobby screen; screenshots."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from kiosk.staff import accounts
from tests.browser.conftest import SCREENSHOTS, new_context
from tests.helpers.buildings import BUNDLED
from tests.helpers.servers import Server, get, running_server

PASSWORD = "correct horse battery"
DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the served floors.yaml and the console's files are."""
    return tmp_path_factory.mktemp("staff")


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[Server]:
    shutil.copy(BUNDLED, folder / "floors.yaml")
    accounts.add_account(folder / "staff.json", "li", PASSWORD, "admin")
    accounts.add_account(folder / "staff.json", "wang", PASSWORD, "editor")
    with running_server(folder / "floors.yaml") as running:
        yield running


def shoot(page: Page, name: str) -> None:
    """The whole page, for a person to judge as staff would (long forms included)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, base: str, name: str = "li") -> None:
    page.goto(f"{base}/staff/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/staff/")


def test_the_lobby_listener_never_shows_the_console(server: Server) -> None:
    assert get(server.lobby_port, "/staff/login")[0] == 404
    assert get(server.port, "/staff/login")[0] == 200


@pytest.mark.parametrize(("viewport", "size"), [(DESK, "desk"), (PHONE, "phone")])
def test_post_an_urgent_notice_and_see_it_on_the_lobby_screen(
    browser: Browser, server: Server, viewport: dict, size: str
) -> None:
    base = f"http://127.0.0.1:{server.port}"
    context = new_context(browser, viewport, is_mobile=size == "phone")
    page = context.new_page()
    page.goto(f"{base}/staff/login")
    shoot(page, f"staff-login-{size}")
    sign_in(page, base)
    shoot(page, f"staff-home-{size}")
    page.goto(f"{base}/staff/notices/new")
    page.fill("textarea[name='text.zh']", f"三楼漏水，今日关闭（{size}）")
    page.fill("textarea[name='text.en']", f"3F closed today: water leak ({size})")
    page.check("input[name=level][value=urgent]")
    shoot(page, f"staff-notice-form-{size}")
    page.click("button.primary")
    page.wait_for_url(f"{base}/staff/notices")
    shoot(page, f"staff-notices-{size}")
    lobby = context.new_page()
    deadline = time.monotonic() + 3
    while True:
        lobby.goto(f"http://127.0.0.1:{server.lobby_port}/zh/?kiosk=lobby")
        if f"三楼漏水，今日关闭（{size}）" in lobby.content():
            break
        assert time.monotonic() < deadline, "the urgent notice did not reach the lobby screen"
        time.sleep(0.2)
    for url, name in (
        ("/staff/facilities", "facilities"),
        ("/staff/facilities/lifts/out", "outage-form"),
        ("/staff/spaces/library", "space-form"),
        ("/staff/closures/new", "closure-form"),
        ("/staff/events/new", "event-form"),
        ("/staff/history", "history"),
        ("/staff/accounts", "accounts"),
    ):
        page.goto(base + url)
        shoot(page, f"staff-{name}-{size}")
    for url in ("/zh/search?q=借书卡", "/zh/spaces/library", "/en/?from=lobby"):
        lobby.goto(base + url)
    page.goto(f"{base}/staff/analytics")
    assert page.locator("svg.chart").count() == 2
    shoot(page, f"staff-analytics-{size}")
    page.goto(f"{base}/staff/history")
    page.click(".cards li:first-child a")
    shoot(page, f"staff-diff-{size}")
    # A mistake: shown next to its field.
    page.goto(f"{base}/staff/spaces/library")
    page.fill("input[name=hours]", "周一至周五 9-17")
    page.click("button.primary")
    assert page.locator(".field-bad").count() >= 1
    shoot(page, f"staff-space-error-{size}")
    context.close()


def test_two_staff_in_two_browsers_save_at_once_and_the_second_is_refused_with_input_kept(
    browser: Browser, server: Server, folder: Path
) -> None:
    base = f"http://127.0.0.1:{server.port}"
    people = {"li": "Mo-Su 09:00-17:00", "wang": "Mo-Fr 10:00-16:00"}
    pages: dict[str, Page] = {}
    for name, hours in people.items():
        page = new_context(browser, DESK).new_page()
        sign_in(page, base, name)
        page.goto(f"{base}/staff/spaces/library")  # both open the same form, on the same version
        page.fill("input[name=hours]", hours)
        page.fill("textarea[name='description.en']", f"Written by {name} in another browser")
        pages[name] = page
    # Both press Save together: neither waits for the other's answer.
    for page in pages.values():
        page.click("button.primary", no_wait_after=True)
    for page in pages.values():
        page.wait_for_load_state("load")
        expect(page.locator(".flash")).to_be_attached(timeout=15_000)  # polled from here: CSP forbids eval in the page
    saved = [name for name, page in pages.items() if page.url == f"{base}/staff/spaces"]
    refused = [name for name, page in pages.items() if page.url != f"{base}/staff/spaces"]
    assert len(saved) == 1 and len(refused) == 1, (saved, refused)
    loser = pages[refused[0]]
    said = loser.locator(".flash-bad").inner_text()
    assert "没有保存" in said and "someone else changed the building while you were editing" in said
    assert loser.input_value("input[name=hours]") == people[refused[0]]  # nothing typed is lost
    assert loser.input_value("textarea[name='description.en']") == f"Written by {refused[0]} in another browser"
    # What the other person saved is said under each field, and who saved it: decided on this page.
    assert people[saved[0]] in loser.locator(".saved-now[data-field=hours]").inner_text()
    assert saved[0] in loser.locator(".meanwhile").inner_text()
    shoot(loser, "staff-two-browsers-refused-desk")
    text = (folder / "floors.yaml").read_text(encoding="utf-8")
    assert people[saved[0]] in text and people[refused[0]] not in text
    # Saving again from the refused form (now on the latest version) goes through.
    loser.click("button.primary")
    loser.wait_for_url(f"{base}/staff/spaces")
    assert people[refused[0]] in (folder / "floors.yaml").read_text(encoding="utf-8")
    for page in pages.values():
        page.context.close()


def test_lobby_searches_count_once_per_pause_or_tap_and_posters_show_in_the_console(
    browser: Browser, server: Server
) -> None:
    lobby_base = f"http://127.0.0.1:{server.lobby_port}"
    screen = new_context(browser, {"width": 1080, "height": 1920}).new_page()
    beacons: list[str] = []
    screen.on(
        "request",
        lambda request: beacons.append(request.post_data or "") if "/count/search" in request.url else None,
    )
    screen.goto(f"{lobby_base}/zh/search?kiosk=lobby")
    screen.wait_for_selector("form.search-form.is-instant")
    started = time.monotonic()
    for key in "zzqx":  # four taps on the on-screen keyboard: no beacon per key
        screen.click(f".keyboard [data-key='{key}']")
    screen.wait_for_timeout(1000)
    assert beacons == []
    deadline = time.monotonic() + 8
    while not beacons and time.monotonic() < deadline:
        screen.wait_for_timeout(200)
    assert beacons == ["q=zzqx"], beacons  # one, after the pause
    assert time.monotonic() - started >= 3
    screen.click(".keyboard [data-key='clear']")
    for key in "tsg":
        screen.click(f".keyboard [data-key='{key}']")
    screen.click(".results a >> nth=0")  # tapped at once: counted without waiting for a pause
    deadline = time.monotonic() + 3
    while len(beacons) < 2 and time.monotonic() < deadline:
        screen.wait_for_timeout(100)
    assert beacons == ["q=zzqx", "q=tsg"]
    screen.wait_for_timeout(3500)
    assert len(beacons) == 2  # the pending pause did not count it twice
    screen.context.close()
    # The word that found nothing is in the console's list, counted from the lobby screen.
    base = f"http://127.0.0.1:{server.port}"
    phone = new_context(browser, PHONE, is_mobile=True).new_page()
    for url in ("/zh/spaces/library?scan=space-library",) * 3 + ("/zh/?scan=building", "/en/floors/3f?scan=floor-3f"):
        phone.goto(base + url)  # as printed posters' codes open
        assert "scan=" not in phone.content()
    phone.context.close()
    page = new_context(browser, DESK).new_page()
    sign_in(page, base, "wang")
    page.goto(f"{base}/staff/analytics")
    assert "“zzqx” — 1" in page.locator("ul.cards").inner_text()
    first = page.locator("table.numbers tbody tr").first.inner_text()
    assert "图书馆 Library" in first and "3" in first
    shoot(page, "staff-analytics-kiosk-searches-desk")
    page.set_viewport_size(PHONE)  # the table of posters on a phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "staff-analytics-kiosk-searches-phone")
    page.context.close()
