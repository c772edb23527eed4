"""Our own IMDF 1.0.0 checks: no maintained validator exists for Python, so the tests carry one.

`problems(archive)` reads an exported zip and returns every way it breaks the spec's rules we rely
on, in words: the manifest, feature members, required properties per feature type, geometry types,
references that must resolve (level_id, address_id, building_ids, unit_ids, anchor_id, unit_id),
display points inside their geometry, no two units of a level overlapping, and unique UUIDs.
The tables of types and properties are written here again on purpose, from the spec, rather than
imported from the exporter: a check that reads the exporter's own tables cannot catch their mistakes.
"""

from __future__ import annotations

import itertools
import json
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

POLYGONAL = ("Polygon", "MultiPolygon")
GEOMETRY = {
    "address": None,
    "venue": POLYGONAL,
    "building": None,
    "footprint": POLYGONAL,
    "level": POLYGONAL,
    "unit": POLYGONAL,
    "opening": ("LineString",),
    "amenity": ("Point",),
    "anchor": ("Point",),
    "occupant": None,
    "kiosk": POLYGONAL,
}
# Properties that must be present and not null, per the spec's property tables.
REQUIRED = {
    "address": ("address", "locality", "country"),
    "venue": ("category", "name", "display_point", "address_id"),
    "building": ("category",),
    "footprint": ("category", "building_ids"),
    "level": ("category", "outdoor", "ordinal", "name", "short_name"),
    "unit": ("category", "level_id"),
    "opening": ("category", "level_id"),
    "amenity": ("category", "unit_ids"),
    "anchor": ("unit_id",),
    "occupant": ("name", "category", "anchor_id"),
    "kiosk": ("level_id",),
}
# Reference properties: which feature type each must point to.
REFERENCES = {
    "address_id": "address",
    "level_id": "level",
    "building_ids": "building",
    "unit_ids": "unit",
    "unit_id": "unit",
    "anchor_id": "anchor",
}
# Categories from the spec's lists (Categories page), the parts a building of ours can use: a category
# outside them is a typo or an invention (the lists themselves are far longer for shops and airports).
_RESTROOMS = {
    "restroom",
    "restroom.family",
    "restroom.female",
    "restroom.male",
    "restroom.unisex",
    "restroom.wheelchair",
}
CATEGORIES = {
    "venue": {"communitycenter", "governmentfacility", "museum", "university", "healthcarefacility", "unspecified"},
    "building": {"parking", "transit", "transit.bus", "transit.train", "unspecified"},
    "footprint": {"aerial", "ground", "subterranean"},
    "level": {"parking", "transit", "unspecified"},
    "opening": {"automobile", "bicycle", "emergencyexit", "pedestrian", "pedestrian.principal", "pedestrian.transit",
                "service"},
    "unit": _RESTROOMS | {
        "auditorium", "classroom", "conferenceroom", "elevator", "escalator", "firstaid", "fitnessroom", "library",
        "lobby", "lounge", "mothersroom", "nonpublic", "office", "opentobelow", "parking", "ramp", "recreation",
        "room", "stairs", "steps", "storage", "unspecified", "waitingroom", "walkway",
    },
    "amenity": _RESTROOMS | {
        "atm", "babychanging", "defibrillator", "drinkingfountain", "elevator", "entry", "escalator", "firstaid",
        "information", "mothersroom", "parking", "powerchargingstation", "security.checkpoint", "stairs",
        "ticketing", "unspecified", "wifi",
    },
}  # fmt: skip
LABELLED = ("name", "alt_name", "short_name")
OVERLAP_M2 = 0.05  # shared area above this (in m², from degrees at the building's latitude) is an overlap
M2_PER_DEG2 = 111_000.0 * 95_000.0  # roughly, at 31° N; the tolerance only needs the right order


def read(archive: Path) -> tuple[dict, dict[str, list[dict]]]:
    """The manifest and the features by type of an IMDF zip."""
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("manifest.json")) if "manifest.json" in names else {}
        features = {t: json.loads(z.read(f"{t}.geojson"))["features"] for t in GEOMETRY if f"{t}.geojson" in names}
    return manifest, features


def problems(archive: Path) -> list[str]:
    """Every rule the archive breaks; empty when it is valid."""
    manifest, features = read(archive)
    found = list(_manifest_problems(manifest))
    found += [f"{t}.geojson is missing" for t in GEOMETRY if t not in features and t not in ("kiosk",)]
    ids = {f.get("id"): f for fs in features.values() for f in fs}
    found += list(_unique_ids(features))
    for feature_type, each in features.items():
        for feature in each:
            found += list(_feature_problems(feature_type, feature, ids))
    found += list(_overlapping_units(features.get("unit", [])))
    found += list(_openings_on_walls(features.get("opening", []), features.get("unit", [])))
    return found


