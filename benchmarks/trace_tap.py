"""Where the tap → route painted time goes: the main thread's work between the tap and the painted frame.

The same taps as bench_wayfinding.py (3F, a second to read, the first card), with the CPU throttled
(4× by default) and a Chromium trace around each measured tap. Prints, per tap, the main thread's
long events in order (style, layout, paint, event handlers), and the median of each kind's total.
Run from the repository root: python benchmarks/trace_tap.py [--rate 4] [--taps 5]
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PORTRAIT, free_port, start_server, stop_server  # noqa: E402

# The benchmark's own mark (pointerdown → double rAF after the route is in the page), plus two
# user-timing marks so that the trace can be cut at the same moments.
ARM = """() => {
  window.benchRoute = [];
  let tap = null;
  document.addEventListener('pointerdown', (event) => { tap = event.timeStamp; performance.mark('tap-down'); }, true);
  new MutationObserver(() => {
    if (tap === null || !document.querySelector('.plan-route')) return;
    const start = tap;
    tap = null;
    requestAnimationFrame(() => requestAnimationFrame((now) => {
      window.benchRoute.push(now - start);
      performance.mark('route-painted');
    }));
  }).observe(document.body, { childList: true });
}"""
CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"]
KINDS = ("EventDispatch", "FunctionCall", "UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit")


def main_thread_events(events: list[dict[str, Any]]) -> tuple[float, list[dict[str, Any]]]:
    """The tap's start (µs) and the complete events of its thread up to the painted mark."""
    down = next(e for e in events if e.get("name") == "tap-down")
    painted = next(e for e in events if e.get("name") == "route-painted")
    inside = [
        e
        for e in events
        if e.get("tid") == down["tid"] and e.get("ph") == "X" and down["ts"] <= e["ts"] <= painted["ts"]
    ]
    return down["ts"], sorted(inside, key=lambda e: e["ts"])


def describe(event: dict[str, Any]) -> str:
    """What an event worked on: elements restyled, objects laid out, the DOM event's type."""
    args = event.get("args", {})
    if event["name"] == "UpdateLayoutTree":
        return f"{args.get('elementCount')} elements"
    if event["name"] == "Layout":
        begin = args.get("beginData") or {}
        return f"{begin.get('dirtyObjects')}/{begin.get('totalObjects')} objects"
    return str((args.get("data") or {}).get("type", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=4, help="CPU throttling rate")
    parser.add_argument("--taps", type=int, default=5)
    args = parser.parse_args()
    port = free_port()
    server = start_server(ROOT / "floors.yaml", port)
    origin = f"http://127.0.0.1:{port}"
    totals: dict[str, list[float]] = collections.defaultdict(list)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=PORTRAIT, has_touch=True)
            page = context.new_page()
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": args.rate})
            page.goto(origin + "/zh/?kiosk=lobby")
            page.wait_for_load_state("networkidle")
            for number in range(args.taps):
                page.locator(".topbar-home").tap()
                page.wait_for_url("**/zh/?kiosk=lobby")
                page.locator(".floor-button >> text=3F").tap()
                page.wait_for_url("**/floors/3f?kiosk=lobby")
                page.wait_for_timeout(1000)
                page.evaluate(ARM)
                browser.start_tracing(page=page, categories=CATEGORIES)
                page.locator(".card-link").first.tap()
                page.wait_for_function("window.benchRoute.length > 0")
                measured = page.evaluate("window.benchRoute[0]")
                trace = json.loads(browser.stop_tracing())
                start, events = main_thread_events(trace["traceEvents"] if isinstance(trace, dict) else trace)
                print(f"tap {number + 1}: {measured:.1f} ms")
                sums: collections.Counter[str] = collections.Counter()
                for event in events:
                    took = event.get("dur", 0) / 1000
                    sums[event["name"]] += took
                    if event["name"] in KINDS and took >= 1:
                        at = (event["ts"] - start) / 1000
                        print(f"  {at:7.1f} ms  {took:5.1f} ms  {event['name']} {describe(event)}")
                for kind in KINDS:
                    totals[kind].append(sums[kind])
                totals["tap → route painted"].append(measured)
            browser.close()
    finally:
        stop_server(server)
    print(f"medians over {args.taps} taps at {args.rate:g}× CPU (events nest: a click's total holds its style):")
    for kind, values in totals.items():
        print(f"  {kind:<22} {statistics.median(values):6.1f} ms")


if __name__ == "__main__":
    main()
