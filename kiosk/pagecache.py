"""Rendered pages kept per content version, until the next moment anything on them can change.

A page is a pure function of the loaded building, its URL and the time, and the time matters only
where opening hours or dates show: "open now", "opens at 08:30", today's hours, today's notices.
So a rendered page stays right until the building is reloaded, the next time any space opens or
closes, or midnight in the building's time zone, whichever comes first. Rendering a space page
costs milliseconds (two plan SVGs); sending a kept one costs microseconds.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field

import brotli

from kiosk import hours
from kiosk.building import Building

MAX_ENTRIES = 512  # bounds memory (a page is 5–20 KB) whatever URLs strangers make up
MIN_COMPRESS_BYTES = 512  # smaller bodies are not worth the CPU or the extra header
GZIP_LEVEL = 6
BROTLI_QUALITY = 9  # compressed once per page and version, so a high quality is affordable


def hours_expressions(building: Building) -> set[str]:
    """Every opening-hours expression a page of `building` can show."""
    return {building.building.hours, *(space.hours for space in building.spaces if space.hours)}


def next_midnight(moment: dt.datetime, building: Building) -> dt.datetime:
    """The start of tomorrow in the building's time zone (today's hours and notices change then)."""
    local = moment.astimezone(building.tz)
    tomorrow = local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time(0), tzinfo=building.tz)


def next_change(building: Building, moment: dt.datetime) -> dt.datetime:
    """The next moment any page of `building` may say something else: a space opens or closes, or a new day."""
    soonest = next_midnight(moment, building)
    for expression in hours_expressions(building):
        change = hours.status(expression, moment, building.building.timezone).next_change
        if change is not None and change < soonest:
            soonest = change
    return soonest


def body_etag(body: bytes) -> str:
    """A strong validator for a body: the first 32 hex digits of its SHA-256."""
    return hashlib.sha256(body).hexdigest()[:32]


def compress(body: bytes, encoding: str) -> bytes:
    """The body in `encoding` ("br" or "gzip")."""
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def choose_encoding(accept_encoding: str | None) -> str | None:
    """Brotli if the client takes it, else gzip, else None; `q=0` refuses an encoding."""
    accepted: dict[str, float] = {}
    for part in (accept_encoding or "").lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        accepted[name.strip()] = quality
    for encoding in ("br", "gzip"):
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return None


@dataclass
class Entry:
    """One rendered body, its validator, the headers to send again, and when it stops being right."""

    body: bytes
    mimetype: str
    headers: tuple[tuple[str, str], ...]
    valid_from: dt.datetime
    valid_until: dt.datetime
    etag: str = ""
    encoded: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.etag = self.etag or body_etag(self.body)

    def is_fresh(self, moment: dt.datetime) -> bool:
        """Whether the page still says what it would say if rendered at `moment`."""
        return self.valid_from <= moment < self.valid_until

    def body_in(self, encoding: str | None) -> bytes:
        """The body compressed with `encoding` (made once, then kept), or as it is."""
        if encoding is None or len(self.body) < MIN_COMPRESS_BYTES:
            return self.body
        if encoding not in self.encoded:
            self.encoded[encoding] = compress(self.body, encoding)
        return self.encoded[encoding]


class PageCache:
    """Rendered pages of one site version (`Site.version`), least recently used dropped first."""

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._version: str | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _follow(self, version: str) -> None:
        """Forget every page when another version of the file was loaded (a reload)."""
        if version != self._version:
            self._entries.clear()
            self._version = version

    def get(self, version: str, key: Hashable, moment: dt.datetime) -> Entry | None:
        """The kept page for `key`, if it was rendered from site `version` and is still right at `moment`."""
        with self._lock:
            self._follow(version)
            entry = self._entries.get(key)
            if entry is None or not entry.is_fresh(moment):
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, version: str, key: Hashable, entry: Entry) -> None:
        """Keep a rendered page of site `version`."""
        with self._lock:
            self._follow(version)
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
