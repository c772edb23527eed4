"""What visitors look for, counted without anything personal: no address, no cookie, no visitor id.

A request only puts a small tuple on a queue (`Counter.hit`); a thread writes the queue to
SQLite (WAL) in batches. If the disk is full or the database locked, that batch of counts is
lost and counted as lost: a page is never slowed or failed by counting. Rows are per day and
hour: (metric, key, source) → n. Retention drops days older than the setting.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import queue
import sqlite3
import threading
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.model.scans import scanned_poster

log = logging.getLogger(__name__)

# The lobby screen, a phone that scanned at the kiosk, a phone that scanned a printed poster, everything else.
SOURCES = ("kiosk", "kiosk-qr", "poster", "web")
MAX_KEY = 40  # a search word longer than this is cut: nobody's essay is kept
SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
  day TEXT NOT NULL, hour INTEGER NOT NULL, metric TEXT NOT NULL, key TEXT NOT NULL, source TEXT NOT NULL,
  n INTEGER NOT NULL, PRIMARY KEY (day, hour, metric, key, source)
) WITHOUT ROWID;
"""
UPSERT = """
INSERT INTO counts (day, hour, metric, key, source, n) VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (day, hour, metric, key, source) DO UPDATE SET n = n + excluded.n
"""


@dataclass(frozen=True)
class Hit:
    """One thing to count: when (local day and hour), what, which, and where from."""

    day: str
    hour: int
    metric: str  # view, session, search, search-empty, scan (key: the poster id)
    key: str
    source: str


def source_of(args: Mapping[str, str]) -> str:
    """Where a page view came from, by the parameters the kiosk itself puts in its links and codes."""
    if args.get("kiosk"):
        return "kiosk"
    if args.get("from"):
        return "kiosk-qr"
    if scanned_poster(args):
        return "poster"
    return "web"


class Counter:
    """The queue, its writer thread, and the session guess per kiosk."""

    def __init__(
        self,
        path: Path,
        retention_days: int = 400,
        flush_seconds: float = 2.0,
        classify: Callable[[Hit], Iterable[Hit]] | None = None,
    ):
        self.path = path
        self.retention_days = retention_days
        self.flush_seconds = flush_seconds
        self.classify = classify  # turns a search hit into search (+ search-empty), off the request path
        self.queue: queue.SimpleQueue[Hit | None] = queue.SimpleQueue()
        self.lost = 0
        self.written = 0
        self._thread: threading.Thread | None = None
        self._last_seen: dict[str, dt.datetime] = {}
        self._stopped = threading.Event()
        self._top_cache: tuple[dt.datetime, list[str]] | None = None

    # --- request side: never blocks, never raises ----------------------------------------

    def hit(self, moment: dt.datetime, metric: str, key: str, source: str) -> None:
        """Queue one count (local time `moment`)."""
        self.queue.put(Hit(moment.date().isoformat(), moment.hour, metric, key[:MAX_KEY], source))

    def kiosk_request(self, kiosk_id: str, moment: dt.datetime, idle_seconds: int) -> None:
        """A kiosk session starts when its screen was untouched longer than its idle reset."""
        last = self._last_seen.get(kiosk_id)
        self._last_seen[kiosk_id] = moment
        if last is None or (moment - last).total_seconds() > idle_seconds:
            self.hit(moment, "session", kiosk_id, "kiosk")

    # --- writer side ----------------------------------------------------------------------

    def start(self) -> None:
        """Start the writer thread (a daemon: it never holds the process up)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="analytics-writer", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Flush what is queued and stop the thread (a clean shutdown loses nothing)."""
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.flush()

    def _run(self) -> None:
        self.prune()
        # One transaction every few seconds, whatever the traffic: a busy minute costs ~30 small writes.
        while not self._stopped.wait(self.flush_seconds):
            self.flush()

    def _drain(self, batch: list[Hit]) -> list[Hit]:
        while len(batch) < 10_000:
            try:
                item = self.queue.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                batch.append(item)
        return batch

    def flush(self, batch: list[Hit] | None = None) -> int:
        """Write everything queued (plus `batch`) in one transaction; returns how many hits were written."""
        hits = self._drain(list(batch or []))
        if not hits:
            return 0
        if self.classify is not None:
            hits = [each for hit in hits for each in self.classify(hit)]
        tally = Tally((h.day, h.hour, h.metric, h.key, h.source) for h in hits)
        try:
            with self._connect() as db:
                db.executemany(UPSERT, [(*key, n) for key, n in tally.items()])
        except (sqlite3.Error, OSError):
            # A full disk or a locked database: lose these counts, never a page.
            self.lost += len(hits)
            log.warning("analytics: %d count(s) lost (database not writable)", len(hits))
            return 0
        self.written += len(hits)
        return len(hits)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=1.0)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(SCHEMA)
        return db

    def prune(self, today: dt.date | None = None) -> None:
        """Forget days older than the retention setting."""
        cutoff = (today or dt.date.today()) - dt.timedelta(days=self.retention_days)
        try:
            with self._connect() as db:
                db.execute("DELETE FROM counts WHERE day < ?", (cutoff.isoformat(),))
        except (sqlite3.Error, OSError):
            log.warning("analytics: could not prune old days")

    # --- reading --------------------------------------------------------------------------

    def month(self, month: str) -> Report:
        """Everything counted in one month (`YYYY-MM`)."""
        try:
            with self._connect() as db:
                rows = db.execute(
                    "SELECT day, hour, metric, key, source, n FROM counts WHERE day LIKE ? ORDER BY day, hour",
                    (month + "-%",),
                ).fetchall()
        except (sqlite3.Error, OSError):
            rows = []
        return Report(month, [(str(d), int(h), str(m), str(k), str(s), int(n)) for d, h, m, k, s, n in rows])

    def top_searches(self, now: dt.datetime, limit: int = 12) -> list[str]:
        """The words searched most in the last 30 days, most first (read at most every few minutes)."""
        cached = self._top_cache
        if cached is not None and (now - cached[0]).total_seconds() < TOP_SEARCHES_SECONDS:
            return cached[1][:limit]
        tally: Tally[str] = Tally()
        since = (now.date() - dt.timedelta(days=30)).isoformat()
        for month in sorted({now.date().isoformat()[:7], since[:7]}):
            for day, _, metric, key, _, n in self.month(month).rows:
                if metric == "search" and day >= since:
                    tally[key] += n
        words = [word for word, _ in tally.most_common(limit)]
        self._top_cache = (now, words)
        return words


