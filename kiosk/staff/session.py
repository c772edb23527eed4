"""Staff sessions: signed cookies only under /staff/, Secure over https, HttpOnly, SameSite=Strict.

The key is resolved when a staff page first needs it, so visitors' pages never get a cookie
and a building without staff accounts never gets a secret file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

STAFF_PREFIX = "/staff/"


class StaffSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, for /staff/ only, with a lazily resolved key."""

    def __init__(self, key: Callable[[], str | None]):
        self._key = key

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """No serializer (a null session, no cookie) outside the console."""
        if not request.path.startswith(STAFF_PREFIX):
            return None
        if not app.secret_key:
            app.secret_key = self._key()  # None while the console is off: no session, no secret file
        return super().get_signing_serializer(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure whenever the request came over https (behind the proxy too), or when configured."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def configure(app: Flask, key: Callable[[], str | None]) -> None:
    """Cookie settings of the console's session."""
    app.config.update(
        SESSION_COOKIE_NAME="kiosk_staff",
        SESSION_COOKIE_PATH=STAFF_PREFIX,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
    )
    # One working day from sign-in. Flask sets a 31-day default before any app code runs, so `setdefault`
    # here would never apply; the views also check the sign-in time, as Flask renews the cookie when it changes.
    hours = float(app.config.get("STAFF_SESSION_HOURS", 8))
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=hours)
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    app.session_interface = StaffSessionInterface(key)
