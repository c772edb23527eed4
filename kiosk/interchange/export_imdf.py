"""`kiosk export imdf`: the building as an IMDF 1.0.0 archive, in WGS-84 from the building's `location`.

Every room becomes a unit and no two units of a level overlap (an open hall is the floor left between
its rooms, the walkway the floor left between all of them), so a map that fills units draws each bit
of floor once. Spaces become occupants anchored in their unit; facilities amenities; doors and
entrances openings. Ids are UUIDs derived from the building's and the entry's ids, the same at every
export, so a map service that imported the archive once sees the next one as an update.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, polylabel, unary_union

from kiosk.interchange import imdf
from kiosk.interchange.geo import PlanFrame
from kiosk.model.building import Building, Floor, Text
from kiosk.model.shapes import floor_area, polygon

SLIVER = 0.01  # m²: what is left of a room after cutting out its neighbours, below this, is drawing noise
DOOR_WIDTH = 1.0  # m: a door is drawn as this much of the wall it is in
KIOSK_SIZE = (0.8, 0.4)  # m: the stand of a lobby screen
DIGITS = 7  # decimal places of a degree: about a centimetre


class ExportError(Exception):
    """Why a building cannot be exported, said so that staff know what to add to floors.yaml."""


@dataclass(frozen=True)
class Unit:
    """A unit while the levels are built: our entry, IMDF's category, its name, and its floor in plan metres."""

    key: str
    category: str
    name: Text | None
    shape: BaseGeometry


@dataclass
class Archive:
    """The features of an export by type, and what was left out (for the command's report)."""

    features: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in imdf.FEATURE_TYPES})
    skipped: list[str] = field(default_factory=list)

    def add(self, feature: dict) -> str:
        """Add one feature and return its id."""
        self.features[feature["feature_type"]].append(feature)
        return str(feature["id"])

    def count(self) -> dict[str, int]:
        """How many features of each type."""
        return {t: len(f) for t, f in self.features.items()}


def frame_of(building: Building) -> PlanFrame:
    """Where the plans are on the Earth, or an ExportError saying what to add."""
    location = building.building.location
    if location is None:
        raise ExportError(
            "floors.yaml gives no `location:` for the building, so its plans cannot be placed on a map. "
            "Add, under `building:`, `location: {lat: 31.2135, lon: 121.3565, bearing: 0}`: the latitude and "
            "longitude (WGS-84, as GPS gives them) of the plans' north-west corner, and the compass bearing "
            "of the plans' up (0 when they are drawn north up)."
        )
    return PlanFrame(location.lat, location.lon, location.bearing)


class FeatureWriter:
    """Turns plan geometry into GeoJSON in degrees and makes the features of one building."""

    def __init__(self, building: Building, frame: PlanFrame) -> None:
        self.building = building
        self.frame = frame
        self.archive = Archive()
        self.bid = building.building.id

    def geojson(self, geometry: BaseGeometry) -> dict:
        """A plan geometry as RFC 7946 GeoJSON: degrees, rings counter-clockwise, a centimetre's digits."""
        world = self.frame.geometry_to_world(geometry)
        if isinstance(world, Polygon | MultiPolygon):
            world = shapely.orient_polygons(world)
        return _rounded(mapping(world))

    def point(self, p: Point | tuple[float, float]) -> dict:
        """A GeoJSON point of a plan point."""
        return self.geojson(p if isinstance(p, Point) else Point(p))

    def feature(self, feature_type: str, key: str, geometry: BaseGeometry | None, properties: dict[str, Any]) -> str:
        """Add one feature (its plan geometry moved to degrees) and return its id."""
        shape = self.geojson(geometry) if geometry is not None else None
        return self.archive.add(imdf.feature(self.bid, feature_type, key, shape, properties))


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _polygonal(geometry: BaseGeometry) -> BaseGeometry | None:
    """The polygons of a geometry (a cut may leave lines and points), slivers dropped; None if nothing."""
    geometry = shapely.make_valid(geometry) if not geometry.is_valid else geometry
    parts = [g for g in getattr(geometry, "geoms", [geometry]) if isinstance(g, Polygon | MultiPolygon)]
    polygons = [p for part in parts for p in getattr(part, "geoms", [part]) if p.area > SLIVER]
    if not polygons:
        return None
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def inner_point(geometry: BaseGeometry) -> Point:
    """A point well inside an area (its largest part's pole of inaccessibility)."""
    largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
    size = max(largest.bounds[2] - largest.bounds[0], largest.bounds[3] - largest.bounds[1])
    spot = polylabel(largest, tolerance=max(size / 200, 0.01))
    return spot if largest.contains(spot) else largest.representative_point()


