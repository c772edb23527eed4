"""Searches typed on the lobby screen, counted: kiosk.js finds them in the browser, so it tells us.

POST /count/search?kiosk=<id>   body `q=<words>` (navigator.sendBeacon, same origin)   → 204

kiosk.js sends one when the visitor pauses typing or taps a result, never per keystroke. It is
accepted only from a kiosk session (the lobby screen's own listener, or this machine, with a
kiosk id that exists) and only while counting is on; anyone else gets the ordinary 404. The body
is capped, the words are cut like any search, and the count goes through the same queue as page
views: whether it found anything is decided off the request path, by the same search the phones get.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for
from flask.typing import ResponseReturnValue

from kiosk.staff.analytics import Counter
from kiosk.web.context import PageContext, current_page
from kiosk.web.serving import is_local_request
from kiosk.web.urls import MAX_QUERY
from kiosk.web.views.search import SEARCH_BEACON, TOP_SEARCHES

bp = Blueprint("beacon", __name__)
MAX_BODY = 1024  # bytes: sixty characters of any script, form-encoded, fit with room to spare


def counter() -> Counter | None:
    """The app's counter (None when counting is off)."""
    found = current_app.extensions.get("kiosk.staff.analytics")
    return found if isinstance(found, Counter) else None


def search_beacon(page: PageContext) -> str | None:
    """Where the kiosk's search page sends its searches; None off the kiosk or with counting off."""
    if page.kiosk is None or counter() is None:
        return None
    return url_for("beacon.kiosk_search", kiosk=page.kiosk.id)


@bp.post("/count/search")
def kiosk_search() -> ResponseReturnValue:
    """Queue one search typed on the lobby screen."""
    count = counter()
    page = current_page()
    if count is None or page.kiosk is None or not is_local_request(request.environ):
        abort(404)  # phones, the web, and a kiosk id that does not exist: nothing here
    request.max_content_length = MAX_BODY  # a longer body (declared or chunked) is a 413, never read
    query = request.form.get("q", "")[:MAX_QUERY].strip()
    if not query:
        abort(400)
    count.hit(page.now, "search", query.lower(), "kiosk")
    settings = page.building.settings
    count.kiosk_request(page.kiosk.id, page.now, settings.idle_seconds + settings.countdown_seconds)
    return Response(status=204)


def init_app(app: Flask) -> None:
    """Register the endpoint (it answers 404 while counting is off) and tell the search page of it."""
    app.register_blueprint(bp)
    app.extensions[SEARCH_BEACON] = search_beacon
    app.extensions[TOP_SEARCHES] = top_searches


def top_searches(now: dt.datetime) -> list[str]:
    """The words searched most in the last 30 days (none while counting is off)."""
    count = counter()
    return count.top_searches(now) if count is not None else []
