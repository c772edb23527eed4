"""The building as a cross-section: its floors as they stand, what is on each, where the ground is.

One model for the phone's layout page (扫码查看大楼布局) and the printed floor boards (楼层导览),
so that the screen and the paper never disagree. Pure functions of a `Building`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kiosk.model.building import Building, FacilityKindDef, Floor, Kiosk, Space, Text
from kiosk.model.vocabulary import ACCESSIBLE_TOILET, ESCALATOR, LIFT, NURSING_ROOM, TOILET

# What a visitor looks for on a floor before anything else, in this order.
KEY_KINDS: tuple[str, ...] = (LIFT, ESCALATOR, TOILET, ACCESSIBLE_TOILET, NURSING_ROOM)
MAX_FLOOR_ID = 40  # a floor id in `at=` is a slug; anything longer is junk, not a floor


@dataclass(frozen=True)
class Storey:
    """One floor of the cross-section: its spaces, its key facilities, and which side of the ground."""

    floor: Floor
    spaces: tuple[Space, ...]
    key_kinds: tuple[FacilityKindDef, ...]
    below_ground: bool


def is_below_ground(floor: Floor) -> bool:
    """Whether a floor is a basement: floors.yaml gives basements a negative `order` (B1 = -1)."""
    return floor.order < 0


def key_kinds_on(building: Building, floor: Floor) -> tuple[FacilityKindDef, ...]:
    """The key facility kinds (lifts, toilets, nursing room...) that serve a floor, in KEY_KINDS order."""
    present = {f.kind for f in building.facilities_on(floor.id)}
    return tuple(kind for kind_id in KEY_KINDS if kind_id in present and (kind := building.kind(kind_id)))


def cross_section(building: Building) -> tuple[Storey, ...]:
    """Every floor, top floor first, as the building stands."""
    return tuple(
        Storey(floor, building.spaces_on(floor.id), key_kinds_on(building, floor), is_below_ground(floor))
        for floor in building.floors_top_down
    )


def marked_floor(building: Building, at: str | None, origin: Kiosk | None) -> Floor | None:
    """The floor to mark "you are here": `at=<floor id>` from a board, else the kiosk scanned from.

    `at` is whatever a visitor's address bar holds: anything that is not a floor id is ignored.
    """
    if at and len(at) <= MAX_FLOOR_ID:
        found = building.floor(at)
        if found is not None:
            return found
    return building.floor(origin.floor) if origin is not None else None


def lift_point(building: Building, floor: Floor) -> tuple[float, float] | None:
    """Where the lift lobby of a floor is on its plan (the first lift the file places there)."""
    for facility in building.facilities_of(LIFT):
        position = facility.position_on(floor.id)
        if position is not None:
            return position
    return None


def at_the_lift(building: Building, floor: Floor, name: Text, location: Text) -> Kiosk | None:
    """A stand-in kiosk at a floor's lift, so a plan can say "you are here" on a board or a scan."""
    position = lift_point(building, floor)
    if position is None:
        return None
    return Kiosk(id="lift-lobby", name=name, floor=floor.id, location=location, at=position)


def main_entrance_floor(building: Building) -> Floor | None:
    """The floor of the main entrance (else the lowest floor with any entrance, else the lowest above ground)."""
    ordered = sorted(building.floors, key=lambda f: f.order)
    for wanted_main in (True, False):
        for floor in ordered:
            entrances = floor.plan.entrances if floor.plan else ()
            if any(e.main or not wanted_main for e in entrances):
                return floor
    return next((f for f in ordered if not is_below_ground(f)), ordered[0] if ordered else None)


def data_date(source: Path, timezone: dt.tzinfo) -> dt.date:
    """The date of the building's data: the day floors.yaml was last changed, in the building's time zone."""
    return dt.datetime.fromtimestamp(source.stat().st_mtime, tz=timezone).date()
