"""The console's list rows as frozen view models: exactly what a list template shows, never dicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.model.building import Building, Facility, Notice, Outage

FACILITY_ORDER = {"lift": 0, "escalator": 1, "toilet": 2, "accessible-toilet": 3}  # what breaks most, first


@dataclass(frozen=True)
class NoticeRow:
    """One notice in the list: its place in the file, whether it shows now, and its entry's fingerprint."""

    index: int
    notice: Notice
    showing: bool
    entry: str  # the fingerprint the "end now" button sends, to find the entry again if others moved


@dataclass(frozen=True)
class FacilityRow:
    """One lift, escalator or toilet: its names (zh, en) and the outage in force now, if any."""

    facility: Facility
    name: tuple[str, str]
    outage: Outage | None


def notice_rows(
    building: Building, now: dt.datetime, raw: Sequence[Any], fingerprint: Callable[[Any], str]
) -> list[NoticeRow]:
    """Every notice, showing or not, with the fingerprint of its entry in the file (`raw`)."""
    return [
        NoticeRow(i, notice, notice.is_current_at(now), fingerprint(raw[i]) if i < len(raw) else "")
        for i, notice in enumerate(building.notices)
    ]


def facility_rows(
    building: Building, now: dt.datetime, name: Callable[[Building, str], tuple[str, str]]
) -> list[FacilityRow]:
    """Every facility, lifts first, with what is out of service now."""
    items = sorted(building.facilities, key=lambda f: (FACILITY_ORDER.get(f.kind, 9), f.kind, f.id))
    return [FacilityRow(f, name(building, f.id), f.outage_at(now)) for f in items]
