"""Counting under load: 50 keep-alive connections with analytics on and off (ABBA, half the time each run).

Prints pages per second each way and, for the runs with counting on, the page views in SQLite
after each clean shutdown (SIGINT) against the pages served.
Usage: python benchmarks/bench_staff_analytics.py [seconds per side, default 30]
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.staff import accounts  # noqa: E402
from tests.helpers.servers import free_port, wait_until_up  # noqa: E402

PAGES = ("/zh/", "/zh/spaces/library", "/en/floors/3f", "/zh/spaces/library?from=lobby", "/zh/?kiosk=lobby")


def run(folder: Path, counting: bool, seconds: float, connections: int = 50) -> tuple[float, int]:
    """Serve, hammer, stop cleanly; returns pages per second and pages served."""
    port = free_port()
    env = {**os.environ, "KIOSK_STAFF_ANALYTICS": "true" if counting else "false"}
    command = [sys.executable, "-m", "kiosk", "serve", "--port", str(port), "--lobby-port", "0"]
    command += ["--threads", "8", "--config", str(folder / "floors.yaml")]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # A background shell may hand down SIGINT ignored; the server needs it to shut down cleanly.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    wait_until_up(process, (port,))
    served = [0] * connections
    stop = time.monotonic() + seconds

    def client(slot: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = slot
        while time.monotonic() < stop:
            connection.request("GET", PAGES[i % len(PAGES)])
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                served[slot] += 1
            i += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    process.send_signal(signal.SIGINT)  # a clean shutdown: the queue is written before exit
    process.wait(timeout=30)
    return sum(served) / elapsed, sum(served)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        shutil.copy(ROOT / "floors.yaml", folder / "floors.yaml")
        accounts.add_account(folder / "staff.json", "bench", "benchmark password", "editor")
        # ABBA order, so a machine that gets busier (or quieter) during the run favours neither side.
        rates: dict[bool, list[float]] = {False: [], True: []}
        served = 0
        for counting in (False, True, True, False):
            rate, pages = run(folder, counting, seconds / 2)
            rates[counting].append(rate)
            served += pages if counting else 0
        off_rate, on_rate = (sum(rates[side]) / 2 for side in (False, True))
        with sqlite3.connect(folder / "kiosk-analytics.sqlite") as db:
            counted = db.execute("SELECT COALESCE(SUM(n), 0) FROM counts WHERE metric = 'view'").fetchone()[0]
    print(f"counting off: {off_rate:.0f} pages/s")
    print(f"counting on:  {on_rate:.0f} pages/s ({(on_rate - off_rate) / off_rate:+.1%})")
    print(f"pages served with counting on: {served}; page views counted: {counted}")


if __name__ == "__main__":
    main()