def _manifest_problems(manifest: dict) -> Iterator[str]:
    if manifest.get("version") != "1.0.0":
        yield f"manifest version is {manifest.get('version')!r}, not '1.0.0'"
    if not isinstance(manifest.get("created"), str) or not manifest["created"].endswith("Z"):
        yield "manifest `created` is not a UTC timestamp"
    if not isinstance(manifest.get("language"), str) or not manifest["language"]:
        yield "manifest has no `language`"


def _unique_ids(features: dict[str, list[dict]]) -> Iterator[str]:
    seen: set[str] = set()
    for each in features.values():
        for feature in each:
            fid = feature.get("id")
            try:
                uuid.UUID(str(fid))
            except ValueError:
                yield f"id {fid!r} is not a UUID"
            if fid in seen:
                yield f"id {fid} is used twice"
            seen.add(str(fid))


def _feature_problems(feature_type: str, feature: dict, ids: dict) -> Iterator[str]:
    name = f"{feature_type} {feature.get('id')}"
    if feature.get("type") != "Feature" or feature.get("feature_type") != feature_type:
        yield f"{name}: not a Feature of feature_type {feature_type!r}"
    props = feature.get("properties")
    if not isinstance(props, dict):
        yield f"{name}: no properties"
        return
    for key in REQUIRED[feature_type]:
        if props.get(key) is None:
            yield f"{name}: required property `{key}` is missing or null"
    category = props.get("category")
    if feature_type in CATEGORIES and category is not None and category not in CATEGORIES[feature_type]:
        yield f"{name}: category {category!r} is not one of IMDF's {feature_type} categories"
    for key in LABELLED:
        if props.get(key) is not None and not (
            isinstance(props[key], dict) and props[key] and all(isinstance(v, str) and v for v in props[key].values())
        ):
            yield f"{name}: `{key}` is not a LABELS object"
    yield from _geometry_problems(name, feature_type, feature.get("geometry"), props)
    yield from _reference_problems(name, props, ids)


def _geometry_problems(name: str, feature_type: str, geometry: dict | None, props: dict) -> Iterator[str]:
    allowed = GEOMETRY[feature_type]
    if allowed is None:
        if geometry is not None:
            yield f"{name}: must have a null geometry"
        return
    if not geometry or geometry.get("type") not in allowed:
        yield f"{name}: geometry is {geometry and geometry.get('type')}, not one of {allowed}"
        return
    geom = shape(geometry)
    if not geom.is_valid or geom.is_empty:
        yield f"{name}: geometry is not valid"
    if not _in_wgs84(geom):
        yield f"{name}: coordinates are not longitude, latitude degrees"
    if geometry["type"] == "Polygon" and not counter_clockwise(geometry["coordinates"][0]):
        yield f"{name}: exterior ring is not counter-clockwise (RFC 7946)"
    point = props.get("display_point")
    if point is not None:
        if point.get("type") != "Point":
            yield f"{name}: display_point is not a Point"
        elif feature_type != "opening" and not geom.buffer(1e-7).contains(Point(point["coordinates"])):
            yield f"{name}: display_point {point['coordinates']} is outside its geometry"


def _in_wgs84(geom: BaseGeometry) -> bool:
    minx, miny, maxx, maxy = geom.bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def counter_clockwise(ring: list) -> bool:
    """Whether a GeoJSON ring runs counter-clockwise (RFC 7946: exterior rings do)."""
    area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))
    return area > 0


def _reference_problems(name: str, props: dict, ids: dict) -> Iterator[str]:
    for key, target in REFERENCES.items():
        value = props.get(key)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not value:
            yield f"{name}: `{key}` is an empty list"
        for ref in values:
            if ref not in ids or ids[ref].get("feature_type") != target:
                yield f"{name}: `{key}` {ref} is no {target} of the archive"


def _overlapping_units(units: list[dict]) -> Iterator[str]:
    by_level: dict[str, list[tuple[str, BaseGeometry]]] = {}
    for unit in units:
        level = unit["properties"].get("level_id")
        by_level.setdefault(level, []).append((unit["id"], shape(unit["geometry"])))
    for level, entries in by_level.items():
        for n, (uid, geom) in enumerate(entries):
            for other_id, other in entries[:n]:
                shared = geom.intersection(other).area * M2_PER_DEG2
                if shared > OVERLAP_M2:
                    yield f"units {uid} and {other_id} on level {level} overlap by {shared:.2f} m²"


WALL_SLACK = 2e-6  # degrees, about 20 cm: an opening this near a unit's edge is in that wall


def _openings_on_walls(openings: list[dict], units: list[dict]) -> Iterator[str]:
    """An opening lies on the edge of a unit of its level (the spec: openings are on unit boundaries)."""
    edges: dict[str, list[BaseGeometry]] = {}
    for unit in units:
        edges.setdefault(unit["properties"].get("level_id"), []).append(shape(unit["geometry"]).boundary)
    for opening in openings:
        line = shape(opening["geometry"])
        walls = edges.get(opening["properties"].get("level_id"), [])
        if not any(wall.buffer(WALL_SLACK).contains(line) for wall in walls):
            yield f"opening {opening['id']} is on no unit's edge of its level"
