"""Floors from GeoJSON with OpenStreetMap's Simple Indoor Tagging: `indoor=room|area|corridor|level`, `level=`.

Rooms (`indoor=room`) become spaces named by `name` and `name:xx`; areas and corridor polygons
open areas; corridor lines corridors; `indoor=level` the floor's outline; points with `door=*`
the doors; `highway=elevator`, `stairs=yes`, `amenity=toilets` and the like facilities.
OSM's `level=0` is the ground floor (1F), `level=-1` the first basement (B1); `level:ref` wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPoint

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
    nearest_room,
    north_west,
    polygons_of,
    ring,
    rounded,
    text_of,
)
from kiosk.interchange.export_geojson import TAGS_OF_KIND
from kiosk.interchange.guard import parse_json
from kiosk.interchange.ids import floor_id, order_of
from kiosk.interchange.read_common import language_of, origin_of, plain_hours
from kiosk.model.vocabulary import ACCESSIBLE_TOILET, ESCALATOR, LIFT, NURSING_ROOM, STAIRS, TOILET


def read_geojson(path: Path, config: Path, only_floor: str | None, languages: list[str]) -> Drawing:
    """The floors a Simple Indoor Tagging GeoJSON file describes, in plan metres."""
    data = parse_json(path.read_bytes(), path.name)
    features = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    if not isinstance(features, list):
        raise ImportRefused(f"{path.name} is JSON but not a GeoJSON FeatureCollection")
    features = [f for f in features if isinstance(f, dict) and isinstance(f.get("properties"), dict)]
    indoor = [
        f for f in features if f["properties"].get("indoor") or f["properties"].get("door") or _kind(f["properties"])
    ]
    if not indoor:
        raise ImportRefused(f"{path.name} has no indoor features (`indoor=room`, `indoor=level`...): nothing to import")
    origin = origin_of(config)
    lon0, lat0, bearing = origin or (*north_west(c for f in indoor for c in all_coords(f.get("geometry"))), 0.0)
    projection = Projection(lon0, lat0, bearing)
    drawing = Drawing("GeoJSON")
    drawing.origin = (lon0, lat0, bearing)
    drawing.languages = sorted({language_of(k[5:]) for f in indoor for k in f["properties"] if k.startswith("name:")})
    levels = _levels(drawing, indoor, projection, only_floor)
    for feature in indoor:
        for level in _levels_of(feature, levels):
            _feature(drawing, feature, level, projection, languages)
    _doors(drawing, indoor, levels, projection)
    return drawing


def _ref(feature: dict[str, Any], index: int | None = None) -> str:
    props = feature["properties"]
    osm = feature.get("id") or props.get("@id") or props.get("id")
    return f"GeoJSON feature {osm}" if osm is not None else f"GeoJSON feature #{index}"


def _level_numbers(props: dict[str, Any]) -> list[int]:
    """OSM `level=` values: `0`, `-1`, `0;1`, `1-3`."""
    numbers: list[int] = []
    for part in str(props.get("level", "0")).replace(",", ";").split(";"):
        part = part.strip()
        try:
            if "-" in part[1:]:
                low, high = part[0] + part[1:].split("-", 1)[0], part[1:].split("-", 1)[1]
                numbers += list(range(int(float(low)), int(float(high)) + 1))
            elif part:
                numbers.append(int(float(part)))
        except ValueError:
            continue
    return numbers or [0]


def _label(number: int, props: dict[str, Any]) -> str:
    ref = props.get("level:ref")
    if isinstance(ref, str) and ref.strip() and ";" not in ref:
        return ref.strip()[:6]
    return f"{number + 1}F" if number >= 0 else f"B{-number}"


def _levels(
    drawing: Drawing, features: list[dict[str, Any]], projection: Projection, only: str | None
) -> dict[int, Level]:
    """A floor per OSM level number: its `indoor=level` outline, else the hull of what stands on it."""
    outlines = {
        n: f for f in features if f["properties"].get("indoor") == "level" for n in _level_numbers(f["properties"])
    }
    numbers = sorted({n for f in features for n in _level_numbers(f["properties"])})
    levels: dict[int, Level] = {}
    for number in numbers:
        source = outlines.get(number)
        label = _label(number, source["properties"] if source else {})
        fid = only if only is not None and len(numbers) == 1 else floor_id(label)
        if only is not None and fid != only:
            continue
        if source is not None and polygons_of(source.get("geometry")):
            polygon = polygons_of(source.get("geometry"))[0]
            outline = rounded(projection.ring(polygon[0]))
            holes = [rounded(projection.ring(h)) for h in polygon[1:]]
            drawing.note("read", _ref(source), f"the outline of floor {label}")
        else:
            points = [
                projection.plan(float(c[0]), float(c[1]))
                for f in features
                if number in _level_numbers(f["properties"])
                for c in all_coords(f.get("geometry"))
            ]
            outline, holes = rounded(ring(MultiPoint(points).convex_hull.exterior.coords)), []
            drawing.note(
                "guessed", f"level {number}", f"no `indoor=level` outline: floor {label} drawn around its rooms"
            )
        levels[number] = Level(fid, label, order_of(label) or number, outline, holes)
        drawing.levels.append(levels[number])
    if not levels:
        raise ImportRefused(f"no level of the file is floor {only!r}")
    return levels


def _levels_of(feature: dict[str, Any], levels: dict[int, Level]) -> Iterator[Level]:
    for number in _level_numbers(feature["properties"]):
        if number in levels:
            yield levels[number]


def _names(props: dict[str, Any], languages: list[str]) -> dict[str, str]:
    found = {
        language_of(k[5:]): str(v)
        for k, v in props.items()
        if k.startswith("name:") and isinstance(v, str) and v.strip()
    }
    if isinstance(props.get("name"), str) and props["name"].strip():
        for lang, words in text_of(props["name"], languages).items():
            found.setdefault(lang, words)
    return found


def _kind(props: dict[str, Any]) -> str | None:
    """The facility kind of OSM tags, if any."""
    if props.get("highway") == "elevator" or props.get("elevator") == "yes" or props.get("room") == "elevator":
        return LIFT
    if props.get("conveying") in ("yes", "forward", "backward", "reversible"):
        return ESCALATOR
    if props.get("stairs") == "yes" or props.get("highway") == "steps" or props.get("room") == "stairs":
        return STAIRS
    if props.get("amenity") == "toilets" or props.get("room") == "toilets":
        accessible = "yes", "designated"
        wheelchair = props.get("wheelchair") in accessible or props.get("toilets:wheelchair") in accessible
        return ACCESSIBLE_TOILET if wheelchair else TOILET
    if props.get("room") == "nursing" or props.get("amenity") == "baby_feeding":
        return NURSING_ROOM
    # The rest as `kiosk export geojson` tags them (the tags with most keys first: the most specific).
    for kind, tags in sorted(TAGS_OF_KIND.items(), key=lambda item: -len(item[1])):
        if all(props.get(key) == value for key, value in tags.items()):
            return kind
    return None


def _feature(
    drawing: Drawing, feature: dict[str, Any], level: Level, projection: Projection, languages: list[str]
) -> None:
    props = feature["properties"]
    indoor, geometry = props.get("indoor"), feature.get("geometry") or {}
    if indoor == "level" or (props.get("door") and geometry.get("type") == "Point"):
        return
    polygons = polygons_of(geometry)
    kind = _kind(props)
    name = _names(props, languages)
    if geometry.get("type") == "LineString" and indoor == "corridor":
        level.corridors.append(rounded(projection.ring(geometry.get("coordinates") or [])))
        drawing.note("read", _ref(feature), f"a corridor on {level.label}")
        return
    if not polygons:
        coords = list(all_coords(geometry))
        if kind and coords:
            drawing.things.append(
                Thing(_ref(feature), kind, level.id, _round(projection.plan(*map(float, coords[0][:2]))))
            )
        else:
            drawing.note("skipped", _ref(feature), "not a room, area, corridor, door or facility")
        return
    shape, _ = fit_corners(rounded(projection.ring(polygons[0][0])))
    if kind is not None:
        drawing.things.append(Thing(_ref(feature), kind, level.id, shape[0], shape, name))
        return
    walkable = indoor in ("area", "corridor")
    if walkable and not name:  # the floor between the rooms (as `kiosk export geojson` writes it)
        drawing.note("read", _ref(feature), f"an unnamed walkway on {level.label}: the open floor stands for it")
        return
    room = Room(_ref(feature), level.id, shape, name, walkable=walkable, hours=plain_hours(props.get("opening_hours")))
    drawing.rooms.append(room)
    drawing.note("read", _ref(feature), f"{'an open area' if walkable else 'a room'} on {level.label}")


def _doors(drawing: Drawing, features: list[dict[str, Any]], levels: dict[int, Level], projection: Projection) -> None:
    for feature in features:
        geometry = feature.get("geometry") or {}
        if not feature["properties"].get("door") or geometry.get("type") != "Point":
            continue
        for level in _levels_of(feature, levels):
            spot = projection.plan(*map(float, geometry["coordinates"][:2]))
            room = nearest_room([r for r in drawing.rooms if not r.walkable], level.id, spot)
            if room is None:
                drawing.note("skipped", _ref(feature), "a door on no room's wall")
            elif room.door is None:
                room.door = _round(spot)
                drawing.note("read", _ref(feature), f"the door of {room.source}")


def _round(p: Pt) -> Pt:
    return (round(p[0], 2) + 0.0, round(p[1], 2) + 0.0)
