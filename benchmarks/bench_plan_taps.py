"""Tap → next screen painted (route drawn) on the lobby screen, CPU throttled 4× and at normal speed.

Home → a floor → a space on it (its route and plan) → home, on the shipped building, tower-v2 and
the third test building (tests/buildings/riverside.yaml). Chromium's CPU is slowed with the
DevTools protocol (`Emulation.setCPUThrottlingRate`, rate 4) to stand in for a weak lobby PC.
Targets, throttled: median ≤ 80 ms, slowest ≤ 200 ms. Run: python3 benchmarks/bench_plan_taps.py [taps]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_kiosk import ARM_SWAP, RECORD_TAP, TAP_TO_PAINT  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PORTRAIT, free_port, start_server, stop_server  # noqa: E402

BUILDINGS = [
    (ROOT / "floors.yaml", "lobby"),
    (ROOT / "tests" / "buildings" / "tower-v2.yaml", "g-hall"),
    (ROOT / "tests" / "buildings" / "riverside.yaml", "riverside"),
]
STEPS = [".floor-button >> nth=1", ".card-link >> nth=0", ".topbar-home"]  # home → floor → space → home


def _one_tap(page: Page, selector: str, reloads: list[int]) -> float:
    """The time from touching `selector` to the frame after the next screen is painted (ms)."""
    before = page.url
    page.locator(selector).tap()
    page.wait_for_url(lambda url, before=before: url != before)
    page.wait_for_load_state("load")
    if page.evaluate("typeof window.benchSwaps") == "undefined":  # a full page load after all
        reloads.append(1)
        total = page.evaluate(TAP_TO_PAINT)[0]
        page.evaluate(ARM_SWAP)
        return float(total)
    for _ in range(300):
        if page.evaluate("window.benchSwaps.length") > 0:
            break
        page.wait_for_timeout(10)
    return float(page.evaluate("window.benchSwaps.pop()"))


def measure(browser, origin: str, kiosk: str, rate: float, taps: int) -> tuple[list[float], int]:
    """Tap times (ms) for `taps` taps around home → floor → space → home at a CPU slow-down of `rate`."""
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    context.add_init_script(RECORD_TAP)
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
    page.goto(f"{origin}/zh/?kiosk={kiosk}")
    page.wait_for_load_state("networkidle")
    page.evaluate(ARM_SWAP)
    times: list[float] = []
    reloads: list[int] = []
    for i in range(taps):
        times.append(_one_tap(page, STEPS[i % len(STEPS)], reloads))
    context.close()
    return times, len(reloads)


def main() -> None:
    """Measure every building at both speeds and print the figures side by side."""
    taps = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for config, kiosk in BUILDINGS:
            port = free_port()
            server = start_server(config, port)
            try:
                line = [f"{config.name:<16}"]
                for rate in (1, 4):
                    times, reloads = measure(browser, f"http://127.0.0.1:{port}", kiosk, rate, taps)
                    median, worst = statistics.median(times), max(times)
                    verdict = "" if rate == 1 else (" OK" if median <= 80 and worst <= 200 else " OVER TARGET")
                    line.append(
                        f"CPU ×{rate}: median {median:5.1f} ms, slowest {worst:5.1f} ms ({reloads} reloads){verdict}"
                    )
                print(" | ".join(line), flush=True)
            finally:
                stop_server(server)
        browser.close()


if __name__ == "__main__":
    main()
