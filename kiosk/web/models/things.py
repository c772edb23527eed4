"""View models for the state of things now: notices, outages, and spaces that moved or closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.model.building import Facility, Notice, Space
from kiosk.timetable import status
from kiosk.web.context import PageContext


def notices_now(page: PageContext) -> tuple[Notice, ...]:
    """Every notice in force now, urgent ones first."""
    found = status.notices_at(page.building, page.now)
    return tuple(sorted(found, key=lambda n: n.level != "urgent"))


def when_text(value: dt.date | dt.datetime) -> str:
    """A date as 2026-12-03, a date and time as 2026-12-03 18:00."""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()


def date_text(page: PageContext, day: dt.date) -> str:
    """A date as the pages say it: "Sat 28 Nov", "11月28日 周六"."""
    return page.t(
        "week.date", weekday=page.t(f"weekday.{day.weekday()}"), day=day.day, month_name=page.t(f"month.{day.month}")
    )


def outage_note(page: PageContext, facility: Facility) -> str | None:
    """ "Out of service · reason · until …" when the facility is out of service now, else None."""
    outage = facility.outage_at(page.now)
    if outage is None:
        return None
    parts = [page.t("status.out_of_service")]
    if outage.reason is not None:
        parts.append(outage.reason(page.lang))
    if outage.ends is not None:
        parts.append(page.t("status.until", date=when_text(outage.ends)))
    return " · ".join(parts)


@dataclass(frozen=True)
class SpaceStatus:
    """What a space page says first when the space moved, closed for good, or is being renovated."""

    message: str
    note: str = ""
    go_url: str = ""  # the page of the space it moved to
    go_label: str = ""


def space_status(page: PageContext, space: Space) -> SpaceStatus | None:
    """The status block of a space page (None for a space in normal use)."""
    state = space.status
    if state is None:
        return None
    note = state.note(page.lang) if state.note is not None else ""
    moved = status.moved_to(page.building, space)
    if moved is not None:
        floor = page.building.floor(moved.floor)
        label = floor.label if floor else moved.floor
        name = moved.name(page.lang)
        return SpaceStatus(
            page.t("status.moved", place=name, label=label),
            note,
            page.url("directory.space", space_id=moved.id),
            page.t("status.go_to", place=name),
        )
    if state.state == "closed":
        return SpaceStatus(page.t("status.closed_for_good"), note)
    if state.until is not None:
        return SpaceStatus(page.t("status.renovation_until", date=date_text(page, state.until)), note)
    return SpaceStatus(page.t("status.renovation"), note)