def ordinals(floors: Sequence[Floor]) -> dict[str, int]:
    """IMDF's ordinal of each floor: 0 the ground floor (the lowest with `order` 0 or more), -1 below it."""
    ordered = sorted(floors, key=lambda f: f.order)
    ground = next((i for i, f in enumerate(ordered) if f.order >= 0), len(ordered) - 1)
    return {f.id: i - ground for i, f in enumerate(ordered)}


def footprint(building: Building) -> BaseGeometry:
    """The building's outline: every floor's outer wall, one over the other."""
    shells = [polygon(f.plan.shell()) for f in building.floors if f.plan is not None]
    if not shells:
        raise ExportError(
            "no floor has a `plan:` yet, so there is no shape to export: give at least one floor "
            "`plan: {size: [width, depth]}` (metres), or import the drawings with `kiosk import`."
        )
    merged = _polygonal(unary_union(shells))
    assert merged is not None
    return merged


def _country(timezone: str) -> str | None:
    """The ISO 3166 country of a time zone, from the tz database's zone.tab."""
    try:
        table = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        path = Path("/usr/share/zoneinfo/zone.tab")
        table = path.read_text(encoding="utf-8") if path.exists() else ""
    for line in table.splitlines():
        columns = line.split("\t")
        if len(columns) >= 3 and not line.startswith("#") and columns[2] == timezone:
            return columns[0]
    return None


def _locality(building: Building) -> str:
    """The town of the address: the last part of its English text (…, Shanghai), else the whole address."""
    address = building.building.address
    if address.has("en") and "," in address("en"):
        return address("en").rsplit(",", 1)[1].strip()
    return address(building.default_language)


def _add_site(writer: FeatureWriter, outline: BaseGeometry) -> tuple[str, str]:
    """Address, venue, building and footprint; returns the address's and the building's ids."""
    info, building = writer.building.building, writer.building
    country = _country(info.timezone)
    if country is None:
        raise ExportError(f"the time zone {info.timezone!r} names no country; set `timezone:` to a city's zone")
    address_id = writer.feature(
        "address",
        "address",
        None,
        {"address": info.address(building.default_language), "locality": _locality(building), "country": country},
    )
    spot = inner_point(outline)
    writer.feature(
        "venue",
        "venue",
        outline,
        {
            "category": imdf.VENUE_CATEGORY,
            "name": imdf.labels(info.name),
            "alt_name": imdf.labels(info.short_name),
            "hours": info.hours,
            "website": info.public_url,
            "display_point": writer.point(spot),
            "address_id": address_id,
        },
    )
    building_id = writer.feature(
        "building",
        "building",
        None,
        {
            "name": imdf.labels(info.name),
            "alt_name": imdf.labels(info.short_name),
            "category": "unspecified",
            "display_point": writer.point(spot),
            "address_id": address_id,
        },
    )
    writer.feature("footprint", "footprint", outline, {"category": "ground", "building_ids": [building_id]})
    return address_id, building_id


def _rooms_of(building: Building, floor: Floor) -> Iterator[Unit]:
    """The rooms drawn on a floor: spaces (not open areas) and facilities' rooms, in file order."""
    for space in building.spaces_on(floor.id):
        if space.shape and not space.walkable:
            category = imdf.UNIT_OF_CATEGORY.get(space.category, "room")
            yield Unit(f"space/{space.id}", category, space.name, polygon(space.shape))
    for facility in building.facilities_on(floor.id):
        shape = facility.shape_on(floor.id)
        if shape:
            category = imdf.UNIT_OF_KIND.get(facility.kind, "room")
            yield Unit(f"facility/{facility.id}/{floor.id}", category, facility.name, polygon(shape))


