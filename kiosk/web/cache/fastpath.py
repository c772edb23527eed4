"""A kept page answered before Flask dispatches: the WSGI fast path.

A kept page (kiosk/web/cache/hooks.py) costs ~0.7 ms through Flask: a request context, URL matching, the
page context, every before/after hook and a werkzeug Response, for bytes that are already made. Under
50 connections on 2 cores that time is what p99 waits behind. This middleware looks the page up with
the same key and generation as the full path and, when it is kept and still right, sends the same
status line and headers, made once per (entry, encoding, 304) by the full path's own `fill_from_entry`
and werkzeug's `get_wsgi_headers`, so a kept page looks the same whichever path sent it.

Everything else goes through Flask untouched: other methods, an untrusted Host (Flask answers 400),
anything not kept, and every request of an app with a hook nobody registered here
(`kiosk.web.cache.registry`): a hook added later must say what it means for a
kept page before kept pages skip it; `tests/web/cache/test_pages.py` fails until then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, g
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_etags
from werkzeug.wsgi import get_host

from kiosk.web.cache.hooks import COMPRESSIBLE, fill_from_entry, generation_of, key_of
from kiosk.web.cache.pages import Entry, PageCache, choose_encoding
from kiosk.web.cache.registry import Hook, registry
from kiosk.web.urls import MAX_QUERY, read_carried

log = logging.getLogger(__name__)
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def known_hooks(app: Flask) -> bool:
    """Whether every app-wide hook is registered here (else every request takes the full path)."""
    kept = registry(app)
    before = app.before_request_funcs.get(None, [])
    after = app.after_request_funcs.get(None, [])
    others = [app.url_value_preprocessors.get(None), app.teardown_request_funcs.get(None)]
    return (
        all(f in kept.skipped for f in before)
        and all(f in kept.skipped or f in kept.rerun for f in after)
        and not any(others)
    )


class KeptPages:
    """WSGI middleware around `app.wsgi_app`: kept pages go out before Flask dispatches."""

    def __init__(self, app: Flask, wsgi_app: WsgiApp):
        self.app = app
        self.wsgi_app = wsgi_app
        self._enabled: bool | None = None  # decided at the first request, when every hook is registered

    def enabled(self) -> bool:
        """Whether the fast path runs at all (page cache on, hooks known)."""
        if self._enabled is None:
            wanted = bool(self.app.config.get("PAGE_CACHE", True) and self.app.config.get("FAST_PATH", True))
            self._enabled = wanted and known_hooks(self.app)
            if wanted and not self._enabled:
                log.warning(
                    "kept pages go through Flask: an app hook is not accounted for in kiosk/web/cache/fastpath.py"
                )
        return self._enabled

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Send a kept page, or hand the request to Flask."""
        answer = self.kept(environ) if self.enabled() else None
        if answer is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body] if body else []

    def kept(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """Status line, headers and body of a kept page for this request, or None for the full path."""
        method = environ.get("REQUEST_METHOD")
        app = self.app
        if method not in ("GET", "HEAD") or app.config.get("SERVER_NAME"):
            return None
        trusted = app.config.get("TRUSTED_HOSTS")
        if trusted is not None:
            try:
                get_host(environ, trusted)
            except SecurityError:
                return None  # Flask answers 400
        request = app.request_class(environ)
        site = app.extensions["kiosk.store"].current()
        cache: PageCache = app.extensions["kiosk.pagecache"]
        now = app.config["CLOCK"]().astimezone(site.building.tz)
        query = request.args.get("q", "", type=str)[:MAX_QUERY].strip()
        key = key_of(request.path, read_carried(site.building, request.args), query)
        entry = cache.get(generation_of(app, site.version), key, now, count_miss=False)
        if entry is None:
            return None
        rerun = registry(app).rerun
        if rerun:
            run_after(app, environ, entry, list(rerun))
        accept = request.headers.get("Accept-Encoding")
        return sent(entry, environ, accept, environ.get("HTTP_IF_NONE_MATCH"), method == "HEAD")


def sent(
    entry: Entry, environ: dict[str, Any], accept: str | None, if_none_match: str | None, head: bool
) -> tuple[str, list[tuple[str, str]], bytes]:
    """What the full path would send for `entry`: status line and headers made once, and the body."""
    encoding = choose_encoding(accept) if entry.mimetype in COMPRESSIBLE else None
    body = entry.body_in(encoding)
    encoded = body is not entry.body
    etag = f"{entry.etag}-{encoding}" if encoded else entry.etag
    not_modified = parse_etags(if_none_match).contains(etag)
    made = entry.sent.get((encoding if encoded else None, not_modified))
    if made is None:
        response = Response(b"", mimetype=entry.mimetype, headers=list(entry.headers))
        fill_from_entry(response, entry, accept, parse_etags(if_none_match))
        made = (response.status, response.get_wsgi_headers(environ).to_wsgi_list())
        entry.sent[(encoding if encoded else None, not_modified)] = made
    return made[0], made[1], b"" if head or not_modified else body


def run_after(app: Flask, environ: dict[str, Any], entry: Entry, hooks: list[Hook]) -> None:
    """Run the hooks kept pages must not skip, as the full path does (in a request context)."""
    from kiosk.web.context import current_page

    try:
        with app.request_context(dict(environ)):
            g.page = current_page()
            response = Response(b"", mimetype=entry.mimetype, headers=list(entry.headers))
            for hook in hooks:
                response = hook(response)
    except Exception:  # such a hook (analytics) must never cost a visitor a page
        log.exception("a hook of a kept page failed")


def init_app(app: Flask) -> None:
    """Put the fast path in front of Flask's dispatch (inside any listener marks: see serving.py)."""
    app.wsgi_app = KeptPages(app, app.wsgi_app)  # type: ignore[method-assign]
