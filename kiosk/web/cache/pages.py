"""Rendered pages kept per content version, until the next moment anything on them can change.

A page is a function of the loaded building, its URL and the time, and the time matters where
opening hours, dates and states show: "open now", "opens at 08:30", today's hours, notices, lifts out
of service, and events. So a rendered page stays right until the file's content changes (`Site.version`),
the next time any space opens or closes (closures, special hours and China's calendar included), a
notice or an outage starts or ends, midnight in the building's time zone, or `KEEP_AT_MOST` has
passed (events), whichever comes first. Rendering a space page costs milliseconds (two plan SVGs);
sending a kept one costs microseconds.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import brotli

MAX_ENTRIES = 512  # bounds memory (a page is 5–20 KB) whatever URLs strangers make up
MIN_COMPRESS_BYTES = 512  # smaller bodies are not worth the CPU or the extra header
GZIP_LEVEL = 6
BROTLI_QUALITY = 9  # compressed once per page and version, so a high quality is affordable
# Pages also show events (today's on the attract screen, "on now"): a new events snapshot drops every kept
# page (views/cache.py `generation`), and a kept page is redone at least this often for events that start
# or end meanwhile.
KEEP_AT_MOST = dt.timedelta(seconds=60)


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
    # What the WSGI fast path sends (kiosk/web/cache/fastpath.py), per (encoding, 304?): status line and headers,
    # made once by the same code as the full path's, so both send the same headers.
    sent: dict[tuple[str | None, bool], tuple[str, list[tuple[str, str]]]] = field(default_factory=dict)

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
        self._until: tuple[dt.datetime, dt.datetime] | None = None  # (worked out at, good until), this version
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _follow(self, version: str) -> None:
        """Forget every page when another version of the file was loaded (a reload)."""
        if version != self._version:
            self._entries.clear()
            self._until = None
            self._version = version

    def good_until(self, version: str, moment: dt.datetime, compute: Callable[[], dt.datetime]) -> dt.datetime:
        """Until when a page of `version` rendered at `moment` stays right: `compute()`, worked out once
        and shared by every page rendered before that moment (nothing changes in between)."""
        with self._lock:
            self._follow(version)
            known = self._until
            if known is not None and known[0] <= moment < known[1]:
                return known[1]
        until = compute()
        with self._lock:
            if version == self._version:
                self._until = (moment, until)
        return until

    def get(self, version: str, key: Hashable, moment: dt.datetime, count_miss: bool = True) -> Entry | None:
        """The kept page for `key`, if it was rendered from site `version` and is still right at `moment`.

        `count_miss=False`: a look that hands a miss on to the full path, which looks (and counts) again."""
        with self._lock:
            self._follow(version)
            entry = self._entries.get(key)
            if entry is None or not entry.is_fresh(moment):
                self.misses += count_miss
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