def units_of(building: Building, floor: Floor, area: BaseGeometry) -> tuple[list[Unit], list[str]]:
    """A floor's units, none overlapping, and what got no unit because nothing of it remained.

    Rooms first (an earlier one keeps the floor two share), then open areas, then the walkway between them.
    """
    units: list[Unit] = []
    skipped: list[str] = []
    taken: BaseGeometry = Polygon()
    open_areas = [
        Unit(f"space/{s.id}", imdf.OPEN_AREA_UNIT, s.name, polygon(s.shape))
        for s in building.spaces_on(floor.id)
        if s.shape and s.walkable
    ]
    for unit in [*_rooms_of(building, floor), *open_areas]:
        left = _polygonal(unit.shape.intersection(area).difference(taken))
        if left is None:
            skipped.append(f"{unit.key} on {floor.label}: covered by the rooms before it, no unit of its own")
            continue
        units.append(Unit(unit.key, unit.category, unit.name, left))
        taken = taken.union(left)
    walkway = _polygonal(area.difference(taken))
    if walkway is not None:
        units.append(Unit(f"walkway/{floor.id}", imdf.WALKWAY_UNIT, None, walkway))
    return units, skipped


def _unit_at(units: Sequence[tuple[Unit, str]], p: tuple[float, float]) -> str:
    """The id of the unit a point is in (or nearest to, for a point on a wall)."""
    where = Point(p)
    return min(units, key=lambda unit: unit[0].shape.distance(where))[1]


@dataclass
class _Level:
    """One exported level: its floor, id, and units with their ids."""

    floor: Floor
    id: str
    area: BaseGeometry
    units: list[tuple[Unit, str]]

    def unit_id(self, key: str) -> str | None:
        """The id of the unit made from our entry `key`, if it got one."""
        return next((uid for unit, uid in self.units if unit.key == key), None)


def _add_levels(writer: FeatureWriter, outline: BaseGeometry, address_id: str, building_id: str) -> list[_Level]:
    """Every floor as a level with its units."""
    building = writer.building
    levels = []
    order = ordinals(building.floors)
    for floor in building.floors:
        area = floor_area(floor.plan) if floor.plan is not None else outline
        level_id = writer.feature(
            "level",
            floor.id,
            area,
            {
                "category": "unspecified",
                "outdoor": False,
                "ordinal": order[floor.id],
                "name": imdf.labels(floor.name),
                "short_name": imdf.same_labels(floor.label, building.languages),
                "display_point": writer.point(inner_point(area)),
                "address_id": address_id,
                "building_ids": [building_id],
            },
        )
        units, skipped = units_of(building, floor, area)
        writer.archive.skipped += skipped
        placed = []
        for unit in units:
            props = {"category": unit.category, "name": imdf.labels(unit.name), "level_id": level_id}
            props["display_point"] = writer.point(inner_point(unit.shape))
            placed.append((unit, writer.feature("unit", unit.key, unit.shape, props)))
        levels.append(_Level(floor, level_id, area, placed))
    return levels


def _door_line(wall: BaseGeometry, at: tuple[float, float]) -> LineString:
    """A door as DOOR_WIDTH of the wall nearest to `at`, centred on the point of the wall closest to it."""
    rings = [wall.exterior, *wall.interiors] if isinstance(wall, Polygon) else [wall]
    ring = min(rings, key=lambda r: r.distance(Point(at)))
    centre = ring.project(nearest_points(ring, Point(at))[0])
    half = DOOR_WIDTH / 2
    start, end = max(centre - half, 0.0), min(centre + half, ring.length)
    line = shapely.ops.substring(ring, start, end)
    return line if isinstance(line, LineString) and line.length > 0 else LineString([at, (at[0] + half, at[1])])


def _add_openings(writer: FeatureWriter, levels: Sequence[_Level]) -> None:
    """Each space's door, and each entrance on a floor's outer wall."""
    for level in levels:
        for space in writer.building.spaces_on(level.floor.id):
            if space.door is None or not space.shape:
                continue
            line = _door_line(polygon(space.shape), space.door)
            door = {"category": "pedestrian", "level_id": level.id, "display_point": writer.point(space.door)}
            writer.feature("opening", f"door/{space.id}", line, door)
        plan = level.floor.plan
        for n, entrance in enumerate(plan.entrances if plan else ()):
            line = _door_line(polygon(plan.shell()) if plan else level.area, entrance.at)
            props: dict[str, object] = {
                "category": "pedestrian.principal" if entrance.main else "pedestrian",
                "name": imdf.labels(entrance.name),
                "level_id": level.id,
                "display_point": writer.point(entrance.at),
            }
            writer.feature("opening", f"entrance/{level.floor.id}/{n}", line, props)


