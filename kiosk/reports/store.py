"""The reports database: SQLite in WAL mode beside floors.yaml, as the analytics database.

Nothing personal is kept beyond what the visitor typed: no address, no user agent, no cookie.
The rate limit keeps a keyed hash of the address that changes daily, per hour, and forgets it
after a day. Contact details are deleted when a report is closed; reports go after `retention_days`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3
from collections import Counter as Tally
from dataclasses import dataclass
from pathlib import Path

KINDS = ("closed", "out-of-order", "way-wrong", "not-found", "other")
STATES = ("new", "acted", "done", "dismissed")
CLOSED = ("done", "dismissed")
MAX_WORDS = 500
MAX_CONTACT = 60
MAX_PAGE = 300
MAX_NOTE = 500
SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, day TEXT NOT NULL, hour TEXT NOT NULL, kind TEXT NOT NULL,
  page TEXT NOT NULL, lang TEXT NOT NULL, place TEXT NOT NULL, floor TEXT NOT NULL, words TEXT NOT NULL,
  contact TEXT, source TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'new', note TEXT NOT NULL DEFAULT '',
  closed_by TEXT NOT NULL DEFAULT '', version INTEGER, action TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS reports_state ON reports (state, id);
CREATE INDEX IF NOT EXISTS reports_hour ON reports (hour);
CREATE TABLE IF NOT EXISTS hits (
  client TEXT NOT NULL, hour TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (client, hour)
) WITHOUT ROWID;
"""
COLUMNS = "id, at, day, kind, page, lang, place, floor, words, contact, source, state, note, closed_by, version, action"


class StoreError(Exception):
    """The database could not be read or written (a full disk, a locked file)."""


@dataclass(frozen=True)
class Report:
    """One report as kept."""

    id: int
    at: str  # UTC, ISO
    day: str  # the building's local day
    kind: str
    page: str
    lang: str
    place: str  # "space:library", "floor:3f", "kind:lift" or ""
    floor: str
    words: str
    contact: str | None
    source: str  # kiosk or web
    state: str
    note: str
    closed_by: str
    version: int | None
    action: str


@dataclass(frozen=True)
class NewReport:
    """What a visitor sent, read and cut to size."""

    kind: str
    page: str
    lang: str
    place: str
    floor: str
    words: str
    contact: str
    source: str


@dataclass(frozen=True)
class Limits:
    """How many reports one client (or one kiosk screen) may send per hour, and all clients together."""

    per_client: int = 5
    per_kiosk: int = 30
    per_hour: int = 200


