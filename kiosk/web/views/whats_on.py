"""What's on: the week's events by day, today's on home, a space's next events, and booking QR codes.

Pages read the feeds' snapshot only (`kiosk.timetable.feeds`); nothing here fetches a URL.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, request
from flask.typing import ResponseReturnValue

from kiosk.model.building import Lang
from kiosk.timetable import events
from kiosk.web import qr
from kiosk.web.context import current_page
from kiosk.web.models.events import EventDay, feeds, view
from kiosk.web.models.things import date_text
from kiosk.web.render import render
from kiosk.web.urls import LANG

bp = Blueprint("events", __name__)  # pages (a QR code may lead here)
booking_bp = Blueprint("booking", __name__)  # images, never a page


@bp.get(f"/{LANG}/events")
def whats_on(lang: Lang) -> ResponseReturnValue:
    """The week ahead, day by day."""
    page = current_page()
    days = events.by_day(feeds().snapshot().occurrences, page.now)
    week = tuple(
        EventDay(day.isoformat(), date_text(page, day), tuple(view(page, o, day=day) for o in found))
        for day, found in days
    )
    return render("events.html", page, week=week)


@booking_bp.get("/events/booking.svg")
def booking_code() -> ResponseReturnValue:
    """The QR code of an event's booking address (only addresses our events give, never any URL)."""
    key = request.args.get("event", "")
    found = next((o for o in feeds().snapshot().occurrences if o.key == key and o.booking_url), None)
    if found is None or found.booking_url is None:
        abort(404)
    code = qr.make_code(found.booking_url, "svg")
    response = Response(code.body, mimetype=code.mimetype)
    response.set_etag(code.etag)
    response.cache_control.max_age = 600
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Register the week page and the booking codes."""
    app.register_blueprint(bp)
    app.register_blueprint(booking_bp)
