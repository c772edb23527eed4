"""A feed holding an event that repeats every second, against the same building with a plain feed, in one run.

    python benchmarks/bench_feed_storm.py

Starts `kiosk serve` twice (the civic test building with a feed of 50 ordinary events; the same with
`FREQ=SECONDLY`, `FREQ=MINUTELY` and a 2,000-date RDATE event added), waits for each server's feed thread
to read its feed, then prints each server's memory (VmRSS now, VmHWM the peak) and the median and p95 time
of /en/events and /en/ over 40 requests. For scale it also prints what expanding the SECONDLY rule without
the guard costs for one hour of the two weeks a page shows (the two weeks are 384 times that).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CIVIC = ROOT / "tests" / "buildings" / "civic_office.yaml"
TZ = dt.timezone(dt.timedelta(hours=8))
PAGES = ("/en/events", "/en/")


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> tuple[int, bytes]:
    """One GET on a fresh connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def vevent(uid: str, start: dt.datetime, *lines: str) -> str:
    """One 30-minute VEVENT."""
    end = start + dt.timedelta(minutes=30)
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"SUMMARY:活动 {uid} / Event {uid}",
            f"DTSTART;TZID=Asia/Shanghai:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Asia/Shanghai:{end:%Y%m%dT%H%M%S}",
            *lines,
            "END:VEVENT",
        ]
    )


def feed(storm: bool) -> str:
    """50 ordinary events over the next days, and with `storm` the three hostile ones."""
    today = dt.datetime.now(TZ).replace(hour=9, minute=0, second=0, microsecond=0, tzinfo=None)
    items = [vevent(f"class-{n}@bench", today + dt.timedelta(hours=3 * n)) for n in range(50)]
    if storm:
        rdates = ",".join(f"{today + dt.timedelta(minutes=10 * n):%Y%m%dT%H%M%S}" for n in range(1, 2000))
        items += [
            vevent("storm@bench", today - dt.timedelta(days=30), "RRULE:FREQ=SECONDLY"),
            vevent("minutely@bench", today - dt.timedelta(days=30), "RRULE:FREQ=MINUTELY"),
            vevent("rdates@bench", today, f"RDATE;TZID=Asia/Shanghai:{rdates}"),
        ]
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", *items, "END:VCALENDAR", ""])


def memory(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM of `pid`, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def serve(folder: Path) -> tuple[subprocess.Popen[bytes], int, float]:
    """`kiosk serve` on `folder`; returns the process, its port and the seconds until the feed was read."""
    port, lobby = free_port(), free_port()
    command = [sys.executable, "-m", "kiosk", "serve", "--port", str(port), "--lobby-port", str(lobby)]
    process = subprocess.Popen([*command, "--config", str(folder / "floors.yaml")], cwd=ROOT, stderr=subprocess.DEVNULL)
    began = time.monotonic()
    while time.monotonic() - began < 120:
        try:
            status, body = get(lobby, "/healthz")
            if status == 200 and json.loads(body)["event_feeds"][0]["last_updated"]:
                return process, port, time.monotonic() - began
        except OSError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not read its feed within 120 s")


def page_times(port: int, path: str, runs: int = 40) -> tuple[float, float]:
    """Median and p95 of `path` in ms."""
    get(port, path)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        status, _ = get(port, path)
        times.append((time.perf_counter() - began) * 1000)
        assert status == 200, path
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def unguarded_hour() -> str:
    """What recurring-ical-events alone makes of the SECONDLY rule for one hour (no refusal, no cap)."""
    import icalendar
    import recurring_ical_events

    start = dt.datetime.now(TZ).replace(minute=0, second=0, microsecond=0)
    text = feed(True).replace("RRULE:FREQ=MINUTELY", "")
    calendar = icalendar.Calendar.from_ical(text)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began = time.process_time()
    found = recurring_ical_events.of(calendar).between(start, start + dt.timedelta(hours=1))
    cpu = time.process_time() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"{len(found):,} occurrences, {cpu:.2f} s CPU, peak memory +{peak - before:.0f} MB"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for name, storm in (("plain feed", False), ("storm feed", True)):
            folder = Path(tmp) / name.replace(" ", "-")
            folder.mkdir()
            shutil.copy(CIVIC, folder / "floors.yaml")
            (folder / "feed.ics").write_text(feed(storm), encoding="utf-8")
            with (folder / "floors.yaml").open("a", encoding="utf-8") as handle:
                handle.write("event_sources:\n  - file: feed.ics\n")
            process, port, ready = serve(folder)
            try:
                times = {page: page_times(port, page) for page in PAGES}
                results[name] = (memory(process.pid), ready, times)
            finally:
                process.terminate()
                process.wait(timeout=10)
        print(f"{'server':12} {'RSS MB':>7} {'peak MB':>8} {'feed read':>10}  " + "  ".join(f"{p:>22}" for p in PAGES))
        for name, ((rss, peak), ready, times) in results.items():
            cells = "  ".join(f"{times[p][0]:7.1f} ms (p95 {times[p][1]:6.1f})" for p in PAGES)
            print(f"{name:12} {rss:7.0f} {peak:8.0f} {ready:8.1f} s  {cells}")
        print(f"unguarded SECONDLY rule, 1 hour of the window: {unguarded_hour()}")


if __name__ == "__main__":
    main()