class ReportStore:
    """The reports and the hourly counts of the rate limit."""

    def __init__(self, path: Path, retention_days: int = 90):
        self.path = path
        self.retention_days = retention_days

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA secure_delete=ON")  # a deleted contact is overwritten, not left in a free page
        db.executescript(SCHEMA)
        return db

    def submit(self, report: NewReport, client: str, now: dt.datetime, local_day: str, limits: Limits) -> str:
        """Keep a report unless a limit is reached: returns "ok", "client" or "busy"; raises StoreError."""
        hour = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H")
        allowed = limits.per_kiosk if client.startswith("kiosk:") else limits.per_client
        try:
            db = self._connect()
            try:
                db.execute("BEGIN IMMEDIATE")
                mine = db.execute("SELECT n FROM hits WHERE client = ? AND hour = ?", (client, hour)).fetchone()
                if mine is not None and mine[0] >= allowed:
                    db.execute("ROLLBACK")
                    return "client"
                (total,) = db.execute("SELECT COUNT(*) FROM reports WHERE hour = ?", (hour,)).fetchone()
                if total >= limits.per_hour:
                    db.execute("ROLLBACK")
                    return "busy"
                db.execute(
                    "INSERT INTO hits (client, hour, n) VALUES (?, ?, 1)"
                    " ON CONFLICT (client, hour) DO UPDATE SET n = n + 1",
                    (client, hour),
                )
                db.execute(
                    "INSERT INTO reports (at, day, hour, kind, page, lang, place, floor, words, contact, source)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        now.astimezone(dt.UTC).isoformat(timespec="seconds"),
                        local_day,
                        hour,
                        report.kind,
                        report.page[:MAX_PAGE],
                        report.lang,
                        report.place,
                        report.floor,
                        report.words[:MAX_WORDS],
                        report.contact[:MAX_CONTACT] or None,
                        report.source,
                    ),
                )
                db.execute("COMMIT")
                return "ok"
            finally:
                db.close()
        except (sqlite3.Error, OSError) as error:
            raise StoreError(str(error)) from error

    def _read(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        try:
            db = self._connect()
            try:
                return db.execute(sql, args).fetchall()
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return []

    def _write(self, sql: str, args: tuple[object, ...]) -> bool:
        try:
            db = self._connect()
            try:
                return db.execute(sql, args).rowcount > 0
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return False

    def reports(self, show: str = "open", limit: int = 200, offset: int = 0) -> list[Report]:
        """Reports, new ones first, then the newest: `open` (not closed), `closed` or `all`."""
        where = {"open": "WHERE state NOT IN ('done', 'dismissed')", "closed": "WHERE state IN ('done', 'dismissed')"}
        rows = self._read(
            f"SELECT {COLUMNS} FROM reports {where.get(show, '')}"
            " ORDER BY state = 'new' DESC, id DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [Report(*row) for row in rows]  # type: ignore[arg-type]

    def get(self, report_id: int) -> Report | None:
        """One report."""
        rows = self._read(f"SELECT {COLUMNS} FROM reports WHERE id = ?", (report_id,))
        return Report(*rows[0]) if rows else None  # type: ignore[arg-type]

    def similar(self) -> Tally[tuple[str, str, str]]:
        """How many reports there are of each (place, kind, day)."""
        rows = self._read("SELECT place, kind, day, COUNT(*) FROM reports GROUP BY place, kind, day")
        return Tally({(str(p), str(k), str(d)): int(n) for p, k, d, n in rows})  # type: ignore[call-overload]

    def new_count(self) -> int:
        """How many reports nobody has looked at yet (the console's badge)."""
        rows = self._read("SELECT COUNT(*) FROM reports WHERE state = 'new'")
        return int(rows[0][0]) if rows else 0  # type: ignore[call-overload]

    def close(self, report_id: int, state: str, note: str, who: str) -> bool:
        """Mark done or not a problem, with a note; the contact details are deleted now."""
        if state not in CLOSED:
            return False
        return self._write(
            "UPDATE reports SET state = ?, note = ?, closed_by = ?, contact = NULL WHERE id = ?",
            (state, note[:MAX_NOTE], who, report_id),
        )

    def acted(self, report_id: int, version: int, action: str, who: str) -> bool:
        """A console save was made from this report: link the saved version (the report stays open)."""
        return self._write(
            "UPDATE reports SET version = ?, action = ?, closed_by = ?,"
            " state = CASE WHEN state = 'new' THEN 'acted' ELSE state END WHERE id = ?",
            (version, action[:200], who, report_id),
        )

    def prune(self, now: dt.datetime) -> None:
        """Forget reports older than the retention and rate-limit counts older than a day."""
        cutoff = (now - dt.timedelta(days=self.retention_days)).astimezone(dt.UTC).isoformat(timespec="seconds")
        day_ago = (now - dt.timedelta(days=1)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H")
        self._write("DELETE FROM reports WHERE at < ?", (cutoff,))
        self._write("DELETE FROM hits WHERE hour < ?", (day_ago,))

    def summary(self, month: str) -> list[tuple[str, str, str, int]]:
        """Reports per day, kind and place in one month (`YYYY-MM`), newest day first."""
        rows = self._read(
            "SELECT day, kind, place, COUNT(*) FROM reports WHERE day LIKE ?"
            " GROUP BY day, kind, place ORDER BY day DESC, COUNT(*) DESC",
            (month + "-%",),
        )
        return [(str(d), str(k), str(p), int(n)) for d, k, p, n in rows]  # type: ignore[call-overload]

    def csv(self) -> str:
        """Every kept report as CSV (no contact details); text that a spreadsheet would run is defused."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "at", "day", "state", "kind", "page", "floor", "place", "words", "note", "version"])
        for r in self.reports("all", limit=1_000_000):
            row = [r.id, r.at, r.day, r.state, r.kind, r.page, r.floor, r.place, r.words, r.note, r.version or ""]
            writer.writerow([safe_cell(str(cell)) for cell in row])
        return out.getvalue()


# Direction overrides and isolates make text read differently from what it is (a "Trojan Source" trick).
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def visible_controls(text: str) -> str:
    """Invisible direction characters as visible marks (`<U+202E>`), so text reads as it was typed."""
    return BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def safe_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: formulas quoted with a leading apostrophe, controls visible."""
    text = visible_controls(text)
    return "'" + text if text.startswith(FORMULA_START) else text
