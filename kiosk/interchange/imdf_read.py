"""A building from an IMDF archive (Apple's Indoor Mapping Data Format, OGC 20-094): venue to kiosk.

Levels become floors (ordered by `ordinal`), units become spaces (named by the occupant anchored
in them, else by their own name), openings their doors, amenities and lift/stairs/restroom units
facilities, kiosks kiosks; every language of the archive's labels is read. Coordinates are WGS-84:
they become plan metres from the north-west corner of the levels (or the building's `location:`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shapely.geometry import Point, Polygon

from kiosk.interchange import imdf
from kiosk.interchange.drawing import (
    Drawing,
    ImportRefused,
    Level,
    Projection,
    Pt,
    Room,
    Thing,
    all_coords,
    fit_corners,
    midpoint,
    nearest_room,
    north_west,
    polygons_of,
    rounded,
)
from kiosk.interchange.guard import parse_json, zip_members
from kiosk.interchange.ids import floor_id, order_of
from kiosk.interchange.read_common import labels, language_of, origin_of, plain_hours
from kiosk.model.vocabulary import ACCESSIBLE_TOILET, ESCALATOR, LIFT, NURSING_ROOM, STAIRS, TOILET

FEATURE_FILES = (
    "venue",
    "address",
    "building",
    "footprint",
    "level",
    "unit",
    "opening",
    "amenity",
    "occupant",
    "anchor",
    "kiosk",
)
UNIT_KINDS = {
    **imdf.KIND_OF_UNIT,
    "elevator": LIFT,
    "stairs": STAIRS,
    "stairwell": STAIRS,
    "escalator": ESCALATOR,
    "restroom": TOILET,
    "restroom.female": TOILET,
    "restroom.male": TOILET,
    "restroom.unisex": TOILET,
    "restroom.unisex.wheelchair": ACCESSIBLE_TOILET,
    "restroom.female.wheelchair": ACCESSIBLE_TOILET,
    "restroom.male.wheelchair": ACCESSIBLE_TOILET,
    "restroom.wheelchair": ACCESSIBLE_TOILET,
    "mothersroom": NURSING_ROOM,
}
AMENITY_KINDS = {
    **UNIT_KINDS,
    **imdf.KIND_OF_AMENITY,
    "defibrillator": "aed",
    "drinkingfountain": "drinking-water",
    "information": "information",
    "atm": "atm",
    "firstaid": "first-aid",
    "exit": "emergency-exit",
    "emergencyexit": "emergency-exit",
    "parking": "parking",
    "ticketmachine": "ticket-machine",
    "security": "security-check",
    "babychanging": NURSING_ROOM,
    "entrance": "entrance",
}
WALKWAY_UNITS = {imdf.WALKWAY_UNIT, imdf.OPEN_AREA_UNIT, "opentobelow.walkway", "concourse"}
SKIPPED_UNITS = {"nonpublic", "structure", "shaft", "opentobelow", "unspecified", "column", "vegetation"}
OCCUPANT_CATEGORIES = {  # IMDF's occupant categories are mostly shops'; these few fit ours
    **imdf.CATEGORY_OF_OCCUPANT,
    "library": "learning",
    "education": "learning",
    "school": "learning",
    "fitness": "sport",
    "sports": "sport",
    "museum": "culture",
    "artgallery": "culture",
    "theater": "culture",
    "childcare": "family",
    "playground": "family",
}


def read_imdf(path: Path, config: Path, only_floor: str | None = None) -> Drawing:
    """The building an IMDF archive describes, in plan metres; refuses what is not an IMDF archive."""
    members = zip_members(path)
    folder, language = _folder(members, path.name)
    features = {name: _features(members, folder, name) for name in FEATURE_FILES}
    if not features["level"]:
        raise ImportRefused(f"{path.name} has no levels (level.geojson): there are no floors to read")
    drawing = Drawing("IMDF")
    lon0, lat0, bearing = origin_of(config) or (
        *north_west(c for f in features["level"] for c in all_coords(f.get("geometry"))),
        0.0,
    )
    projection = Projection(lon0, lat0, bearing)
    drawing.origin = (lon0, lat0, bearing)
    found = {lang for fs in features.values() for f in fs for lang in _languages(f)}
    first = language_of(language) if language else None  # the manifest's language is the archive's default
    drawing.languages = ([first] if first is not None and first in found else []) + sorted(found - {first})
    _venue(drawing, features)
    levels = _levels(drawing, features["level"], projection, only_floor)
    units = _units(drawing, features["unit"], levels, projection)
    _occupants(drawing, features, units)
    _openings(drawing, features["opening"], levels, projection)
    _amenities(drawing, features["amenity"], features["unit"], units, levels, projection)
    _kiosks(drawing, features, levels, projection)
    return drawing


def _folder(members: dict[str, bytes], name: str) -> tuple[str, str | None]:
    """The folder inside the archive that holds manifest.json (the root, or one folder down), and its language."""
    manifests = [m for m in members if m.rsplit("/", 1)[-1] == "manifest.json" and m.count("/") <= 1]
    if not manifests:
        raise ImportRefused(f"{name} is a zip but not an IMDF archive: it has no manifest.json")
    manifest = parse_json(members[manifests[0]], manifests[0])
    if not isinstance(manifest, dict) or "version" not in manifest:
        raise ImportRefused(f"{name}: manifest.json has no `version`, so it is not an IMDF manifest")
    language = manifest.get("language")
    return manifests[0][: -len("manifest.json")], language if isinstance(language, str) else None


def _features(members: dict[str, bytes], folder: str, name: str) -> list[dict[str, Any]]:
    """The features of one IMDF file (`unit.geojson`), [] if the archive lacks it."""
    data = members.get(f"{folder}{name}.geojson") or members.get(f"{folder}{name}.json")
    if data is None:
        return []
    collection = parse_json(data, f"{name}.geojson")
    found = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(found, list):
        raise ImportRefused(f"{name}.geojson is not a FeatureCollection")
    return [f for f in found if isinstance(f, dict) and isinstance(f.get("properties"), dict)]


def _languages(feature: dict[str, Any]) -> Iterator[str]:
    for key in ("name", "short_name", "alt_name"):
        value = feature["properties"].get(key)
        if isinstance(value, dict):
            yield from (language_of(tag) for tag in value)


def _ref(feature: dict[str, Any]) -> str:
    return f"IMDF {feature.get('feature_type', 'feature')} {feature.get('id', '?')}"


def _venue(drawing: Drawing, features: dict[str, list[dict[str, Any]]]) -> None:
    venue = next(iter(features["venue"]), None)
    if venue is None:
        return
    props = venue["properties"]
    drawing.building_name = labels(props.get("name"))
    drawing.hours = plain_hours(props.get("hours"))
    address = next((a for a in features["address"] if a.get("id") == props.get("address_id")), None)
    if address is not None:
        a = address["properties"]
        words = ", ".join(str(a[k]) for k in ("address", "locality", "province", "country") if a.get(k))
        drawing.address = {lang: words for lang in (drawing.languages or ["en"])} if words else {}
    drawing.note("read", _ref(venue), f"the building {next(iter(drawing.building_name.values()), '?')!r}")


def _levels(
    drawing: Drawing, found: list[dict[str, Any]], projection: Projection, only: str | None
) -> dict[str, Level]:
    """Floors by IMDF level id (the outdoor ones skipped)."""
    levels: dict[str, Level] = {}
    offset = _order_offset(found)
    for feature in sorted(found, key=lambda f: f["properties"].get("ordinal", 0)):
        props = feature["properties"]
        polygons = polygons_of(feature.get("geometry"))
        if props.get("outdoor") or not polygons:
            drawing.note("skipped", _ref(feature), "an outdoor level or one without a shape")
            continue
        short = labels(props.get("short_name"))
        label = (short.get("en") or next(iter(short.values()), "") or str(props.get("ordinal", 0)))[:6]
        fid = floor_id(label)
        if only is not None and fid != only:
            continue
        outer = projection.ring(polygons[0][0])
        holes = [rounded(projection.ring(h)) for h in polygons[0][1:]]
        ordinal = props.get("ordinal")
        order = (ordinal if isinstance(ordinal, int) else 0) + offset
        level = Level(fid, label, order, rounded(outer), holes, labels(props.get("name")))
        levels[str(feature.get("id"))] = level
        drawing.levels.append(level)
        drawing.note("read", _ref(feature), f"floor {label} (ordinal {ordinal})")
    if only is not None and not levels:
        raise ImportRefused(f"the archive has no level with the label of floor {only!r}")
    return levels


def _order_offset(found: list[dict[str, Any]]) -> int:
    """What to add to IMDF's ordinals for floors.yaml's orders, as the labels say (ordinal 0 labelled 1F: 1).

    IMDF's ordinal 0 is the ground floor whatever it is called; one offset for all keeps their order.
    """
    offsets: Counter[int] = Counter()
    for feature in found:
        props = feature["properties"]
        short = labels(props.get("short_name"))
        said = order_of(short.get("en") or next(iter(short.values()), ""))
        if said is not None and isinstance(props.get("ordinal"), int):
            offsets[said - props["ordinal"]] += 1
    return offsets.most_common(1)[0][0] if offsets else 0


def _units(
    drawing: Drawing, found: list[dict[str, Any]], levels: dict[str, Level], projection: Projection
) -> dict[str, Room | Thing]:
    """Rooms and facility rooms by IMDF unit id."""
    units: dict[str, Room | Thing] = {}
    for feature in found:
        props = feature["properties"]
        level = levels.get(str(props.get("level_id")))
        polygons = polygons_of(feature.get("geometry"))
        category = str(props.get("category", "unspecified"))
        if level is None or not polygons:
            continue
        shape, simplified = fit_corners(rounded(projection.ring(polygons[0][0])))
        if simplified:
            drawing.note("check", _ref(feature), "had over 200 corners: drawn with fewer")
        name = labels(props.get("name"))
        if category in UNIT_KINDS:
            thing = Thing(_ref(feature), UNIT_KINDS[category], level.id, shape[0], shape, name)
            drawing.things.append(thing)
            units[str(feature.get("id"))] = thing
        elif category in SKIPPED_UNITS and not name:
            drawing.note("skipped", _ref(feature), f"a {category} unit (not a place visitors go)")
        else:
            walkable = category in WALKWAY_UNITS
            if walkable and not name:  # the floor between the rooms, as `kiosk export` writes it
                drawing.note("read", _ref(feature), f"the walkway of {level.label}: its open floor stands for it")
                continue
            room = Room(_ref(feature), level.id, shape, name, walkable=walkable, ref=str(feature.get("id")))
            room.category = imdf.CATEGORY_OF_UNIT.get(category)
            drawing.rooms.append(room)
            units[str(feature.get("id"))] = room
    return units


def _occupants(drawing: Drawing, features: dict[str, list[dict[str, Any]]], units: dict[str, Room | Thing]) -> None:
    """An occupant names the unit its anchor stands in, and gives its category and hours."""
    anchors = {str(a.get("id")): a["properties"].get("unit_id") for a in features["anchor"]}
    for feature in features["occupant"]:
        props = feature["properties"]
        unit = units.get(str(anchors.get(str(props.get("anchor_id")))))
        if not isinstance(unit, Room):
            drawing.note("skipped", _ref(feature), "an occupant whose anchor is in no room")
            continue
        unit.name = labels(props.get("name")) or unit.name
        unit.category = OCCUPANT_CATEGORIES.get(str(props.get("category")), unit.category)
        hours = plain_hours(props.get("hours"))
        if props.get("hours") and hours is None:
            drawing.note("skipped", _ref(feature), f"hours {props.get('hours')!r}: not opening_hours syntax")
        unit.hours = hours
        drawing.note("read", _ref(feature), f"names {unit.source}: {next(iter(unit.name.values()), '?')!r}")


def _openings(drawing: Drawing, found: list[dict[str, Any]], levels: dict[str, Level], projection: Projection) -> None:
    for feature in found:
        level = levels.get(str(feature["properties"].get("level_id")))
        coords = list(all_coords(feature.get("geometry")))
        if level is None or not coords:
            continue
        spot = projection.plan(*midpoint(coords))
        room = nearest_room(drawing.rooms, level.id, spot)
        if room is None or room.walkable:
            drawing.note("skipped", _ref(feature), "an opening on no room's wall")
        elif room.door is None:
            room.door = (round(spot[0], 2) + 0.0, round(spot[1], 2) + 0.0)
            drawing.note("read", _ref(feature), f"the door of {room.source}")


def _amenities(
    drawing: Drawing,
    found: list[dict[str, Any]],
    unit_features: list[dict[str, Any]],
    units: dict[str, Room | Thing],
    levels: dict[str, Level],
    projection: Projection,
) -> None:
    """Amenities become facilities, unless a facility room of the same kind already holds them."""
    # Every unit's floor, the walkways read as the open floor too (a lift's amenity stands in one).
    level_of_unit = {
        str(f.get("id")): levels[str(f["properties"].get("level_id"))].id
        for f in unit_features
        if str(f["properties"].get("level_id")) in levels
    }
    for feature in found:
        props = feature["properties"]
        kind = AMENITY_KINDS.get(str(props.get("category")))
        coords = list(all_coords(feature.get("geometry")))
        floors = {level_of_unit[u] for u in props.get("unit_ids") or [] if u in level_of_unit}
        if kind is None or not coords or not floors:
            drawing.note("skipped", _ref(feature), f"amenity {props.get('category')!r}: no facility kind or no floor")
            continue
        spot = projection.plan(float(coords[0][0]), float(coords[0][1]))
        held = [units[u] for u in props.get("unit_ids") or [] if isinstance(units.get(u), Thing)]
        for floor in sorted(floors):
            room = next((t for t in held if isinstance(t, Thing) and t.kind == kind and t.floor == floor), None)
            room = room or next((t for t in drawing.things if _holds(t, kind, floor, spot)), None)
            group = str(props["correlation_id"]) if props.get("correlation_id") else None
            if room is not None:
                room.at = _round(spot)  # the facility room's own amenity: where its marker (and door) is
                room.group = group
                continue
            drawing.things.append(
                Thing(_ref(feature), kind, floor, _round(spot), None, labels(props.get("name")), group)
            )


def _holds(thing: Thing, kind: str, floor: str, spot: Pt) -> bool:
    """Whether a facility room of this kind holds (or stands at) the amenity's point."""
    if thing.kind != kind or thing.floor != floor or not thing.shape:
        return False
    return bool(Polygon(thing.shape).buffer(1.0).covers(Point(spot)))


def _kiosks(
    drawing: Drawing, features: dict[str, list[dict[str, Any]]], levels: dict[str, Level], projection: Projection
) -> None:
    for feature in features["kiosk"]:
        props = feature["properties"]
        level = levels.get(str(props.get("level_id")))
        coords = list(all_coords(feature.get("geometry")))
        if level is None or not coords:
            continue
        plan = [projection.plan(float(c[0]), float(c[1])) for c in coords]
        spot = Polygon(plan).representative_point() if len(plan) >= 3 else Point(plan[0])
        at = _round((spot.x, spot.y))
        drawing.kiosks.append(Thing(_ref(feature), "kiosk", level.id, at, None, labels(props.get("name"))))


def _round(p: Pt) -> Pt:
    return (round(p[0], 2) + 0.0, round(p[1], 2) + 0.0)
