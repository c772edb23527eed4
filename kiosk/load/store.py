"""Keeps the loaded `Site`, and picks up edits to floors.yaml without a restart.

Staff edit the file while the kiosk runs. A good edit shows up within seconds; a broken
one is refused and the last good site stays on screen, so a typo never takes the lobby
screen down. /healthz and the log say what was refused and why. No exception from a
reload ever reaches a request: whatever goes wrong, the edit is refused and counted.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from pathlib import Path

from kiosk.load.loader import Problem, check_content, load_building, read_file
from kiosk.load.site import Site, build_site
from kiosk.search import build as searchbuild

log = logging.getLogger(__name__)


class BuildingStore:
    """The current site of one app, reloaded when its file changes and still valid."""

    def __init__(self, path: Path, check_every: float = 2.0):
        self.path = path
        self.check_every = check_every
        content = read_file(path)
        # The first load may make its search index later (`kiosk serve`: the listener is up sooner); a reload
        # makes it here, so that an edit whose index fails is refused.
        later = searchbuild.first_load_later()
        self.site: Site = build_site(load_building(path, content), content, path, index_later=later)
        self.loaded_mtime = self._mtime()
        self.refused: list[Problem] = []
        self.refused_count = 0  # edits refused since start, for /healthz
        self.started_at = dt.datetime.now(dt.UTC)
        self._checked_at = time.monotonic()
        self._lock = threading.Lock()

    def _mtime(self) -> float:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0

    def current(self) -> Site:
        """The site to show now; looks at the file at most every `check_every` seconds."""
        now = time.monotonic()
        if now - self._checked_at < self.check_every:
            return self.site
        with self._lock:
            self._checked_at = now
            mtime = self._mtime()
            if mtime and mtime != self.loaded_mtime:
                self._reload(mtime)
        return self.site

    def _reload(self, mtime: float) -> None:
        self.loaded_mtime = mtime  # first: never re-read a broken file on every request
        try:
            content = read_file(self.path)
            building, problems = check_content(content, self.path.name, self.path.parent)
            errors = [p for p in problems if p.severity == "error"]
            # The route graph and search index are built here, not on a request: if they fail, the edit is refused.
            site = build_site(building, content, self.path) if building is not None and not errors else None
        except BaseException as error:
            # Broad on purpose: a bug in a check must refuse the edit, not answer 500 to every visitor.
            # BaseException because opening-hours-py is Rust, and a panic arrives as pyo3's PanicException.
            if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            log.exception("kept the last good building; checking %s failed", self.path)
            self._refuse([Problem(self.path.name, 1, 1, f"the file could not be checked ({type(error).__name__})")])
            return
        if site is None:
            self._refuse(errors)
            log.error(
                "kept the last good building; %s has %d problem(s):\n%s",
                self.path,
                len(errors),
                "\n".join(map(str, errors)),
            )
            return
        self.site = site
        self.refused = []
        log.info("reloaded %s (version %s)", self.path, self.site.version)

    def _refuse(self, errors: list[Problem]) -> None:
        """Keep the last good site and remember why the edit was not taken."""
        self.refused = errors
        self.refused_count += 1
