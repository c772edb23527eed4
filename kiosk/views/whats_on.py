"""What's on: the week's events by day, today's on home, a space's next events, and booking QR codes.

Pages read the feeds' snapshot only (`kiosk.feeds`); nothing here fetches a URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from kiosk import events, qr, schedule
from kiosk.building import Lang, Space
from kiosk.events import Occurrence
from kiosk.feeds import EventFeeds
from kiosk.i18n import translate
from kiosk.views.context import building, now, request_lang
from kiosk.views.directory import LANG

bp = Blueprint("events", __name__)  # pages (a QR code may lead here)
booking_bp = Blueprint("booking", __name__)  # images, never a page
HOME_LIMIT = 6
SPACE_LIMIT = 4
SPACE_DAYS = 14


def feeds() -> EventFeeds:
    """The app's event feeds."""
    return current_app.extensions["kiosk.events"]


@dataclass(frozen=True)
class EventView:
    """One occurrence, ready for `_event.html`."""

    occurrence: Occurrence
    when: str
    title: str
    space: Space | None
    space_closed: bool  # the space is closed (or moved/closed for good) when the event starts
    is_now: bool


def _clock(value: dt.datetime) -> str:
    return value.strftime("%H:%M")


def _when(o: Occurrence, lang: Lang, show_day: bool) -> str:
    say = lambda key, **params: translate(lang, key, **params)  # noqa: E731
    day = day_label(o.start.date(), lang)
    last = (o.end - dt.timedelta(microseconds=1)).date()
    if last > o.start.date():  # several days: say from when to when
        until = day_label(last, lang)
        if o.all_day:
            return say("events.days", first=day, last=until)
        return say("events.days", first=f"{day} {_clock(o.start)}", last=f"{until} {_clock(o.end)}")
    if o.all_day:
        return f"{day} · {say('events.all_day')}" if show_day else say("events.all_day")
    span = f"{_clock(o.start)}–{_clock(o.end)}"
    return f"{day} {span}" if show_day else span


def _space_closed(space: Space | None, o: Occurrence) -> bool:
    """Whether the event's space is not open when it starts (an event in a closed space is flagged)."""
    if space is None:
        return False
    if schedule.is_out_of_use(space, o.start.date()):
        return True
    plan = schedule.day_plan(building(), space, o.start.date())
    if o.all_day:
        return not plan.periods
    return not any(p.covers(o.start.time()) for p in plan.periods)


def view(
    o: Occurrence, lang: Lang, moment: dt.datetime, show_day: bool = False, day: dt.date | None = None
) -> EventView:
    """An occurrence as the templates show it (`day`: the day list it appears in; "on now" only today's)."""
    space = events.space_of(building(), o)
    is_now = o.is_on(moment) and (day is None or day == moment.date())
    return EventView(o, _when(o, lang, show_day), o.title(lang), space, _space_closed(space, o), is_now)


def today_events() -> list[EventView]:
    """Now and later today, for the home page."""
    moment, lang = now(), request_lang()
    found = events.later_today(feeds().snapshot().occurrences, moment)
    return [view(o, lang, moment) for o in found[:HOME_LIMIT]]


def space_events(space: Space) -> list[EventView]:
    """A space's next events (two weeks ahead), for its page."""
    moment, lang = now(), request_lang()
    mine = feeds().snapshot().by_space.get(space.id, ())
    horizon = moment + dt.timedelta(days=SPACE_DAYS)
    found = [o for o in events.upcoming(mine, moment) if o.start < horizon]
    return [view(o, lang, moment, show_day=True) for o in found[:SPACE_LIMIT]]


def attract_events() -> list[EventView]:
    """The next three events today, for the attract screen (it shows both languages)."""
    moment = now()
    found = events.later_today(feeds().snapshot().occurrences, moment)
    return [view(o, "zh", moment) for o in found[:3]]


@bp.get(f"/{LANG}/events")
def whats_on(lang: Lang) -> ResponseReturnValue:
    """The week ahead, day by day."""
    moment = now()
    days = events.by_day(feeds().snapshot().occurrences, moment)
    week = [(day, [view(o, lang, moment, day=day) for o in found]) for day, found in days]
    return render_template("events.html", week=week)


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


def day_label(day: dt.date, lang: Lang) -> str:
    """A day as the week page heads it ("11月28日 周六", with the holiday)."""
    say = lambda key, **params: translate(lang, key, **params)  # noqa: E731
    return say("week.date", weekday=say(f"weekday.{day.weekday()}"), day=day.day, month_name=say(f"month.{day.month}"))


def init_app(app: Flask) -> None:
    """Register the page and give templates the event helpers."""
    app.register_blueprint(bp)
    app.register_blueprint(booking_bp)

    @app.context_processor
    def event_helpers() -> dict[str, object]:
        return {
            "today_events": today_events,
            "attract_events": attract_events,
            "space_events": space_events,
            "day_label": lambda day: day_label(day, request_lang()),
        }
