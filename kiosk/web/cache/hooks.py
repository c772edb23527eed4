"""Speed without touching the views: kept pages, compressed text, versioned static URLs.

- Pages (see `kiosk.web.cache.pages`) are answered from memory while they are still right: the view
  function does not run at all. The key is the path and the parameters that change a page.
- Text responses go out as brotli or gzip when the client takes them, with `Vary: Accept-Encoding`
  and an ETag per encoding, so caches in between never mix them up.
- `url_for('static', ...)` adds `?v=<hash of the file>`; a request with the current hash is cached
  by browsers for a year (`immutable`), and an edit to the file changes every URL that names it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Hashable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.datastructures import ETags

from kiosk.timetable.schedule import next_change
from kiosk.web.cache import registry
from kiosk.web.cache.pages import (
    KEEP_AT_MOST,
    MIN_COMPRESS_BYTES,
    Entry,
    PageCache,
    choose_encoding,
    compress,
)
from kiosk.web.context import PageContext, current_page

# Pages that are pure functions of the building, the URL and the time (not `/`: it depends on Accept-Language).
CACHED_ENDPOINTS = frozenset(
    {
        "directory.home",
        "directory.floor",
        "directory.space",
        "directory.category",
        "directory.facilities",
        "directory.facility_kind",
        "search.results",
        "search.index_json",
        "qr.posters",
        "qr.building_poster",
        "qr.floor_poster",
        "qr.space_poster",
    }
)
COMPRESSIBLE = frozenset(
    {"text/html", "text/css", "text/plain", "application/javascript", "text/javascript", "application/json"}
    | {"image/svg+xml", "application/manifest+json"}
)
KEPT_HEADERS_SKIP = frozenset({"content-length", "etag", "content-encoding", "date", "vary"})
YEAR = 365 * 24 * 3600
# The hash of a static file, from its bytes; looked up on every page, so kept: path -> (checked, mtime, hash).
_static_versions: dict[tuple[str, str], tuple[float, float, str]] = {}
STATIC_CHECK_SECONDS = 2.0
_static_lock = threading.Lock()


def page_key(page: PageContext) -> Hashable:
    """What makes one page differ from another: its path (language included), the carried parameters
    as validated, and the search text (language links carry it). Every other parameter is ignored
    by the pages, so by the key too. What the page was rendered from is the cache's generation
    (`generation`)."""
    return key_of(request.path, page.carried, page.query)


def key_of(path: str, carried: Mapping[str, str], query: str) -> Hashable:
    """The page cache's key from plain values (shared with the WSGI fast path, kiosk/web/cache/fastpath.py)."""
    return (path, tuple(sorted(carried.items())), query)


def _cache() -> PageCache:
    return current_app.extensions["kiosk.pagecache"]


class EventsGeneration:
    """A number that changes whenever the events snapshot pages read is another one (a feed was refreshed)."""

    def __init__(self) -> None:
        self._last: object = None
        self.number = 0
        self._lock = threading.Lock()

    def of(self, snapshot: object) -> int:
        """The generation of `snapshot` (a reference is kept, so an identity is never reused)."""
        with self._lock:
            if snapshot is not self._last:
                self._last = snapshot
                self.number += 1
            return self.number


def generation(page: PageContext) -> str:
    """What every kept page was rendered from: the file's content (`Site.version`) and the events of the
    moment, which files and feeds change in the background without a new version."""
    return generation_of(current_app, page.site.version)


OTHER_VERSIONS = "kiosk.pagecache.others"


def generation_of(app: Flask, version: str) -> str:
    """`generation` from plain values: the site version and the events snapshot `app` reads now."""
    snapshot = app.extensions["kiosk.events"].snapshot()
    generation = f"{version}/{app.extensions['kiosk.pagecache.events'].of(snapshot)}"
    # What else a page shows, set by whoever adds it: in a district, the other buildings' versions (their
    # search results are on this building's search page), so an edit there is not hidden by a kept page here.
    others = app.extensions.get(OTHER_VERSIONS)
    return f"{generation}/{others()}" if others is not None else generation


def _is_cacheable() -> bool:
    return (
        current_app.config.get("PAGE_CACHE", True)
        and request.method in ("GET", "HEAD")
        and request.endpoint in CACHED_ENDPOINTS
    )


def serve_kept() -> Response | None:
    """Answer from a kept page when there is one (before the view runs)."""
    if not _is_cacheable():
        return None
    page = current_page()
    entry = _cache().get(generation(page), page_key(page), page.now)
    if entry is None:
        return None
    g.kept_entry = entry
    return Response(b"", mimetype=entry.mimetype, headers=list(entry.headers))


