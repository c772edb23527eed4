"""The kiosk as a visitor uses it: taps from home to common goals, and tap → route painted.

Taps are counted by doing them in Chromium on the lobby screen (1080×1920), each goal checked at
the end (its route is on screen). Then tap → route painted: from the touch on a space's card to
the frame after the one that painted the new page with its route (double requestAnimationFrame,
so this errs on the slow side), at normal speed and with the CPU throttled 4× through the
DevTools protocol (Emulation.setCPUThrottlingRate), as a slow kiosk PC would be.
Run from the repository root: python benchmarks/bench_wayfinding.py
With `--against DIR` (another checkout, e.g. `git archive main | tar -x -C /tmp/main`), tap → route
is measured on both, batch by batch in the same run (the machine is shared: only a same-run
comparison means anything), and both are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PORTRAIT,
    PUBLIC_URL,
    free_port,
    start_server,
    stop_server,
)

TAPS = 20
BATCH = 5  # taps per batch when two checkouts take turns
ARM = """() => {
  window.benchRoute = [];
  let tap = null;
  document.addEventListener('pointerdown', (event) => { tap = event.timeStamp; }, true);
  new MutationObserver(() => {
    if (tap === null || !document.querySelector('.plan-route')) return;
    const start = tap;
    tap = null;
    requestAnimationFrame(() => requestAnimationFrame((now) => window.benchRoute.push(now - start)));
  }).observe(document.body, { childList: true });
}"""

# Each goal: the taps a visitor makes from the kiosk home (Chinese), and what shows the goal is met.
GOALS = {
    "nearest toilet": (["a.quick-facilities", "a.quick[href*='/facilities/toilet']"], ".route .plan-route"),
    # A same-floor route has no lift/stairs switch (it is step-free already): the tap is skipped then.
    "nursing room, step-free": (
        ["a.quick-facilities", "a.quick[href*='/facilities/nursing-room']", "?.route-mode a[href*='step-free']"],
        ".route .plan-route",
    ),
    "library, in English": ([".topbar-lang", ".floor-button >> text=3F", ".card-link >> text=Library"], ".plan-route"),
    # "See all" on home lists the week's events; the first one's room. (An event happening today
    # is on home itself: one tap fewer.)
    "an event's room": ([".today-events a.button", ".event-where a"], ".route .plan-route"),
}


def count_taps(page: Page, origin: str) -> None:
    """Do each goal's taps and print how many it took (and whether the route was there)."""
    for goal, (taps, done) in GOALS.items():
        page.goto(origin + "/zh/?kiosk=lobby")
        page.wait_for_load_state("networkidle")
        done_taps = []
        for selector in taps:
            optional = selector.startswith("?")
            selector = selector.removeprefix("?")
            if optional and page.locator(selector).count() == 0:
                continue
            before = page.url
            page.locator(selector).first.tap()
            page.wait_for_url(lambda url, before=before: url != before)
            done_taps.append(selector)
        page.wait_for_selector(done, state="attached")
        print(f"  {goal:<26} {len(done_taps)} taps: home → " + " → ".join(done_taps))


def tap_to_route(page: Page, origin: str, taps: int) -> list[float]:
    """As a visitor does: tap 3F, read for a second, tap the library's card (measured); `taps` times."""
    times: list[float] = []
    page.goto(origin + "/zh/?kiosk=lobby")
    page.wait_for_load_state("networkidle")
    for _ in range(taps):
        page.locator(".topbar-home").tap()
        page.wait_for_url("**/zh/?kiosk=lobby")
        page.locator(".floor-button >> text=3F").tap()
        page.wait_for_url("**/floors/3f?kiosk=lobby")
        page.wait_for_timeout(1000)  # reading the floor's list, as people do; the kiosk prefetches meanwhile
        page.evaluate(ARM)
        page.locator(".card-link").first.tap()
        for _ in range(400):
            if page.evaluate("window.benchRoute.length"):
                break
            page.wait_for_timeout(5)
        times.append(page.evaluate("window.benchRoute[0]"))
    return times


def serve_checkout(root: Path, port: int) -> subprocess.Popen:
    """`python -m kiosk serve` from another checkout (its own code and floors.yaml), once it answers."""
    command = [sys.executable, "-m", "kiosk", "serve", "--port", str(port), "--lobby-port", str(free_port())]
    command += ["--public-url", PUBLIC_URL]  # as start_server: the same pages on both
    env = {**os.environ, "PYTHONPATH": str(root)}
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server of {root} did not start")


def report(name: str, rate: int, times: list[float]) -> None:
    """One line: median and max of tap → route painted."""
    median = statistics.median(times)
    print(
        f"tap → route painted{name}, CPU {rate}× slower, {len(times)} taps: median {median:.1f} ms, "
        f"max {max(times):.1f} ms (aim 100 ms) {'OK' if median <= 100 else 'OVER'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, help="another checkout to measure in the same run")
    args = parser.parse_args()
    port = free_port()
    server = start_server(ROOT / "floors.yaml", port)
    origin = f"http://127.0.0.1:{port}"
    other = None
    if args.against:
        other_port = free_port()
        other = (serve_checkout(args.against.resolve(), other_port), f"http://127.0.0.1:{other_port}")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=PORTRAIT, has_touch=True)
            page = context.new_page()
            print("taps from the kiosk home:")
            count_taps(page, origin)
            for rate in (1, 4):
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                if other is None:
                    report("", rate, tap_to_route(page, origin, TAPS))
                    continue
                times: dict[str, list[float]] = {"this checkout": [], str(args.against): []}
                for _ in range(TAPS // BATCH):
                    times["this checkout"] += tap_to_route(page, origin, BATCH)
                    times[str(args.against)] += tap_to_route(page, other[1], BATCH)
                for name, measured in times.items():
                    report(f" ({name})", rate, measured)
            context.close()
            browser.close()
    finally:
        stop_server(server)
        if other is not None:
            stop_server(other[0])


if __name__ == "__main__":
    main()
