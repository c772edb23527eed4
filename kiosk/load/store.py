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

from kiosk.load.loader import Loaded, Problem, load_content, read_file
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
        loaded = load_content(content, path.name, path.parent)
        self.site: Site = build_site(
            loaded.building_or_raise(), content, path, index_later=later, network=loaded.network
        )
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
            loaded = load_content(read_file(self.path), self.path.name, self.path.parent)
            errors = list(loaded.errors)
            # The route graph and search index are built here, not on a request: if they fail, the edit is refused.
            site = self._site_of(loaded)
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

    def _site_of(self, loaded: Loaded) -> Site | None:
        """The Site of a sound load (its route graph the one the checks built), else None."""
        if loaded.building is None or loaded.errors:
            return None
        return build_site(loaded.building, loaded.content, self.path, network=loaded.network)

    def accept(self, loaded: Loaded) -> bool:
        """Serve what the console just wrote at once, not after the next look at the file.

        Only if the file still holds exactly those bytes (a hand edit since then is read by the next look,
        as every hand edit is); False when it was not taken.
        """
        with self._lock:
            mtime = self._mtime()
            try:
                on_disk = read_file(self.path)
            except OSError:
                return False
            site = self._site_of(loaded) if on_disk == loaded.content else None
            if site is None:
                return False
            self.site = site
            self.loaded_mtime = mtime
            self.refused = []
        log.info("saved %s (version %s)", self.path, site.version)
        return True

    def _refuse(self, errors: list[Problem]) -> None:
        """Keep the last good site and remember why the edit was not taken."""
        self.refused = errors
        self.refused_count += 1
