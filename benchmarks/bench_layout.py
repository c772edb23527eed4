"""Budgets of the building layout page, measured in Chromium against `kiosk serve`:

- first load of /zh/layout/ on a phone: at most 60 KB transferred (compressed, headers included);
- each floor's plan opened from it: at most 30 KB more (the stylesheets are cached by then);
- first contentful paint on a throttled slow-3G network: at most 1.5 s.

Bytes are what the network carried (CDP `Network.loadingFinished` encodedDataLength). Slow 3G is
WebPageTest's "3G Slow" profile: 400 ms round trip, 400 kbit/s down and up, applied with CDP
`Network.emulateNetworkConditions`. (DevTools' own "Slow 3G" preset adds 2 s to every request,
which no page can paint under 1.5 s with.) The FCP is the median of 3 cold loads.

    python benchmarks/bench_layout.py [--config tests/buildings/tower-v2.yaml]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import Browser, CDPSession, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, start_server, stop_server  # noqa: E402
from tests.helpers.servers import free_port  # noqa: E402

FIRST_LOAD_BUDGET = 60 * 1024
PLAN_BUDGET = 30 * 1024
FCP_BUDGET_MS = 1500
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
FCP_RUNS = 5
PAGE = "/zh/layout/"


class Transferred:
    """Bytes the network carried for a page, counted from CDP events."""

    def __init__(self, cdp: CDPSession):
        self.total = 0
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict) -> None:
        self.total += int(event.get("encodedDataLength", 0))

    def take(self) -> int:
        """The bytes counted since the last take."""
        total, self.total = self.total, 0
        return total


def sizes(browser: Browser, base: str) -> tuple[int, list[tuple[str, int]]]:
    """The first load's bytes, then each floor plan's bytes opened from it, on a phone."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    counter = Transferred(context.new_cdp_session(page))
    page.goto(base + PAGE, wait_until="networkidle")
    first = counter.take()
    links = page.locator(".section-link").evaluate_all(
        "(a) => a.map((l) => [l.href, l.querySelector('.section-label').textContent])"
    )
    plans = []
    for href, label in links:
        page.goto(href, wait_until="networkidle")
        plans.append((label, counter.take()))
        page.goto(base + PAGE, wait_until="networkidle")  # back, as a visitor taps Back: cached
        counter.take()
    context.close()
    return first, plans


def first_contentful_paint_ms(browser: Browser, base: str, path: str = PAGE) -> float:
    """The median FCP of a page over a few cold loads on slow 3G."""
    times = []
    for _ in range(FCP_RUNS):
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        page.goto(base + path, wait_until="load")
        fcp = page.evaluate(
            "new Promise((done) => new PerformanceObserver((list) => {"
            " const e = list.getEntriesByName('first-contentful-paint')[0]; if (e) done(e.startTime); })"
            ".observe({type: 'paint', buffered: true}))"
        )
        times.append(float(fcp))
        context.close()
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "floors.yaml")
    config = parser.parse_args().config
    port = free_port()
    server = start_server(config.resolve(), port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            first, plans = sizes(browser, base)
            fcp = first_contentful_paint_ms(browser, base)
            # The home page in the same run: a reference for how loaded this machine is.
            reference = first_contentful_paint_ms(browser, base, "/zh/")
            browser.close()
    finally:
        stop_server(server)
    print(f"{config.name}: {PAGE} first load {first / 1024:.1f} KB transferred (budget {FIRST_LOAD_BUDGET // 1024} KB)")
    for label, size in plans:
        print(f"  plan of {label}: +{size / 1024:.1f} KB (budget {PLAN_BUDGET // 1024} KB)")
    median = f"median of {FCP_RUNS}, budget {FCP_BUDGET_MS} ms"
    print(f"  first contentful paint on slow 3G (400 ms RTT, 400 kbit/s): {fcp:.0f} ms ({median})")
    print(f"  (reference: the home page /zh/ paints first at {reference:.0f} ms in the same run)")
    over = first > FIRST_LOAD_BUDGET or any(size > PLAN_BUDGET for _, size in plans) or fcp > FCP_BUDGET_MS
    print("OVER BUDGET" if over else "within budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
