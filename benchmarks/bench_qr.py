"""QR code figures: bytes of a PNG and an SVG code, time to make one, time to serve a cached one.

Run from the worktree root:  python benchmarks/bench_qr.py [--runs 100]
Every time is the median of --runs repetitions (default 100), in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout's kiosk, not whichever one is installed

from kiosk import create_app  # noqa: E402
from kiosk.web.qr import make_code  # noqa: E402

PUBLIC = "https://kiosk.example.org"
PAGE = "/zh/spaces/art-exhibition-hall"  # one of the longest real paths
QUERY = f"page={PAGE}&from=lobby"


def median_ms(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    runs = parser.parse_args().runs

    app = create_app(ROOT / "floors.yaml", test_config={"PUBLIC_URL": PUBLIC})
    client = app.test_client()
    url = f"{PUBLIC}{PAGE}?from=lobby"
    print(f"code for {url} ({len(url)} characters), median of {runs} runs")

    generate = make_code.__wrapped__  # bypasses the cache: the cost of making a code
    for fmt in ("png", "svg"):
        address = f"/qr.{fmt}?{QUERY}"
        body = generate(url, fmt).body
        made = median_ms(lambda fmt=fmt: generate(url, fmt), runs)
        client.get(address)  # the first request makes and caches it
        served = median_ms(lambda address=address: client.get(address), runs)
        condition = {"If-None-Match": client.get(address).headers["ETag"]}
        revalidated = median_ms(lambda address=address, h=condition: client.get(address, headers=h), runs)
        print(
            f"{fmt.upper()}: {len(body):>5} bytes | make one {made:6.2f} ms | "
            f"serve cached 200 {served:5.2f} ms | serve 304 {revalidated:5.2f} ms"
        )
    page = median_ms(lambda: client.get("/zh/spaces/art-exhibition-hall?kiosk=lobby"), runs)
    print(f"kiosk page with its corner code (code not made per request): {page:.2f} ms")


if __name__ == "__main__":
    main()
