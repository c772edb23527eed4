"""The state of things at a moment: facilities out of service, notices in force, spaces moved or closed.

Plain functions of a `Building` and a time, so pages, routes and checks ask the same questions.
"""

from __future__ import annotations

import datetime as dt

from kiosk.model.building import Building, Facility, Notice, Space
from kiosk.model.vocabulary import LIFT, VERTICAL_KINDS


def out_of_service(building: Building, now: dt.datetime) -> frozenset[str]:
    """The ids of facilities out of service at `now`: routes go around them, "nearest" skips them."""
    return frozenset(f.id for f in building.facilities if f.is_out_of_service(now))


def broken_lifts(building: Building, now: dt.datetime) -> tuple[Facility, ...]:
    """The lifts out of service at `now` (a step-free route needs one)."""
    return tuple(f for f in building.facilities_of(LIFT) if f.is_out_of_service(now))


def broken_links(building: Building, now: dt.datetime) -> tuple[Facility, ...]:
    """The lifts, escalators and stairs out of service at `now`: routes between floors go around them."""
    return tuple(f for f in building.facilities if f.kind in VERTICAL_KINDS and f.is_out_of_service(now))


def notices_at(building: Building, now: dt.datetime) -> tuple[Notice, ...]:
    """The notices in force at `now` (dates run all day, dates and times to the minute)."""
    return tuple(n for n in building.notices if n.is_current_at(now))


def urgent_notices(building: Building, now: dt.datetime) -> tuple[Notice, ...]:
    """The urgent notices in force at `now`: a banner on every page."""
    return tuple(n for n in notices_at(building, now) if n.level == "urgent")


def moved_to(building: Building, space: Space) -> Space | None:
    """The space a moved space is in now (None when it has not moved)."""
    if space.status is None or space.status.state != "moved":
        return None
    return building.space(space.status.to or "")


def help_desk(building: Building) -> Space | None:
    """The space visitors are sent to for help (`settings.help_desk`), if the file names one."""
    return building.space(building.settings.help_desk or "")
