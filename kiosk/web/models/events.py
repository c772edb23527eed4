"""Events as the pages show them: one occurrence, today's on home, a space's next, a day of the week.

They read the feeds' snapshot only (`kiosk.timetable.feeds`); nothing here fetches a URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, url_for

from kiosk.model.building import Building, Space
from kiosk.timetable import events, schedule
from kiosk.timetable.events import Occurrence
from kiosk.timetable.feeds import EventFeeds
from kiosk.web.context import PageContext
from kiosk.web.models.things import date_text

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
    space_name: str
    space_url: str
    floor_label: str
    space_closed: bool  # the space is closed (or moved/closed for good) when the event starts
    is_now: bool
    booking_code_url: str  # the booking page as a QR code image (shown on the kiosk, never opened there)


def _clock(value: dt.datetime) -> str:
    return value.strftime("%H:%M")


def _when(page: PageContext, o: Occurrence, show_day: bool) -> str:
    day = date_text(page, o.start.date())
    last = (o.end - dt.timedelta(microseconds=1)).date()
    if last > o.start.date():  # several days: say from when to when
        until = date_text(page, last)
        if o.all_day:
            return page.t("events.days", first=day, last=until)
        return page.t("events.days", first=f"{day} {_clock(o.start)}", last=f"{until} {_clock(o.end)}")
    if o.all_day:
        return f"{day} · {page.t('events.all_day')}" if show_day else page.t("events.all_day")
    span = f"{_clock(o.start)}–{_clock(o.end)}"
    return f"{day} {span}" if show_day else span


def _space_closed(building: Building, space: Space | None, o: Occurrence) -> bool:
    """Whether the event's space is not open when it starts (an event in a closed space is flagged)."""
    if space is None:
        return False
    if schedule.is_out_of_use(space, o.start.date()):
        return True
    plan = schedule.day_plan(building, space, o.start.date())
    if o.all_day:
        return not plan.periods
    return not any(p.covers(o.start.time()) for p in plan.periods)


def view(page: PageContext, o: Occurrence, show_day: bool = False, day: dt.date | None = None) -> EventView:
    """An occurrence as the templates show it (`day`: the day list it appears in; "on now" only today's)."""
    building, moment = page.building, page.now
    space = events.space_of(building, o)
    floor = building.floor(space.floor) if space else None
    is_now = o.is_on(moment) and (day is None or day == moment.date())
    return EventView(
        occurrence=o,
        when=_when(page, o, show_day),
        title=o.title(page.lang),
        space=space,
        space_name=space.name(page.lang) if space else "",
        space_url=page.url("directory.space", space_id=space.id) if space else "",
        floor_label=floor.label if floor else "",
        space_closed=_space_closed(building, space, o),
        is_now=is_now,
        booking_code_url=url_for("booking.booking_code", event=o.key) if o.booking_url else "",
    )


def today_events(page: PageContext) -> list[EventView]:
    """Now and later today, for the home page and the attract screen."""
    found = events.later_today(feeds().snapshot().occurrences, page.now)
    return [view(page, o) for o in found[:HOME_LIMIT]]


def space_events(page: PageContext, space: Space) -> list[EventView]:
    """A space's next events (two weeks ahead), for its page."""
    moment = page.now
    mine = feeds().snapshot().by_space.get(space.id, ())
    horizon = moment + dt.timedelta(days=SPACE_DAYS)
    found = [o for o in events.upcoming(mine, moment) if o.start < horizon]
    return [view(page, o, show_day=True) for o in found[:SPACE_LIMIT]]


@dataclass(frozen=True)
class EventDay:
    """One day of the week page: its heading and its events."""

    iso: str
    heading: str
    events: tuple[EventView, ...]
