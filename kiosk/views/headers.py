"""Response headers every page gets: a Content-Security-Policy that forbids other origins.

"Nothing loads from another origin" is enforced by the browser, not only by our tests: a
stray CDN link or web font would simply not load, on the kiosk or on a phone.
"""

from __future__ import annotations

from flask import Flask, Response

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


def init_app(app: Flask) -> None:
    """Add the headers to every response."""

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.mimetype == "text/html":
            # Pages say whether a space is open *now*: never show a stale copy.
            response.headers.setdefault("Cache-Control", "no-cache")
        return response
