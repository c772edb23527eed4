"""A space's (or the building's) hours on a day: its hours rule, China's calendar, and staff's dates.

Order of precedence on one day, strongest first:
1. a closure that names the space, or a building-wide closure (unless the space stays open
   during building closures, like an ATM by the street door);
2. special hours that name the space (instead of its own);
3. building-wide special hours (a space is never open when the building is not);
4. the space's own hours rule (or the building's), read with China's calendar (`kiosk.model.hours`).
A space that closed for good, moved, or is being renovated is closed whatever its hours say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.model import calendar, hours
from kiosk.model.building import Building, Closure, Lang, Space, SpecialHours, Text
from kiosk.model.hours import Period, Status

NO_PERIODS: tuple[Period, ...] = ()


@dataclass(frozen=True)
class DayPlan:
    """One day of a space's hours, with why it differs from usual."""

    day: dt.date
    periods: tuple[Period, ...]
    comments: tuple[str, ...] = ()
    closure: Text | None = None  # the reason of a closure that day
    special: Text | None = None  # the reason of special hours that day
    make_up_day: bool = False  # a Saturday or Sunday worked as a weekday (补班)

    def holiday(self, lang: Lang) -> str | None:
        """The festival this day belongs to, in `lang` (None on an ordinary day)."""
        return calendar.holiday_name(self.day, lang)

    @property
    def is_open(self) -> bool:
        """Whether there is any open period that day."""
        return bool(self.periods)


def _applies(entry: Closure | SpecialHours, space: Space | None, day: dt.date) -> bool:
    """Whether a dated entry covers `day` for `space` (None: the building itself)."""
    if not entry.covers(day):
        return False
    if entry.spaces:
        return space is not None and space.id in entry.spaces
    return space is None or not space.open_during_closures


def _intersect(ours: tuple[Period, ...], theirs: tuple[Period, ...]) -> tuple[Period, ...]:
    """The parts of `ours` that also lie inside `theirs` (24:00 written as 00:00 at the end)."""

    def minutes(time: dt.time, end: bool) -> int:
        return 24 * 60 if end and time == dt.time(0) else time.hour * 60 + time.minute

    def clock(value: int) -> dt.time:
        return dt.time(0) if value >= 24 * 60 else dt.time(value // 60, value % 60)

    kept = []
    for mine in ours:
        for other in theirs:
            start = max(minutes(mine.start, False), minutes(other.start, False))
            end = min(minutes(mine.end, True), minutes(other.end, True))
            if start < end:
                kept.append(Period(clock(start), clock(end), mine.comment))
    return tuple(kept)


def is_out_of_use(space: Space, day: dt.date) -> bool:
    """Whether the space is closed for good, moved away, or under renovation on `day`."""
    status = space.status
    return status is not None and (status.state in ("moved", "closed") or status.is_renovating(day))


def day_plan(building: Building, space: Space | None, day: dt.date) -> DayPlan:
    """The hours of `space` (or of the building, when None) on `day`, with the reasons."""
    make_up = calendar.is_make_up_day(day)
    if space is not None and is_out_of_use(space, day):
        return DayPlan(day, NO_PERIODS, make_up_day=make_up)
    closure = next((c for c in building.closures if _applies(c, space, day)), None)
    if closure is not None:
        return DayPlan(day, NO_PERIODS, closure=closure.reason, make_up_day=make_up)
    timezone = building.building.timezone
    # Dates in the building's own hours rule (`2027 Feb 05-13 off`) close or shorten every space too.
    shut = _building_dates(building, space, day)
    if shut is not None and not shut.periods:
        return DayPlan(day, NO_PERIODS, closure=_comment_text(building, shut), make_up_day=make_up)
    own = next((h for h in building.special_hours if h.spaces and _applies(h, space, day)), None)
    if own is not None:
        special = hours.day_hours(own.hours, day, timezone)
        return DayPlan(day, special.periods, special.comments, special=own.reason, make_up_day=make_up)
    expression = building.hours_of(space) if space is not None else building.building.hours
    usual = hours.day_hours(expression, day, timezone)
    wide = next((h for h in building.special_hours if not h.spaces and _applies(h, space, day)), None)
    if wide is None and shut is not None:
        periods = _intersect(usual.periods, shut.periods)
        return DayPlan(day, periods, usual.comments, special=_comment_text(building, shut), make_up_day=make_up)
    if wide is None:
        return DayPlan(day, usual.periods, usual.comments, make_up_day=make_up)
    periods = hours.day_hours(wide.hours, day, timezone).periods
    if space is not None and space.hours is not None:
        periods = _intersect(usual.periods, periods)
    return DayPlan(day, periods, usual.comments, special=wide.reason, make_up_day=make_up)


def _building_dates(building: Building, space: Space | None, day: dt.date) -> hours.DayHours | None:
    """The building's dated rules on `day`, for a space with hours of its own (others read the rule itself)."""
    if space is None or space.hours is None or space.open_during_closures:
        return None
    return hours.dated_hours(building.building.hours, day, building.building.timezone)


def _comment_text(building: Building, said: hours.DayHours) -> Text | None:
    """A dated rule's comment (`"春节闭馆 / Closed for Spring Festival"`) as the day's reason."""
    if not said.comments:
        return None
    return Text({lang: hours.comment_in(said.comments[0], lang) for lang in building.languages})


def status(building: Building, space: Space | None, now: dt.datetime) -> Status:
    """Open or closed at `now`, and when that changes, with closures and special hours applied."""
    local = now.astimezone(building.tz)
    if space is not None and space.status is not None and space.status.state in ("moved", "closed"):
        return Status(False, None, NO_PERIODS)  # for good: no need to look for an opening
    return hours.status_from(lambda day: day_plan(building, space, day).periods, local)


def week(building: Building, space: Space | None, today: dt.date, days: int = 7) -> list[DayPlan]:
    """The next `days` days of hours, today first."""
    return [day_plan(building, space, today + dt.timedelta(days=n)) for n in range(days)]


def next_midnight(moment: dt.datetime, building: Building) -> dt.datetime:
    """The start of tomorrow in the building's time zone (today's hours and notices change then)."""
    local = moment.astimezone(building.tz)
    tomorrow = local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(tomorrow, dt.time(0), tzinfo=building.tz)


def timed_boundaries(building: Building) -> Iterator[dt.datetime]:
    """The times (not just dates) notices and facility outages start or end: pages change then too."""
    spans = [(n.starts, n.ends) for n in building.notices]
    spans += [(outage.starts, outage.ends) for f in building.facilities for outage in f.out_of_service]
    for span in spans:
        for value in span:
            if isinstance(value, dt.datetime):  # a plain date starts or ends at midnight: see next_midnight
                yield value if value.tzinfo is not None else value.replace(tzinfo=building.tz)


def next_change(building: Building, moment: dt.datetime) -> dt.datetime:
    """The next moment any page of `building` may say something else about its schedule: a space opens or
    closes (closures, special hours and China's calendar included), a notice or an outage starts or
    ends, or a new day begins. Events are not in this (the page cache redoes pages at least every minute for them)."""
    soonest = next_midnight(moment, building)
    for space in (None, *building.spaces):
        change = status(building, space, moment).next_change
        if change is not None and moment < change < soonest:
            soonest = change
    for boundary in timed_boundaries(building):
        if moment < boundary < soonest:
            soonest = boundary
    return soonest
