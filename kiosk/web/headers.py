"""Response headers every page gets: a Content-Security-Policy that forbids other origins, and more.

"Nothing loads from another origin" is enforced by the browser, not only by our tests: a
stray CDN link or web font would simply not load, on the kiosk or on a phone. The
Permissions-Policy switches off every powerful browser feature (the kiosk uses none), and
redirects never name a host: the browser resolves them against the address it already has,
so a spoofed Host header cannot send anyone elsewhere, and https stays https behind a proxy.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, request

from kiosk.web.cache import registry

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'self'",
        "object-src 'none'",
    ]
)

# Features the kiosk does not use, each denied to every origin (our own included): a page that
# somehow ran foreign script still could not reach the camera, the microphone or the location.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
    "browsing-topics",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


def relative_location(location: str, own_names: set[str]) -> str:
    """A Location that names this server becomes a path (`/zh/`); any other value is kept as it is."""
    parts = urlsplit(location)
    if parts.scheme in ("http", "https") and parts.netloc.lower() in own_names:
        return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    return location


def _own_names() -> set[str]:
    """What werkzeug builds absolute URLs from: the Host header, else the server's own address."""
    environ = request.environ
    server = str(environ.get("SERVER_NAME", ""))
    names = {request.headers.get("Host", ""), server, f"{server}:{environ.get('SERVER_PORT', '')}"}
    return {name.lower() for name in names if name}


def init_app(app: Flask) -> None:
    """Add the headers to every response."""

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Location" in response.headers:
            # Werkzeug's own redirects (`/zh` → `/zh/`) are built from the Host header: keep only the path.
            response.headers["Location"] = relative_location(response.headers["Location"], _own_names())
        if response.mimetype == "text/html":
            # Pages say whether a space is open *now*: never show a stale copy.
            response.headers.setdefault("Cache-Control", "no-cache")
        return response

    registry.skipped_for_kept_pages(app, add_headers, "its headers were kept with the page")
