"""Where a visitor may start a route when no kiosk says so: the building's entrances (and its floors).

A page opened without `from` (a shared link, a poster at a door) asks the visitor where they are.
Besides the kiosks, they may stand at an entrance: one drawn on a floor's outline (`plan.entrances`)
or a facility of kind `entrance`. Either becomes a `Kiosk`-shaped start (`from=<id>`), facing into
the building, so the routes, "you are here" and the directions treat it like a kiosk. A floor is
a coarser answer ("I am on 3F"): it gets that floor's plan, never a route from a made-up point.
"""

from __future__ import annotations

from collections.abc import Iterator

from kiosk.model.building import Building, Entrance, Floor, Kiosk, Text
from kiosk.model.i18n import kind_name

ENTRANCE_KIND = "entrance"


def plan_entrance_id(floor: Floor, index: int) -> str:
    """The `from=` id of the `index`-th entrance drawn on a floor's outline (ids are slugs)."""
    return f"{floor.id}-entrance-{index + 1}"


def _inward_heading(at: tuple[float, float], size: tuple[float, float]) -> float:
    """The compass heading of walking in from a point on the outline (towards the nearest wall's inside)."""
    width, depth = size
    gaps = {180.0: at[1], 0.0: depth - at[1], 90.0: at[0], 270.0: width - at[0]}
    return min(gaps, key=lambda k: gaps[k])


def _entrance_name(building: Building, entrance: Entrance, floor: Floor) -> Text:
    """An entrance's own name, else "Entrance" in every language the kind has (with the floor's label)."""
    if entrance.name is not None:
        return entrance.name
    kind = building.kind(ENTRANCE_KIND)
    if kind is None:
        return Text({lang: floor.label for lang in building.languages})
    return Text({lang: f"{kind_name(kind, lang)} {floor.label}" for lang in building.languages})


def plan_entrance_starts(building: Building) -> Iterator[Kiosk]:
    """The entrances drawn on floors' outlines, each as a kiosk standing there facing in."""
    for floor in building.floors:
        if floor.plan is None:
            continue
        for index, entrance in enumerate(floor.plan.entrances):
            name = _entrance_name(building, entrance, floor)
            yield Kiosk(
                id=plan_entrance_id(floor, index),
                name=name,
                floor=floor.id,
                location=name,
                at=entrance.at,
                facing=_inward_heading(entrance.at, floor.plan.size),
            )


def entrance_starts(building: Building) -> Iterator[Kiosk]:
    """Every entrance a route can start from: those drawn on outlines, then the `entrance` facilities."""
    yield from plan_entrance_starts(building)
    for facility in building.facilities_of(ENTRANCE_KIND):
        for floor_id in facility.floors:
            floor = building.floor(floor_id)
            at = facility.position_on(floor_id)
            if floor is None or floor.plan is None or at is None:
                continue
            name = facility.name or facility.location
            yield Kiosk(
                id=facility.id,
                name=name,
                floor=floor_id,
                location=facility.location,
                at=at,
                facing=_inward_heading(at, floor.plan.size),
            )
            break  # one start per entrance


def entrance_start(building: Building, start_id: str | None) -> Kiosk | None:
    """The entrance start called `start_id`, if there is one."""
    if not start_id:
        return None
    return next((start for start in entrance_starts(building) if start.id == start_id), None)


def chosen_floor(building: Building, start_id: str | None) -> Floor | None:
    """The floor a visitor said they are on (`from=<floor id>`), when it is not a kiosk or an entrance."""
    if not start_id or building.kiosk(start_id) is not None or entrance_start(building, start_id) is not None:
        return None
    return building.floor(start_id)


def names_a_start(building: Building, value: str) -> bool:
    """Whether `from=value` is somewhere a visitor can say they are: a kiosk, an entrance or a floor."""
    return (
        building.kiosk(value) is not None
        or entrance_start(building, value) is not None
        or building.floor(value) is not None
    )
