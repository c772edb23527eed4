"""The cost of the calendar on a page, and of importing a big iCalendar file.

Prints the ms per page (lowest of five medians) for the same building with 0 events and with 500 events (an
iCalendar file beside floors.yaml, spread over the next week across the spaces), in the same run,
and the time to parse and expand a 5,000-event iCalendar file.

    python benchmarks/bench_events.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from kiosk import create_app
from kiosk.load.loader import load_building
from kiosk.timetable import events

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
PAGES = ("/zh/", "/zh/?kiosk=lobby", "/zh/spaces/library", "/en/spaces/heritage-studio", "/zh/events")


def ics(count: int, space_ids: list[str], start: dt.datetime) -> str:
    """An iCalendar file of `count` one-hour events, every 20 minutes from `start`, across the spaces."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kiosk//bench//EN"]
    for n in range(count):
        begin = start + dt.timedelta(minutes=20 * n)
        end = begin + dt.timedelta(hours=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{n}@kiosk",
            f"SUMMARY:活动{n} / Event {n}",
            f"LOCATION:{space_ids[n % len(space_ids)]}",
            f"DTSTART;TZID=Asia/Shanghai:{begin:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Asia/Shanghai:{end:%Y%m%dT%H%M%S}",
            "END:VEVENT",
        ]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def median_ms(client, url: str, runs: int = 30, rounds: int = 5) -> float:
    """The lowest of `rounds` medians: on a shared machine the quietest round is the page's own cost."""
    client.get(url)  # warm caches (templates, hours, the events snapshot)
    medians = []
    for _ in range(rounds):
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - began)
            assert response.status_code == 200, url
        medians.append(statistics.median(times))
    return min(medians) * 1000


def building_dir(base: Path, name: str, event_count: int) -> Path:
    """A copy of the shipped building with no events of its own, plus `event_count` events from an .ics file."""
    folder = base / name
    folder.mkdir()
    text = (ROOT / "floors.yaml").read_text(encoding="utf-8")
    text = text[: text.index("\nevents:\n")] + "\n"  # the shipped samples out: 0 means 0
    if event_count:
        spaces = [s.id for s in load_building(ROOT / "floors.yaml").spaces]
        first = NOW.replace(hour=0, tzinfo=None)
        (folder / "bench.ics").write_text(ics(event_count, spaces, first), encoding="utf-8")
        text += "event_sources:\n  - file: bench.ics\n"
    (folder / "floors.yaml").write_text(text, encoding="utf-8")
    return folder / "floors.yaml"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        clients = {}
        for count in (0, 500):
            app = create_app(building_dir(base, f"events-{count}", count), {"TESTING": True, "CLOCK": lambda: NOW})
            clients[count] = app.test_client()
            loaded = len(app.extensions["kiosk.events"].snapshot().occurrences)
            print(f"{count} events in the file: {loaded} occurrences loaded")
        print(f"{'page':32} {'0 events':>10} {'500 events':>11} {'difference':>11}")
        for page in PAGES:
            without, with_events = median_ms(clients[0], page), median_ms(clients[500], page)
            print(f"{page:32} {without:8.2f} ms {with_events:8.2f} ms {with_events - without:+8.2f} ms")

        building = load_building(ROOT / "floors.yaml")
        spaces = [s.id for s in building.spaces]
        big = ics(5000, spaces, NOW.replace(tzinfo=None)).encode()
        window = events.Window(NOW.date(), 16, building.tz)
        began = time.perf_counter()
        calendar, problems = events.parse_ics(big, "big.ics")
        parsed = time.perf_counter()
        assert calendar is not None and not problems
        reading = events.expand_ics(calendar, "big.ics", building, window)
        expanded = time.perf_counter()
        print(
            f"5,000-event iCalendar ({len(big) / 1e6:.1f} MB): parse {1000 * (parsed - began):.0f} ms, "
            f"expand {len(reading.occurrences)} occurrences in the window {1000 * (expanded - parsed):.0f} ms, "
            f"total {1000 * (expanded - began):.0f} ms"
        )
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
