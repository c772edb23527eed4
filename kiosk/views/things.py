"""Template helpers for the state of things now: urgent banners, notices, outages, moved spaces."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from kiosk import status
from kiosk.building import Facility, Notice, Outage, Space
from kiosk.views.context import building, now


def urgent_notices() -> tuple[Notice, ...]:
    """Urgent notices in force now, for the banner on every page."""
    return status.urgent_notices(building(), now())


def notices_now() -> tuple[Notice, ...]:
    """Every notice in force now, urgent ones first."""
    found = status.notices_at(building(), now())
    return tuple(sorted(found, key=lambda n: n.level != "urgent"))


def outage_of(facility: Facility) -> Outage | None:
    """The outage of a facility right now, if it is out of service."""
    return facility.outage_at(now())


def when_text(value: dt.date | dt.datetime) -> str:
    """A date as 2026-12-03, a date and time as 2026-12-03 18:00."""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def moved_to(space: Space) -> Space | None:
    """Where a moved space is now."""
    return status.moved_to(building(), space)


def init_app(app: Flask) -> None:
    """Give templates the helpers above."""

    @app.context_processor
    def things_helpers() -> dict[str, object]:
        return {
            "urgent_notices": urgent_notices,
            "notices_now": notices_now,
            "outage_of": outage_of,
            "moved_to": moved_to,
            "when_text": when_text,
            "help_desk": lambda: status.help_desk(building()),
        }
