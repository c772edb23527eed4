"""deploy/kiosk_watchdog.py against a real Chromium: a kiosk page answers, an error page does not."""

from __future__ import annotations

import importlib.util
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser.conftest import CHROMIUM, ROOT
from tests.helpers.servers import free_port

spec = importlib.util.spec_from_file_location("kiosk_watchdog", ROOT / "deploy" / "kiosk_watchdog.py")
watchdog = importlib.util.module_from_spec(spec)
spec.loader.exec_module(watchdog)


@contextmanager
def chromium_showing(url: str, profile: Path) -> Iterator[str]:
    """Chromium with DevTools on loopback showing `url`, as kiosk-browser starts it; yields the DevTools address."""
    port = free_port()
    command = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--remote-debugging-address=127.0.0.1", f"--remote-debugging-port={port}",
               f"--user-data-dir={profile}", url]  # fmt: skip
    browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    devtools = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(devtools + "/json/version", timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "Chromium did not open DevTools"
                time.sleep(0.2)
        yield devtools
    finally:
        browser.terminate()
        browser.wait(timeout=10)


def settle(devtools: str, origin: str, expect: str | None) -> str | None:
    """The watchdog's verdict once the page has loaded: None, or a problem containing `expect` (at most 15 s)."""
    deadline = time.monotonic() + 15
    while True:
        problem = watchdog.diagnose(devtools, origin)
        if (problem is None if expect is None else expect in (problem or "")) or time.monotonic() > deadline:
            return problem
        time.sleep(0.3)


def test_the_watchdog_finds_the_kiosk_page_answering(base_url: str, tmp_path: Path):
    with chromium_showing(base_url + "/?kiosk=lobby", tmp_path / "profile") as devtools:
        assert settle(devtools, base_url, expect=None) is None


def test_the_watchdog_sees_an_error_page_and_a_dead_browser(tmp_path: Path):
    dead = f"http://127.0.0.1:{free_port()}"
    with chromium_showing(dead + "/?kiosk=lobby", tmp_path / "profile") as devtools:
        problem = settle(devtools, dead, expect="chrome-error://")
        assert problem is not None and "chrome-error://" in problem
    assert "does not answer" in watchdog.diagnose(devtools, dead)
