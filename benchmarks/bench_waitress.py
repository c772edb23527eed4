"""Waitress settings and the kept-page fast path, measured against each other in one run.

    python benchmarks/bench_waitress.py                    # every variant, 2 rounds of 10 s per page
    python benchmarks/bench_waitress.py --rounds 1 --only threads-4 fast-off

Each variant is `kiosk serve` with some of kiosk/web/serving.py's PUBLIC_LIMITS (or the thread count, or the
fast path) changed; the variants take turns within each round, so a neighbour's load on this shared
machine falls on all of them alike. Prints req/s and p99 at 50 connections per page and variant, with the
load average next to every round.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import LOOPBACK, ROOT, free_port, stop, wait_for_200, wrk

# name -> (threads, PUBLIC_LIMITS changes, environment)
VARIANTS: dict[str, tuple[int, dict, dict[str, str]]] = {
    "fast-off": (8, {}, {"KIOSK_FAST_PATH": "false"}),
    "threads-8": (8, {}, {}),
    "threads-6": (6, {}, {}),
    "threads-4": (4, {}, {}),
    "threads-2": (2, {}, {}),
    "threads-4-select": (4, {"asyncore_use_poll": False}, {}),
    "threads-4-send64k": (4, {"send_bytes": 65536, "outbuf_high_watermark": 1 << 20}, {}),
    "threads-4-switch1ms": (4, {}, {"KIOSK_BENCH_SWITCH": "0.001"}),
}
PAGES = ["/healthz", "/zh/", "/zh/spaces/library?kiosk=lobby"]
# Runs `kiosk serve` with PUBLIC_LIMITS changed (argv[1], JSON) and, for one variant, the GIL's switch interval.
BOOT = (
    "import json, os, sys; from kiosk import serving, cli; "
    "serving.PUBLIC_LIMITS.update(json.loads(sys.argv.pop(1))); "
    "switch = os.environ.get('KIOSK_BENCH_SWITCH'); switch and sys.setswitchinterval(float(switch)); "
    "cli.main()"
)


def start(name: str, port: int) -> subprocess.Popen:
    """`kiosk serve` as variant `name`, answering on `port`."""
    threads, limits, env = VARIANTS[name]
    command = [sys.executable, "-c", BOOT, json.dumps(limits), "serve", "--host", LOOPBACK, "--port", str(port)]
    command += ["--threads", str(threads), "--config", str(ROOT / "floors.yaml"), "--lobby-port", "0"]
    environ = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_200(f"http://{LOOPBACK}:{port}/healthz")
    for page in PAGES:  # render and keep each page once before measuring
        wait_for_200(f"http://{LOOPBACK}:{port}{page}")
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", nargs="*", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args()
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for round_number in range(args.rounds):
        print(f"round {round_number + 1}, load average {os.getloadavg()[0]:.2f}", flush=True)
        for name in args.only:
            port = free_port()
            server = start(name, port)
            try:
                for page in PAGES:
                    run = wrk(f"http://{LOOPBACK}:{port}{page}", args.connections, args.duration)
                    results.setdefault((name, page), []).append((run.rps, run.p99_ms))
                    load = os.getloadavg()[0]
                    print(f"  {name:22} {page:34} {run.rps:7.0f} req/s  p99 {run.p99_ms:6.1f} ms  load {load:.2f}")
            finally:
                stop(server)
    print(f"\nmedian of {args.rounds} rounds, wrk -t2 -c{args.connections} -d{args.duration}s")
    print(f"{'variant':22} " + " ".join(f"{page[:20]:>22}" for page in PAGES))
    for name in args.only:
        cells = []
        for page in PAGES:
            runs = results[(name, page)]
            cells.append(f"{median(r[0] for r in runs):>7.0f}/s {median(r[1] for r in runs):>6.1f}ms")
        print(f"{name:22} " + " ".join(f"{cell:>22}" for cell in cells))


if __name__ == "__main__":
    main()
