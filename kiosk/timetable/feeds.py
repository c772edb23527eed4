"""The event sources of the loaded building, kept fresh in the background.

A feed URL is fetched only by the background thread (`start()`), with a timeout, never while a
visitor waits; when a fetch or a parse fails, the last good copy stays and the failure is kept for
`/healthz` and `kiosk check`. Files beside floors.yaml are re-read when they change. Pages read an
immutable `Snapshot`: the occurrences of the next two weeks, by space.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.model.building import Building, EventSource
from kiosk.timetable import events
from kiosk.timetable.events import EventProblem, Occurrence, Window

if TYPE_CHECKING:  # read only where an .ics file is parsed (kiosk/timetable/events.py), not at every start
    import icalendar

log = logging.getLogger(__name__)
WINDOW_DAYS = 16  # yesterday (events still running) to two weeks ahead
FETCH_TIMEOUT = 10.0  # seconds; a hanging server must not hold the thread long
POLL_SECONDS = 30.0


@dataclass
class FeedState:
    """What we know of one source: the last good copy, and how the last try went."""

    name: str
    kind: str  # "file" or "url"
    updated: dt.datetime | None = None  # when the last good copy was read
    attempted: dt.datetime | None = None
    error: str | None = None  # why the last try failed (the last good copy still shows)
    problems: list[EventProblem] = field(default_factory=list)  # rows/events skipped in the good copy
    calendar: icalendar.Calendar | None = None
    csv: bytes | None = None  # a spreadsheet's bytes (CSV or .xlsx), read again for each window
    mtime: float | None = None

    def health(self) -> dict[str, object]:
        """The state for /healthz and `kiosk check`."""
        return {
            "source": self.name,
            "kind": self.kind,
            "last_updated": self.updated.isoformat(timespec="seconds") if self.updated else None,
            "last_attempt": self.attempted.isoformat(timespec="seconds") if self.attempted else None,
            "error": self.error,
            "skipped": [str(p) for p in self.problems[:20]],
        }


@dataclass(frozen=True)
class Snapshot:
    """The occurrences pages show, for one loaded building and one day."""

    building: Building
    day: dt.date
    occurrences: tuple[Occurrence, ...]
    by_space: dict[str, tuple[Occurrence, ...]]
    problems: tuple[EventProblem, ...] = ()


class EventFeeds:
    """Every event source of the current building; `snapshot()` for pages, `start()` for the thread."""

    def __init__(self, current: Callable[[], Building], base: Path, clock: Callable[[], dt.datetime]):
        self._current = current
        self._base = base.resolve()
        self._clock = clock
        self._states: dict[str, FeedState] = {}
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()  # set to refresh at once (a new building, a new day)
        self._thread: threading.Thread | None = None
        self.timeout = FETCH_TIMEOUT
        self._taken = 0  # how many new copies were kept: a round rebuilds the snapshot only when this moved

    # --- for pages ------------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current occurrences; rebuilt (files only, never URLs) when the building or the day changed."""
        building = self._current()
        today = self._clock().astimezone(building.tz).date()
        found = self._snapshot
        if found is not None and found.building is building and found.day == today:
            return found
        if self._thread is not None and self._thread.is_alive():
            # A visitor never waits for a parse or a rebuild: the thread does it now; the window of
            # the stale copy (yesterday to two weeks ahead) still covers today, and before the first
            # round has finished the page shows floors.yaml's own events (cheap, and capped).
            self._wake.set()
            return found if found is not None else self._yaml_only(building, today)
        self.refresh_files(building)
        return self._rebuild(building, today)

    def health(self) -> list[dict[str, object]]:
        """Each source's state, for /healthz and `kiosk check`."""
        building = self._current()
        return [self._state(source).health() for source in building.event_sources]

    # --- refreshing -----------------------------------------------------------------------------

    def _state(self, source: EventSource) -> FeedState:
        with self._lock:
            return self._states.setdefault(source.name, FeedState(source.name, "url" if source.url else "file"))

    def _path(self, source: EventSource) -> Path | None:
        """A file source's path, only inside the folder of floors.yaml."""
        candidate = (self._base / (source.file or "")).resolve()
        return candidate if self._base in candidate.parents else None

    def refresh_files(self, building: Building) -> None:
        """Re-read the file sources that changed since last time."""
        now = self._clock()
        for source in building.event_sources:
            if source.file is None:
                continue
            state = self._state(source)
            path = self._path(source)
            try:
                if path is None:
                    raise OSError("the file must be in the folder of floors.yaml")
                mtime = path.stat().st_mtime
                if mtime == state.mtime and state.updated is not None:
                    continue
                data = path.read_bytes()
            except OSError as error:
                state.attempted, state.error = now, f"cannot read {source.file}: {error.strerror or error}"
                continue
            state.mtime = mtime
            self._take(state, source, data, now)

    def refresh_urls(self, building: Building, force: bool = False) -> None:
        """Fetch the URL sources that are due (all with `force`); runs on the background thread."""
        for source in building.event_sources:
            if source.url is None:
                continue
            state = self._state(source)
            now = self._clock()
            due = state.attempted is None or now - state.attempted >= dt.timedelta(minutes=source.refresh_minutes)
            if not (force or due):
                continue
            state.attempted = now
            try:
                data = self._fetch(source.url)
            except (OSError, urllib.error.URLError, ValueError) as error:
                state.error = f"fetch failed: {getattr(error, 'reason', None) or error}"
                log.warning("event feed %s: %s (keeping the copy of %s)", source.url, state.error, state.updated)
                continue
            self._take(state, source, data, now)

    def _fetch(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": "kiosk-events/1"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # staff's URL
            data = response.read(events.MAX_FEED_BYTES + 1)
        if len(data) > events.MAX_FEED_BYTES:
            raise ValueError(f"more than {events.MAX_FEED_BYTES:,} bytes: refused")
        return data

    def _take(self, state: FeedState, source: EventSource, data: bytes, now: dt.datetime) -> None:
        """Keep a newly read copy if it can be used; otherwise keep the last good one and say why."""
        state.attempted = now
        if (source.file or "").lower().endswith((".csv", ".xlsx")):
            check = events.read_table(data, source.name, self._current(), _window(self._current(), now))
            whole_file = [p for p in check.problems if p.where in ("", "row 1")]
            if whole_file:
                state.error = str(whole_file[0])
                return
            state.csv, state.calendar = data, None
            state.problems = check.problems
        else:
            calendar, problems = events.parse_ics(data, source.name)
            if calendar is None:
                state.error = str(problems[0]) if problems else "not an iCalendar file"
                return
            state.calendar, state.csv = calendar, None
            state.problems = problems
        state.updated, state.error = now, None
        self._taken += 1

    def _yaml_only(self, building: Building, today: dt.date) -> Snapshot:
        """floors.yaml's events alone, not kept: what pages show until the thread's first round is done."""
        reading = events.from_yaml(building, _window(building, self._clock()))
        occurrences = tuple(sorted(reading.occurrences, key=lambda o: o.start))
        by_space: dict[str, list[Occurrence]] = {}
        for occurrence in occurrences:
            if occurrence.space:
                by_space.setdefault(occurrence.space, []).append(occurrence)
        spaces = {k: tuple(v) for k, v in by_space.items()}
        return Snapshot(building, today, occurrences, spaces, tuple(reading.problems))

    def _rebuild(self, building: Building, today: dt.date) -> Snapshot:
        """Expand every source for the window and publish the result."""
        window = Window(today - dt.timedelta(days=1), WINDOW_DAYS, building.tz)
        readings = [events.from_yaml(building, window)]
        for source in building.event_sources:
            state = self._state(source)
            if state.csv is not None:
                readings.append(events.read_table(state.csv, source.name, building, window, source.space))
            elif state.calendar is not None:
                readings.append(events.expand_ics(state.calendar, source.name, building, window, source.space))
        occurrences = tuple(sorted((o for r in readings for o in r.occurrences), key=lambda o: o.start))
        by_space: dict[str, list[Occurrence]] = {}
        for occurrence in occurrences:
            if occurrence.space:
                by_space.setdefault(occurrence.space, []).append(occurrence)
        problems = tuple(p for r in readings for p in r.problems)
        snapshot = Snapshot(building, today, occurrences, {k: tuple(v) for k, v in by_space.items()}, problems)
        self._snapshot = snapshot
        return snapshot

    def refresh(self, force_urls: bool = False) -> Snapshot:
        """One round of the background work: files, due URLs, and a new snapshot when anything changed."""
        building = self._current()
        before = self._taken
        self.refresh_files(building)
        self.refresh_urls(building, force=force_urls)
        today = self._clock().astimezone(building.tz).date()
        found = self._snapshot
        if found is not None and found.building is building and found.day == today and self._taken == before:
            return found  # nothing new: expanding the same copies again would only cost CPU
        return self._rebuild(building, today)

    # --- the thread -----------------------------------------------------------------------------

    def start(self, every: float = POLL_SECONDS) -> threading.Thread:
        """Refresh in a daemon thread every `every` seconds until `stop()`."""

        def run() -> None:
            while not self._stop.is_set():
                try:
                    self.refresh()
                except Exception:  # the thread must outlive any one bad feed
                    log.exception("refreshing the event feeds failed")
                self._wake.wait(every)
                self._wake.clear()

        self._thread = threading.Thread(target=run, name="kiosk-event-feeds", daemon=True)
        self._thread.start()
        return self._thread

    def stop(self) -> None:
        """Stop the background thread after its current round."""
        self._stop.set()
        self._wake.set()


def _window(building: Building, now: dt.datetime) -> Window:
    today = now.astimezone(building.tz).date()
    return Window(today - dt.timedelta(days=1), WINDOW_DAYS, building.tz)
