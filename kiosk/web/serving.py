"""Waitress, twice: a public listener for phones and the web, and a loopback listener for the lobby screen.

One waitress server has one connection limit. A few hundred sockets that trickle header bytes
hold every slot (waitress's inactivity timeout never fires while bytes keep coming), and then
every request waits, the lobby screen's included. So the lobby screen gets its own server
instance, on loopback only, with its own connections and threads: whatever the internet does to
the public listener, the screen in the lobby keeps answering. Phone traffic belongs behind the
reverse proxy (README, "Behind a reverse proxy"), which enforces header/body timeouts and
per-address limits that waitress does not have.

Both servers run in one process and share one app (one building, one reload).
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from waitress.proxy_headers import proxy_headers_middleware
from waitress.server import create_server

from kiosk.model.public_url import is_loopback

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
LISTENER_KEY = "kiosk.listener"  # WSGI environ key: which listener a request came in on
# WSGI environ key: the proxy headers a request carried that no trusted proxy vouched for (noted before
# waitress's own proxy handling removes them, so the app can still refuse such a request).
UNVOUCHED_KEY = "kiosk.unvouched_proxy_headers"
PROXY_KEYS = (
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_BY",
    "HTTP_X_REAL_IP",
)
WAITRESS_KEY = "waitress.client_disconnected"  # set by every waitress request (task.py), ours or not
TRUSTED_PROXY_HEADERS = frozenset({"x-forwarded-proto", "x-forwarded-for"})  # never the Host
PUBLIC, LOBBY = "public", "lobby"
MAX_BODY_BYTES = 64 * 1024  # same as Flask's MAX_CONTENT_LENGTH: no form of ours comes near it
MAX_HEADER_BYTES = 32 * 1024  # request line + headers; a 60-character search fits many times over

# Limits both listeners share. Every value is a choice, not waitress's default:
COMMON_LIMITS: dict[str, Any] = {
    # Waitress would buffer up to 1 GiB of body (to disk) before our app could refuse it.
    "max_request_body_size": MAX_BODY_BYTES,
    # The default 256 KiB lets one request carry a page-sized query string; browsers send < 8 KiB.
    "max_request_header_size": MAX_HEADER_BYTES,
    # Never show a traceback to a visitor (this is waitress's default; kept explicit on purpose).
    "expose_tracebacks": False,
    # poll() instead of select(): select() breaks above 1024 open sockets, poll() has no such ceiling.
    # (The load test, benchmarks/bench_load.py, found the same: waitress on select() fails past
    # ~1,000 sockets; on poll() the only ceiling left is `connection_limit` below.)
    "asyncore_use_poll": True,
    # Proxy headers are handled by `proxied` below, not by waitress's own wrapper: that one removes
    # untrusted headers before the app could see that a request carried them.
    "clear_untrusted_proxy_headers": False,
    "ident": "kiosk",
}

# The listener phones and the web reach (through the reverse proxy in production).
PUBLIC_LIMITS: dict[str, Any] = {
    **COMMON_LIMITS,
    # Room for 200 phones at once on a bare `kiosk serve` (the load target: every one of 200
    # connections answered, none left waiting unaccepted), with headroom, yet bounded: 256 sockets plus
    # the lobby's 32 stay far below the 1,024 descriptors a service gets by default. It was 100 for a
    # while, and bench_load.py then showed what wrk's own figures hide: at 200 connections half
    # of them sat in the accept queue for the whole run and were never answered. Slow or hostile clients
    # can still fill these slots; that costs phones, never the lobby screen (its own listener), and the
    # shipped deploy/nginx-kiosk.conf in front times such clients out and answers bursts from its cache.
    "connection_limit": 256,
    # Idle keep-alive sockets are released after 30 s instead of 120 s, so a burst of phones
    # that walked away frees its slots sooner.
    "channel_timeout": 30,
    "cleanup_interval": 10,
    # A short accept queue: beyond the limit, new connections fail fast instead of piling up.
    "backlog": 256,
}

# The lobby screen's listener: one Chromium on the same machine opens at most a handful of sockets.
LOBBY_LIMITS: dict[str, Any] = {
    **COMMON_LIMITS,
    "connection_limit": 32,
    "channel_timeout": 60,
    "cleanup_interval": 10,
    "backlog": 32,
}
LOBBY_THREADS = 2  # the screen asks for one page at a time (plus its QR code)


@dataclass(frozen=True)
class Listeners:
    """Where to listen: the public address, the lobby's loopback port (None: no lobby listener)."""

    host: str
    port: int
    threads: int
    lobby_port: int | None
    trusted_proxy: str | None = None