TOP_SEARCHES_SECONDS = 300  # the search page's row of common words is read from the file this often at most
Row = tuple[str, int, str, str, str, int]


@dataclass
class Report:
    """One month's counts, and the views of them the page shows."""

    month: str
    rows: list[Row]

    def total(self, metric: str) -> int:
        """The month's total of one metric."""
        return sum(r[5] for r in self.rows if r[2] == metric)

    def per_day(self, metric: str) -> dict[str, int]:
        """Per day totals of one metric."""
        days: Tally[str] = Tally()
        for day, _, m, _, _, n in self.rows:
            if m == metric:
                days[day] += n
        return dict(days)

    def per_hour(self, metric: str) -> list[int]:
        """Totals by hour of day (0–23): the busiest hours."""
        hours = [0] * 24
        for _, hour, m, _, _, n in self.rows:
            if m == metric:
                hours[hour] += n
        return hours

    def by_source(self) -> dict[str, int]:
        """Page views by where they came from."""
        sources: Tally[str] = Tally()
        for _, _, m, _, s, n in self.rows:
            if m == "view":
                sources[s] += n
        return {s: sources.get(s, 0) for s in SOURCES}

    def top(self, metric: str, limit: int = 10) -> list[tuple[str, int]]:
        """The most counted keys of one metric."""
        keys: Tally[str] = Tally()
        for _, _, m, k, _, n in self.rows:
            if m == metric:
                keys[k] += n
        return keys.most_common(limit)

    def scans(self, today: str | None = None) -> list[tuple[str, int, int]]:
        """QR scans per poster: (poster id, scans this month, scans on `today`), the most scanned first."""
        month: Tally[str] = Tally()
        day: Tally[str] = Tally()
        for d, _, m, k, _, n in self.rows:
            if m == "scan":
                month[k] += n
                if d == today:
                    day[k] += n
        return [(poster, n, day.get(poster, 0)) for poster, n in month.most_common()]

    def csv(self) -> str:
        """The month as CSV: one row per day, hour, metric, key and source."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["day", "hour", "metric", "key", "source", "count"])
        writer.writerows(self.rows)
        return out.getvalue()


def bar_chart(values: list[tuple[str, int]], width: int = 720, height: int = 220, label_every: int = 1) -> str:
    """A bar chart as SVG markup, drawn here (no script, no other origin); labels are the keys."""
    top = max((v for _, v in values), default=0) or 1
    count = max(len(values), 1)
    slot = (width - 40) / count
    bars = []
    for i, (name, value) in enumerate(values):
        h = (height - 40) * value / top
        x = 30 + i * slot
        y = height - 20 - h
        bars.append(
            f'<rect x="{x + slot * 0.1:.1f}" y="{y:.1f}" width="{slot * 0.8:.1f}" height="{h:.1f}" fill="#07c160">'
            f"<title>{_escape(name)}: {value}</title></rect>"
        )
        if value:
            bars.append(
                f'<text x="{x + slot / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">{value}</text>'
            )
        if i % label_every == 0:
            centre = x + slot / 2
            bars.append(
                f'<text x="{centre:.1f}" y="{height - 5}" font-size="10" text-anchor="middle">{_escape(name)}</text>'
            )
    axis = f'<line x1="28" y1="{height - 20}" x2="{width - 10}" y2="{height - 20}" stroke="#555"/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart">'
        f"{axis}{''.join(bars)}</svg>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
