"""The staff console in Chromium: sign in, post an urgent notice, see it on the lobby screen; screenshots."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from kiosk.staff import accounts
from tests.browser.conftest import SCREENSHOTS, new_context
from tests.conftest import BUNDLED
from tests.servers import Server, get, running_server

PASSWORD = "correct horse battery"
DESK = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("staff")
    shutil.copy(BUNDLED, folder / "floors.yaml")
    accounts.add_account(folder / "staff.json", "li", PASSWORD, "admin")
    with running_server(folder / "floors.yaml") as running:
        yield running


def shoot(page: Page, name: str) -> None:
    """The whole page, for a person to judge as staff would (long forms included)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/staff/login")
    page.fill("input[name=name]", "li")
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