def on_listener(app: Callable[..., Iterable[bytes]], name: str) -> Callable[..., Iterable[bytes]]:
    """Wrap a WSGI app so every request says which listener it came in on (see `is_local_request`)."""

    def marked(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ[LISTENER_KEY] = name
        return app(environ, start_response)

    return marked


def is_local_request(environ: dict[str, Any]) -> bool:
    """Whether a request came from this machine itself: the lobby listener, or loopback without a server.

    Behind a reverse proxy every public request arrives from 127.0.0.1, so on `kiosk serve` only the
    lobby listener counts; under `flask run` or tests (no listener mark) a loopback peer counts when
    nothing says it speaks for someone else.
    """
    listener = environ.get(LISTENER_KEY)
    if listener is not None:
        return listener == LOBBY
    return is_loopback(environ.get("REMOTE_ADDR")) and not speaks_for_someone(environ)


def speaks_for_someone(environ: dict[str, Any]) -> bool:
    """Whether the peer may be a proxy speaking for another client whom no trusted proxy named.

    On `kiosk serve`: a proxy header no trusted proxy vouched for (noted before waitress removed it).
    Elsewhere: a proxy header in the environ, or a loopback peer on a waitress this app did not start
    (`waitress-serve --call kiosk:create_app`): that waitress removes untrusted proxy headers before the
    app runs, so a same-host proxy's request looks exactly like a local one.
    """
    if LISTENER_KEY in environ:
        return bool(environ.get(UNVOUCHED_KEY))
    if any(key in environ for key in PROXY_KEYS):
        return True
    return WAITRESS_KEY in environ and is_loopback(environ.get("REMOTE_ADDR"))


def noting_proxy_headers(
    app: Callable[..., Iterable[bytes]], trusted_proxy: str | None
) -> Callable[..., Iterable[bytes]]:
    """Wrap a WSGI app: note (under UNVOUCHED_KEY) the proxy headers no trusted proxy vouched for."""
    vouched = {"HTTP_" + name.upper().replace("-", "_") for name in TRUSTED_PROXY_HEADERS} if trusted_proxy else set()

    def noted(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        believed = vouched if environ.get("REMOTE_ADDR") == trusted_proxy else set()
        environ[UNVOUCHED_KEY] = tuple(key for key in PROXY_KEYS if key in environ and key not in believed)
        return app(environ, start_response)

    return noted


def proxied(
    app: Callable[..., Iterable[bytes]], name: str, trusted_proxy: str | None
) -> Callable[..., Iterable[bytes]]:
    """One listener's app: proxy headers noted, then believed from the trusted proxy only, then removed."""
    translated = proxy_headers_middleware(
        on_listener(app, name),
        trusted_proxy=trusted_proxy,
        trusted_proxy_headers=set(TRUSTED_PROXY_HEADERS) if trusted_proxy else None,
        clear_untrusted=True,
    )
    return noting_proxy_headers(translated, trusted_proxy)


def public_limits(trusted_proxy: str | None) -> dict[str, Any]:
    """The public listener's waitress settings (the trusted proxy is handled by `proxied`, not here)."""
    return dict(PUBLIC_LIMITS)


M_ARENA_MAX = -8  # glibc's mallopt() parameter number (malloc.h)
MALLOC_ARENAS = 2


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Ask glibc for at most `arenas` malloc arenas (as MALLOC_ARENA_MAX would); False where that is not glibc.

    glibc gives busy threads arenas of their own (up to 8 per core); under load each of waitress's threads
    grows one, and the server's RSS with them: 86 MB after bench_load's burst, 79 MB with two.
    The GIL lets one thread allocate at a time anyway, so two arenas cost no speed. Call before threads start."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False


def serve(app: Callable[..., Iterable[bytes]], listeners: Listeners) -> None:
    """Run the public listener in this thread and the lobby listener beside it, until interrupted."""
    limit_malloc_arenas()
    public = create_server(
        proxied(app, PUBLIC, listeners.trusted_proxy),
        map={},  # each server its own socket map, so each has its own connection count
        host=listeners.host,
        port=listeners.port,
        threads=listeners.threads,
        **public_limits(listeners.trusted_proxy),
    )
    lobby = None
    if listeners.lobby_port is not None:
        try:
            lobby = create_server(
                proxied(app, LOBBY, None),
                map={},
                host=LOOPBACK,  # never reachable from the network, whatever --host says
                port=listeners.lobby_port,
                threads=LOBBY_THREADS,
                **LOBBY_LIMITS,
            )
        except OSError:
            public.close()
            raise
        threading.Thread(target=lobby.run, name="lobby-listener", daemon=True).start()
        log.info("lobby screen listener on http://%s:%s", LOOPBACK, listeners.lobby_port)
    log.info("public listener on http://%s:%s", listeners.host, listeners.port)
    try:
        public.run()
    finally:
        public.close()
        if lobby is not None:
            lobby.close()
