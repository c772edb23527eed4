"""`kiosk export geojson`: one GeoJSON FeatureCollection per floor, tagged with OpenStreetMap's Simple Indoor Tagging.

The floor is `indoor=level`, rooms `indoor=room`, open halls `indoor=area`, the floor between them
`indoor=corridor`, doors and entrances `door=yes` points; every feature says its `level` (the IMDF
ordinal: 0 the ground floor) and `level:ref` (the lift button's label), its `name` in the building's
first language and `name:<lang>` in each. Rooms are the same non-overlapping shapes as the IMDF export.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from kiosk.interchange.export_imdf import FeatureWriter, footprint, frame_of, ordinals, units_of
from kiosk.model.building import Building, Floor, Text
from kiosk.model.shapes import floor_area

# OSM tags of our facility kinds (a point, or added to the room a facility is drawn as).
TAGS_OF_KIND: Mapping[str, Mapping[str, str]] = {
    "toilet": {"amenity": "toilets"},
    "accessible-toilet": {"amenity": "toilets", "wheelchair": "yes"},
    "lift": {"highway": "elevator"},
    "stairs": {"stairs": "yes"},
    "escalator": {"highway": "steps", "conveying": "yes"},
    "nursing-room": {"amenity": "baby_feeding"},
    "drinking-water": {"amenity": "drinking_water"},
    "aed": {"emergency": "defibrillator"},
    "information": {"tourism": "information", "information": "office"},
    "atm": {"amenity": "atm"},
    "first-aid": {"healthcare": "first_aid"},
    "emergency-exit": {"entrance": "emergency"},
    "entrance": {"entrance": "yes"},
    "parking": {"amenity": "parking"},
    "charging": {"amenity": "charging_station"},
    "ticket-machine": {"vending": "public_transport_tickets"},
}
INDOOR_OF_UNIT = {"lobby": "area", "walkway": "corridor"}  # every other unit is a room


def names(text: Text | None, default: str) -> dict[str, str]:
    """`name` in the building's first language and `name:<lang>` in every language written."""
    if text is None:
        return {}
    return {"name": text(default)} | {f"name:{lang}": value for lang, value in text.root.items()}


def _feature(writer: FeatureWriter, fid: str, geometry: BaseGeometry, tags: dict[str, str]) -> dict:
    return {"type": "Feature", "id": fid, "geometry": writer.geojson(geometry), "properties": tags}


def _floor_features(writer: FeatureWriter, floor: Floor, ordinal: int, outline: BaseGeometry) -> Iterator[dict]:
    building = writer.building
    default = building.default_language
    level = {"level": str(ordinal), "level:ref": floor.label}
    area = floor_area(floor.plan) if floor.plan is not None else outline
    yield _feature(writer, f"level/{floor.id}", area, {"indoor": "level", **level, **names(floor.name, default)})
    kinds = {f"facility/{f.id}/{floor.id}": f.kind for f in building.facilities_on(floor.id)}
    units, _ = units_of(building, floor, area)
    for unit in units:
        tags = {"indoor": INDOOR_OF_UNIT.get(unit.category, "room"), **level}
        tags |= dict(TAGS_OF_KIND.get(kinds.get(unit.key, ""), {}))
        yield _feature(writer, unit.key, unit.shape, tags | names(unit.name, default))
    yield from _points(writer, floor, level, default)


def _points(writer: FeatureWriter, floor: Floor, level: dict[str, str], default: str) -> Iterator[dict]:
    """Doors, entrances and facilities (those not drawn as rooms) as points."""
    building = writer.building
    for space in building.spaces_on(floor.id):
        if space.door is not None:
            yield _feature(writer, f"door/{space.id}", Point(space.door), {"door": "yes", **level})
    for n, entrance in enumerate(floor.plan.entrances if floor.plan else ()):
        tags = {"door": "yes", "entrance": "main" if entrance.main else "yes", **level}
        yield _feature(writer, f"entrance/{floor.id}/{n}", Point(entrance.at), tags | names(entrance.name, default))
    for facility in building.facilities_on(floor.id):
        at = facility.position_on(floor.id)
        if at is None:
            continue  # drawn as its room (tagged there), or not placed yet
        tags = dict(TAGS_OF_KIND.get(facility.kind, {})) | level | names(facility.name, default)
        yield _feature(writer, f"facility/{facility.id}/{floor.id}", Point(at), tags)


def floor_collections(building: Building) -> dict[str, dict]:
    """Each floor's FeatureCollection, by floor id (raises ExportError without a location or a plan)."""
    writer = FeatureWriter(building, frame_of(building))
    outline = footprint(building)
    order = ordinals(building.floors)
    collections = {}
    for floor in building.floors:
        features = list(_floor_features(writer, floor, order[floor.id], outline))
        collections[floor.id] = {"type": "FeatureCollection", "name": floor.id, "features": features}
    return collections


def write_floors(collections: Mapping[str, dict], out: Path) -> list[Path]:
    """Write `<floor id>.geojson` files into the folder `out`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for floor_id, collection in collections.items():
        path = out / f"{floor_id}.geojson"
        path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
        written.append(path)
    return written
