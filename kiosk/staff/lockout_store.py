"""Where wrong-password counts are kept, so a restart (or a power cut) does not unlock an account.

One small SQLite table: name → (failures, blocked until, as wall-clock seconds). The lockout keeps
its own copy in memory and writes each change through; if the database cannot be written the
lockout goes on in memory (a lock still holds until the process ends) and the log says so.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS failures (
  name TEXT PRIMARY KEY, count INTEGER NOT NULL, blocked_until REAL NOT NULL
) WITHOUT ROWID;
"""


class LockoutStore:
    """The failures table; every method is best-effort and never raises."""

    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=2.0)
        db.execute(SCHEMA)
        return db

    def load(self) -> dict[str, tuple[int, float]]:
        """Every name with its count and the time its wait ends (nothing, and no file made, before a first one)."""
        if not self.path.exists():
            return {}
        try:
            with self._connect() as db:
                rows = db.execute("SELECT name, count, blocked_until FROM failures").fetchall()
        except (sqlite3.Error, OSError) as error:
            log.warning("staff sign-in: failed tries could not be read from %s (%s)", self.path, error)
            return {}
        return {str(name): (int(count), float(until)) for name, count, until in rows}

    def put(self, name: str, count: int, blocked_until: float) -> None:
        """Keep one name's count and wait."""
        self._write(
            "INSERT INTO failures (name, count, blocked_until) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET count = excluded.count, blocked_until = excluded.blocked_until",
            (name, count, blocked_until),
        )

    def forget(self, names: list[str]) -> None:
        """Drop these names (a right password, or a wait long over)."""
        if names:
            self._write_many("DELETE FROM failures WHERE name = ?", [(name,) for name in names])

    def _write(self, sql: str, values: tuple[object, ...]) -> None:
        self._write_many(sql, [values])

    def _write_many(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        try:
            with self._connect() as db:
                db.executemany(sql, rows)
        except (sqlite3.Error, OSError) as error:
            log.warning("staff sign-in: failed tries could not be kept in %s (%s)", self.path, error)