def keep(response: Response) -> Entry | None:
    """Keep a freshly rendered page; the entry it became, or None when it is not to be kept."""
    if not _is_cacheable() or response.status_code != 200 or response.direct_passthrough:
        return None
    page = current_page()
    moment = page.now
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in KEPT_HEADERS_SKIP)
    version = generation(page)
    until = _cache().good_until(version, moment, lambda: min(next_change(page.building, moment), moment + KEEP_AT_MOST))
    entry = Entry(response.get_data(), response.mimetype or "", headers, moment, until)
    _cache().put(version, page_key(page), entry)
    return entry


def send_entry(response: Response, entry: Entry) -> Response:
    """Fill `response` from `entry` in the client's encoding, or 304 when the client has it."""
    return fill_from_entry(response, entry, request.headers.get("Accept-Encoding"), request.if_none_match)


def fill_from_entry(response: Response, entry: Entry, accept_encoding: str | None, if_none_match: ETags) -> Response:
    """`send_entry` from plain values (the WSGI fast path sends a kept page through this too)."""
    encoding = choose_encoding(accept_encoding) if _compressible(response) else None
    body = entry.body_in(encoding)
    encoded = body is not entry.body
    etag = f"{entry.etag}-{encoding}" if encoded else entry.etag
    response.set_etag(etag)
    if _compressible(response):
        response.vary.add("Accept-Encoding")
    if if_none_match.contains(etag):
        response.status_code = 304
        response.set_data(b"")
        return response
    response.set_data(body)
    if encoded:
        response.headers["Content-Encoding"] = encoding
    return response


def _compressible(response: Response) -> bool:
    return response.mimetype in COMPRESSIBLE


@lru_cache(maxsize=64)
def _compressed_static(path: str, etag: str, encoding: str, body: bytes) -> bytes:
    """A static file compressed once per version of it (the ETag changes with the file)."""
    return compress(body, encoding)


def compress_other(response: Response) -> Response:
    """Compress a text response that is not a kept page (static CSS and JS, other JSON)."""
    if not _compressible(response) or response.status_code != 200 or "Content-Encoding" in response.headers:
        return response
    response.vary.add("Accept-Encoding")
    if "Content-Range" in response.headers:
        return response
    encoding = choose_encoding(request.headers.get("Accept-Encoding"))
    if encoding is None:
        return response
    response.direct_passthrough = False  # static files are streamed; read them to compress them
    body = response.get_data()
    if len(body) < MIN_COMPRESS_BYTES:
        return response
    etag, _weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}-{encoding}")
        data = _compressed_static(request.path, etag, encoding, body)
    else:
        data = compress(body, encoding)
    response.set_data(data)
    response.headers["Content-Encoding"] = encoding
    return response


def static_version(filename: str) -> str:
    """A short hash of a static file's bytes (empty when there is no such file); the file is looked at every 2 s."""
    moment = time.monotonic()
    key = (current_app.static_folder or "", filename)
    with _static_lock:
        known = _static_versions.get(key)
        if known and moment - known[0] < STATIC_CHECK_SECONDS:
            return known[2]
        path = Path(key[0]) / filename
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return ""
        version = known[2] if known and known[1] == mtime else hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        _static_versions[key] = (moment, mtime, version)
        return version


def add_static_version(endpoint: str, values: dict[str, Any]) -> None:
    """`url_for('static', filename=...)` gets `v=<hash>`, so a changed file gets a new URL."""
    if endpoint == "static" and "v" not in values and values.get("filename"):
        version = static_version(str(values["filename"]))
        if version:
            values["v"] = version


def mark_immutable(response: Response) -> None:
    """A static file asked for by its current hash never changes: let browsers keep it a year."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return
    filename = (request.view_args or {}).get("filename", "")
    if request.args.get("v") and request.args.get("v") == static_version(filename):
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True


def init_app(app: Flask) -> None:
    """Register first, so that the finishing hook runs after every other after_request hook."""
    app.extensions["kiosk.pagecache"] = PageCache()
    app.extensions["kiosk.pagecache.events"] = EventsGeneration()
    app.url_defaults(add_static_version)
    app.before_request(serve_kept)
    registry.skipped_for_kept_pages(app, serve_kept, "the fast path does what it does")

    @app.after_request
    def finish(response: Response) -> Response:
        entry = g.pop("kept_entry", None) or keep(response)
        mark_immutable(response)
        if entry is not None:
            return send_entry(response, entry)
        return compress_other(response)

    registry.skipped_for_kept_pages(app, finish, "the fast path calls fill_from_entry too")
