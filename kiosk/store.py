"""Keeps the loaded building, and picks up edits to floors.yaml without a restart.

Staff edit the file while the kiosk runs. A good edit shows up within seconds; a broken
one is refused and the last good building stays on screen, so a typo never takes the
lobby screen down. /healthz and the log say what was refused and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from pathlib import Path

from kiosk.building import Building
from kiosk.loader import Problem, check_building, load_building

log = logging.getLogger(__name__)


class BuildingStore:
    """The current building of one app, reloaded when its file changes and still valid."""

    def __init__(self, path: Path, check_every: float = 2.0):
        self.path = path
        self.check_every = check_every
        self.building: Building = load_building(path)
        self.loaded_mtime = self._mtime()
        # What caches key on (issue 12); the lead renames it to `Site.version` in the issue 8 refactor.
        self.version = file_version(path)
        self.loaded_at = dt.datetime.now(dt.UTC)
        self.refused: list[Problem] = []
        self.refused_edits = 0  # how many edits were refused since the server started, for /healthz
        self._checked_at = time.monotonic()
        self._lock = threading.Lock()

    def _mtime(self) -> float:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0

    def current(self) -> Building:
        """The building to show now; looks at the file at most every `check_every` seconds."""
        now = time.monotonic()
        if now - self._checked_at < self.check_every:
            return self.building
        with self._lock:
            self._checked_at = now
            mtime = self._mtime()
            if mtime and mtime != self.loaded_mtime:
                self._reload(mtime)
        return self.building

    def _reload(self, mtime: float) -> None:
        building, problems = check_building(self.path)
        errors = [p for p in problems if p.severity == "error"]
        self.loaded_mtime = mtime  # do not re-read a broken file on every request
        if building is None or errors:
            self.refused = errors
            self.refused_edits += 1
            log.error(
                "kept the last good building; %s has %d problem(s):\n%s",
                self.path,
                len(errors),
                "\n".join(map(str, errors)),
            )
            return
        self.building = building
        self.version = file_version(self.path)
        self.loaded_at = dt.datetime.now(dt.UTC)
        self.refused = []
        log.info("reloaded %s", self.path)


def file_version(path: Path) -> str:
    """A short hash of the file's bytes: the content version pages and caches are keyed on."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "unknown"
