"""A district on one server: RSS, start time and page speed of ten tower-v2 buildings, beside one.

    python benchmarks/bench_district.py                  # ten copies of tower-v2, and tower-v2 alone
    python benchmarks/bench_district.py --buildings 3 --requests 100

Starts `kiosk serve --config district.yaml` (the district) and `kiosk serve --config tower-v2.yaml` (one
building) in the same run, one after the other, and prints for each: seconds until /healthz answers, seconds
until every building's home page answers, RSS after one home, space and search page of every building, and
the median time of a kept space page (same building, same page) over --requests sequential requests.
Targets: ten buildings within 250 MB of RSS, starting in under 3 s, pages as fast as one building's.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import LOOPBACK, ROOT, free_port, rss_mb, stop, wait_for_200

TOWER = ROOT / "tests" / "buildings" / "tower-v2.yaml"
SPACE = "en/spaces/counter-01"  # a space page of tower-v2


def write_district(folder: Path, count: int) -> Path:
    """district.yaml with `count` copies of tower-v2, each in its own folder."""
    lines = ["district: {name: {zh: 长宁区社区中心, en: Changning community centres}}\n", "buildings:\n"]
    for number in range(1, count + 1):
        (folder / f"c{number}").mkdir()
        shutil.copy(TOWER, folder / f"c{number}" / "floors.yaml")
        lines.append(f"  - {{id: c{number}, config: c{number}/floors.yaml}}\n")
    path = folder / "district.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def get(url: str) -> float:
    """Seconds one GET of `url` takes (raises on an error status)."""
    began = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
    return time.perf_counter() - began


def measure(config: Path, prefixes: list[str], requests: int) -> dict[str, float]:
    """Start `kiosk serve` on `config`, and measure start, RSS and page time; stop it."""
    port = free_port()
    command = [sys.executable, "-m", "kiosk", "serve", "--host", LOOPBACK, "--port", str(port), "--lobby-port", "0"]
    began = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--config", str(config)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://{LOOPBACK}:{port}"
        wait_for_200(f"{base}/healthz", 60)
        up = time.perf_counter() - began
        for prefix in prefixes:
            wait_for_200(f"{base}{prefix}/en/", 60)
        every = time.perf_counter() - began
        for prefix in prefixes:
            get(f"{base}{prefix}/{SPACE}")
            wait_for_200(f"{base}{prefix}/en/search?q=library", 60)
        time.sleep(1.0)  # let the search index children finish and hand over
        rss = rss_mb(process.pid)
        page = f"{base}{prefixes[0]}/{SPACE}"
        times = [get(page) for _ in range(requests)]
        return {"healthz_s": up, "every_home_s": every, "rss_mb": rss, "page_ms": median(times) * 1000}
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buildings", type=int, default=10)
    parser.add_argument("--requests", type=int, default=300)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        district = write_district(Path(folder), arguments.buildings)
        prefixes = [f"/c{n}" for n in range(1, arguments.buildings + 1)]
        many = measure(district, prefixes, arguments.requests)
    one = measure(TOWER, [""], arguments.requests)
    print(f"{'':24}{'district of ' + str(arguments.buildings):>18}{'tower-v2 alone':>18}")
    for key, label in (
        ("healthz_s", "start to /healthz (s)"),
        ("every_home_s", "every home answers (s)"),
        ("rss_mb", "RSS (MB)"),
        ("page_ms", "kept space page (ms)"),
    ):
        print(f"{label:24}{many[key]:>18.2f}{one[key]:>18.2f}")


if __name__ == "__main__":
    main()