def _add_amenities(writer: FeatureWriter, levels: Sequence[_Level], address_id: str) -> None:
    """Each facility on each floor it serves, at its point (or in the middle of its room)."""
    building = writer.building
    for level in levels:
        for facility in building.facilities_on(level.floor.id):
            own = level.unit_id(f"facility/{facility.id}/{level.floor.id}")
            at = facility.position_on(level.floor.id)
            shape = facility.shape_on(level.floor.id)
            if at is None and shape:
                spot = inner_point(polygon(shape))
                at = (spot.x, spot.y)
            if at is None:
                writer.archive.skipped.append(f"facility {facility.id} on {level.floor.label}: no `at:` point")
                continue
            correlation = imdf.feature_id(writer.bid, "correlation", facility.id) if len(facility.floors) > 1 else None
            props = {
                "category": imdf.AMENITY_OF_KIND.get(facility.kind, "unspecified"),
                "accessibility": ["wheelchair"] if facility.kind in imdf.WHEELCHAIR_KINDS else None,
                "name": imdf.labels(facility.name),
                "unit_ids": [own or _unit_at(level.units, at)],
                "address_id": address_id,
                "correlation_id": correlation,
            }
            writer.feature("amenity", f"{facility.id}/{level.floor.id}", Point(at), props)


def _add_occupants(writer: FeatureWriter, levels: Sequence[_Level]) -> None:
    """Each space as an occupant, anchored at its door (or inside its room) in its unit."""
    building = writer.building
    for level in levels:
        for space in building.spaces_on(level.floor.id):
            own = level.unit_id(f"space/{space.id}")
            unit_shape = next((u.shape for u, uid in level.units if uid == own), None)
            if space.door is not None:
                at = Point(space.door)
            elif unit_shape is not None:
                at = inner_point(unit_shape)
            elif space.shape:
                at = inner_point(polygon(space.shape))
            else:
                at = inner_point(level.area)  # a space without a drawing yet: anywhere on its floor
            unit_id = own or _unit_at(level.units, (at.x, at.y))
            anchor = writer.feature("anchor", f"space/{space.id}", at, {"unit_id": unit_id})
            props = {
                "name": imdf.labels(space.name),
                "category": imdf.OCCUPANT_OF_CATEGORY.get(space.category, imdf.OCCUPANT_CATEGORY),
                "anchor_id": anchor,
                "hours": building.hours_of(space),
            }
            writer.feature("occupant", space.id, None, props)


def _add_kiosks(writer: FeatureWriter, levels: Sequence[_Level]) -> None:
    """Each lobby screen that says where it stands, as its stand's outline."""
    by_floor = {level.floor.id: level for level in levels}
    for kiosk in writer.building.kiosks:
        level = by_floor.get(kiosk.floor)
        if kiosk.at is None or level is None:
            writer.archive.skipped.append(f"kiosk {kiosk.id}: no `at:` point")
            continue
        (x, y), (w, d) = kiosk.at, KIOSK_SIZE
        stand = box(x - w / 2, y - d / 2, x + w / 2, y + d / 2)
        props = {"name": imdf.labels(kiosk.name), "level_id": level.id, "display_point": writer.point(kiosk.at)}
        writer.feature("kiosk", kiosk.id, stand, props)


def build_archive(building: Building) -> Archive:
    """Every IMDF feature of a building (raises ExportError when it has no location or no plan)."""
    writer = FeatureWriter(building, frame_of(building))
    outline = footprint(building)
    address_id, building_id = _add_site(writer, outline)
    levels = _add_levels(writer, outline, address_id, building_id)
    _add_openings(writer, levels)
    _add_amenities(writer, levels, address_id)
    _add_occupants(writer, levels)
    _add_kiosks(writer, levels)
    return writer.archive


def write_archive(archive: Archive, out: Path, language: str, now: dt.datetime, generated_by: str) -> None:
    """Write the archive as a zip: manifest.json and one FeatureCollection file per feature type."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive_zip:
        manifest = imdf.manifest(language, now, generated_by)
        archive_zip.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for feature_type, features in archive.features.items():
            collection = {"type": "FeatureCollection", "features": features}
            archive_zip.writestr(f"{feature_type}.geojson", json.dumps(collection, ensure_ascii=False))
