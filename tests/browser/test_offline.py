"""The lobby screen never shows the browser's error page: the server dies, the kiosk goes on."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PORTRAIT, ROOT, load_paused, new_context, shoot, start_server, stop_server
from tests.helpers.servers import free_port

START = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai, a Friday
NOTICE = "所有公共空间免费向居民开放，欢迎参观"
EDITED_NOTICE = "三楼图书馆今日整理书架，暂停借阅"
COPY_NAMES = "caches.keys().then((names) => names.filter((n) => n.startsWith('kiosk-copy-')))"


def copies(page: Page) -> list[str]:
    return page.evaluate(COPY_NAMES)


def wait_for_copy(page: Page, other_than: str | None = None, timeout: float = 30) -> str:
    """Wait until the service worker controls the page and holds one complete copy (not `other_than`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        names = copies(page)
        controlled = page.evaluate("Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)")
        if controlled and len(names) == 1 and names[0] != other_than:
            return names[0]
        time.sleep(0.2)
    raise AssertionError(f"no complete copy: {copies(page)}")


def assert_kiosk_screen(page: Page) -> None:
    """Every screen is the kiosk's own page, in kiosk mode: never chrome-error://."""
    assert page.url.startswith("http://127.0.0.1"), page.url
    expect(page.locator("html")).to_have_class(re.compile(r"\bmode-kiosk\b"))


@pytest.fixture
def site(tmp_path: Path) -> Iterator[dict]:
    """A server of its own (this test kills it), on a copy of floors.yaml with short idle times."""
    config = tmp_path / "floors.yaml"
    shutil.copy(ROOT / "floors.yaml", config)
    text = config.read_text(encoding="utf-8").replace("idle_seconds: 90", "idle_seconds: 15")
    config.write_text(text.replace("countdown_seconds: 30", "countdown_seconds: 20"), encoding="utf-8")
    port = free_port()
    state = {"config": config, "port": port, "url": f"http://127.0.0.1:{port}", "process": start_server(config, port)}
    yield state
    stop_server(state["process"])


def kill(process: subprocess.Popen) -> None:
    process.kill()  # a crash, not a clean stop
    process.wait(timeout=10)


def test_with_the_server_down_every_tap_shows_the_kiosk_and_an_edit_shows_after_the_idle_reset(
    browser: Browser, site: dict
):
    context = new_context(browser, PORTRAIT)
    page = context.new_page()
    try:
        load_paused(page, site["url"] + "/?kiosk=lobby", START)  # only run_for moves the page's time
        first_copy = wait_for_copy(page)
        page.reload()  # now under the worker's control from the first byte
        expect(page.locator("main")).to_contain_text(NOTICE)
        expect(page.locator("[data-offline]")).to_be_hidden()

        kill(site["process"])

        page.locator(".floor-button", has_text="3F").first.tap()  # floor
        page.wait_for_url(re.compile(r"/zh/floors/3f\?kiosk=lobby$"))
        assert_kiosk_screen(page)
        expect(page.locator("h1")).to_contain_text("3F")
        mark = page.locator("[data-offline]")
        expect(mark).to_be_visible()
        expect(mark).to_contain_text(re.compile(r"离线（\d\d:\d\d 起）"))
        expect(mark).to_contain_text(re.compile(r"Offline since \d\d:\d\d"))

        page.locator("main a[href*='/spaces/']").first.tap()  # a space on that floor
        page.wait_for_url(re.compile(r"/zh/spaces/[a-z0-9-]+\?kiosk=lobby$"))
        assert_kiosk_screen(page)
        expect(page.locator(".plan").first).to_be_visible()

        page.locator(".topbar-search").tap()  # search, with the index from the copy
        page.wait_for_url(re.compile(r"/zh/search\?kiosk=lobby$"))
        assert_kiosk_screen(page)
        for key in "tsg":
            page.locator(f".key[data-key='{key}']").tap()
        result = page.locator(".results a", has_text="图书馆")
        expect(result).to_be_visible()
        result.tap()
        page.wait_for_url(re.compile(r"/zh/spaces/library\?kiosk=lobby$"))
        assert_kiosk_screen(page)
        expect(page.locator("h1")).to_contain_text("图书馆")
        shoot(page, "kiosk-offline-space")

        page.locator(".topbar-home").tap()  # home
        page.wait_for_url(re.compile(r"/zh/\?kiosk=lobby$"))
        assert_kiosk_screen(page)
        expect(page.locator("main")).to_contain_text(NOTICE)

        # A page the copy does not have (the posters are for staff): the kiosk's own "one moment" page.
        page.goto(site["url"] + "/zh/posters/?kiosk=lobby")
        assert_kiosk_screen(page)
        expect(page.locator("h1")).to_contain_text("请稍候")
        expect(page.locator("h1")).to_contain_text("One moment")
        shoot(page, "kiosk-offline-one-moment")

        page.goto(site["url"] + "/zh/?kiosk=lobby")
        expect(page.locator("main")).to_contain_text(NOTICE)
        config: Path = site["config"]
        config.write_text(config.read_text(encoding="utf-8").replace(NOTICE, EDITED_NOTICE), encoding="utf-8")
        site["process"] = start_server(config, site["port"])

        page.locator("h1").tap()  # a visitor, then nobody: the idle reset goes home
        page.clock.run_for(15_500)
        expect(page.locator("#idle")).to_be_visible()
        page.clock.run_for(20_500)
        expect(page.locator("main")).to_contain_text(EDITED_NOTICE)
        assert_kiosk_screen(page)
        expect(page.locator("[data-offline]")).to_be_hidden()
        wait_for_copy(page, other_than=first_copy)  # and the copy is now of the new version
    finally:
        context.close()


def test_without_the_worker_a_tap_while_the_server_is_down_waits_on_the_kiosk_and_then_arrives(
    browser: Browser, site: dict
):
    # The first minutes of a new install, or a browser that refuses service workers: kiosk.js alone.
    context = new_context(browser, PORTRAIT, service_workers="block")
    page = context.new_page()
    try:
        load_paused(page, site["url"] + "/zh/?kiosk=lobby", START)
        page.locator("h1").tap()
        kill(site["process"])
        page.locator(".floor-button", has_text="3F").first.tap()
        waiting = page.locator("#waiting")
        expect(waiting).to_be_visible()
        expect(waiting).to_contain_text("请稍候")
        expect(waiting).to_contain_text("One moment")
        assert_kiosk_screen(page)
        assert re.search(r"/zh/\?kiosk=lobby$", page.url)
        shoot(page, "kiosk-offline-waiting-overlay")
        site["process"] = start_server(site["config"], site["port"])
        page.clock.run_for(5_500)  # the retry
        page.wait_for_url(re.compile(r"/zh/floors/3f\?kiosk=lobby$"))
        expect(page.locator("h1")).to_contain_text("3F")
        expect(waiting).to_be_hidden()
    finally:
        context.close()
