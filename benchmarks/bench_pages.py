"""Size and speed of the directory pages: bytes of the home page (HTML + CSS + icons) and the
median time to answer `/` and `/zh/` over 100 requests through the Flask test client.

    python benchmarks/bench_pages.py
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

from kiosk import create_app

ROOT = Path(__file__).resolve().parent.parent


def median_ms(client, url: str, runs: int = 100) -> float:
    client.get(url)  # warm the template cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code in (200, 302)
    return statistics.median(times) * 1000


def main() -> None:
    app = create_app(ROOT / "floors.yaml")
    client = app.test_client()
    for url in ("/zh/?kiosk=lobby", "/en/"):
        html = client.get(url).data
        assets = set(re.findall(rb'(?:href|src)="(/static/[^"#]+)', html))
        asset_bytes = {a.decode(): len(client.get(a.decode()).data) for a in sorted(assets)}
        total = len(html) + sum(asset_bytes.values())
        parts = ", ".join(f"{name} {size:,} B" for name, size in asset_bytes.items())
        print(f"{url}: HTML {len(html):,} B + {parts} = {total:,} B (uncompressed)")
    for url in ("/", "/zh/", "/zh/?kiosk=lobby", "/en/spaces/library"):
        print(f"GET {url}: median {median_ms(client, url):.2f} ms over 100 requests")


if __name__ == "__main__":
    main()
