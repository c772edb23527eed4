"""Drawings made inside the tests: DXF floors (with ezdxf), IMDF archives and indoor GeoJSON, and hostile files.

Each is drawn in metres on a plan (x east, y south from the north-west corner) and written the way
its format stores it: DXF in millimetres with y up, IMDF and GeoJSON in WGS-84 around Shanghai.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ezdxf

LON0, LAT0 = 121.3565, 31.2135  # the plans' north-west corner
EARTH = 6_378_137.0
Pt = tuple[float, float]

STARTER = """\
# A second building, started by hand: the drawings fill in its floors.
building:
  id: test-centre
  name: {zh: 测试社区中心, en: Test Community Centre}
  address: {zh: 测试路1号, en: 1 Test Road}
  hours: Mo-Su 08:30-17:00   # every day

floors:
  - id: 1f
    order: 1
    label: 1F
    name: {zh: 一楼, en: Ground floor}
  - id: 2f
    order: 2
    label: 2F
    name: {zh: 二楼, en: First floor}
"""

KIOSK = """
kiosks:
  - id: lobby
    name: {zh: 大厅导览屏, en: Lobby screen}
    floor: 1f
    location: {zh: 大厅, en: Lobby}
    at: [20, 14]
"""


def starter(folder: Path, kiosk: bool = True) -> Path:
    """A building file with two floors and no plans yet (and a kiosk on 1F), as `kiosk init` would leave it."""
    path = folder / "floors.yaml"
    path.write_text(STARTER + (KIOSK if kiosk else ""), encoding="utf-8")
    return path


# --- DXF ---------------------------------------------------------------------------------------

FLOOR_ROOMS = {  # per floor: the L-shaped room's name (zh, en) and the small room's name
    1: (("图书馆", "Library"), "活动室"),
    2: (("阅览室", "Reading room"), "书画室"),
}


def dxf_floor(path: Path, floor: int, *, mm: bool = True, move_l: float = 0.0, bound: bool = False) -> Path:
    """One floor 40 m by 20 m: an L-shaped room named in mtext (zh and en), a named room with a door block,
    a nameless room with its door on the door layer, a toilet room (卫生间), a lift block at the same spot on
    every floor, and a stray text. `bound`: all of it in one block inserted 100 m east, as institutes often do."""
    unit = 1000.0 if mm else 1.0
    doc = ezdxf.new(units=4 if mm else 6)
    msp: Any = doc.blocks.new("PLAN") if bound else doc.modelspace()
    for layer in ("A-WALL", "A-ROOM", "A-TEXT"):
        doc.layers.add(layer)

    def up(points: Sequence[Pt]) -> list[Pt]:  # plan metres (y south) to drawing units (y up)
        return [(x * unit, (20 - y) * unit) for x, y in points]

    msp.add_lwpolyline(up([(0, 0), (40, 0), (40, 20), (0, 20)]), close=True, dxfattribs={"layer": "A-WALL"})
    l_room = [(0, 0), (12 + move_l, 0), (12 + move_l, 8), (6, 8), (6, 14), (0, 14)]
    msp.add_lwpolyline(up(l_room), close=True, dxfattribs={"layer": "A-ROOM"})
    (zh, en), small = FLOOR_ROOMS[floor]
    mtext = msp.add_mtext(rf"{{\fSimSun|b0|i0;{zh}}}\P{en}", dxfattribs={"layer": "A-TEXT"})
    mtext.dxf.insert = up([(2, 4)])[0]
    msp.add_lwpolyline(up([(20, 0), (30, 0), (30, 6), (20, 6)]), close=True, dxfattribs={"layer": "A-ROOM"})
    msp.add_text(small, dxfattribs={"layer": "A-TEXT", "insert": up([(24, 3)])[0]})
    msp.add_text("28.5㎡", dxfattribs={"layer": "A-TEXT", "insert": up([(24, 5)])[0]})
    door = doc.blocks.new("M1021")
    door.add_line((0, 0), (unit, 0))
    msp.add_blockref("M1021", up([(25, 6)])[0])
    msp.add_lwpolyline(up([(32, 0), (40, 0), (40, 6), (32, 6)]), close=True, dxfattribs={"layer": "A-ROOM"})
    doc.layers.add("A-DOOR")
    msp.add_line(*up([(33.5, 6), (34.5, 6)]), dxfattribs={"layer": "A-DOOR"})  # the nameless room's door, as a line
    hatch = msp.add_hatch(dxfattribs={"layer": "A-ROOM"})
    hatch.paths.add_polyline_path(up([(20, 14), (30, 14), (30, 20), (20, 20)]), is_closed=True)
    msp.add_text("卫生间", dxfattribs={"layer": "A-TEXT", "insert": up([(24, 17)])[0]})
    lift = doc.blocks.new("LIFT-2T")
    lift.add_lwpolyline([(0, 0), (2 * unit, 0), (2 * unit, 2 * unit), (0, 2 * unit)], close=True)
    msp.add_blockref("LIFT-2T", up([(36, 12)])[0])
    msp.add_text("消防通道说明", dxfattribs={"layer": "A-TEXT", "insert": up([(15, 12)])[0]})
    if bound:
        doc.modelspace().add_blockref("PLAN", (100 * unit, 0))
    doc.saveas(path)
    return path


def dxf_bomb(path: Path, depth: int = 30, copies: int = 10) -> Path:
    """A DXF whose blocks each insert the one before, `copies` times: drawn out, copies**depth lines."""
    doc = ezdxf.new()
    previous = doc.blocks.new("B0")
    previous.add_line((0, 0), (1, 0))
    for level in range(1, depth):
        block = doc.blocks.new(f"B{level}")
        for n in range(copies):
            block.add_blockref(previous.name, (n, 0))
        previous = block
    doc.modelspace().add_blockref(previous.name, (0, 0))
    doc.saveas(path)
    return path


# --- WGS-84 ------------------------------------------------------------------------------------


def lon_lat(p: Pt) -> list[float]:
    """A plan point (metres east, metres south of the origin) as [lon, lat]."""
    lat = LAT0 - math.degrees(p[1] / EARTH)
    lon = LON0 + math.degrees(p[0] / (EARTH * math.cos(math.radians(LAT0))))
    return [round(lon, 9), round(lat, 9)]


def polygon(corners: Sequence[Pt]) -> dict[str, Any]:
    ring = [lon_lat(p) for p in corners]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def point(p: Pt) -> dict[str, Any]:
    return {"type": "Point", "coordinates": lon_lat(p)}


def rect(x: float, y: float, w: float, h: float) -> list[Pt]:
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]


# --- IMDF --------------------------------------------------------------------------------------


def _feature(fid: str, kind: str, geometry: dict[str, Any] | None, **props: Any) -> dict[str, Any]:
    return {"id": fid, "type": "Feature", "feature_type": kind, "geometry": geometry, "properties": props}


def _collection(features: list[dict[str, Any]]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()


def imdf_features() -> dict[str, list[dict[str, Any]]]:
    """A venue of two levels in English and Chinese: two rooms with occupants, a lift, toilets, a kiosk."""
    outline = rect(0, 0, 30, 16)
    levels, units, openings, amenities, occupants, anchors = [], [], [], [], [], []
    for ordinal, short, zh in ((0, "1F", "一层"), (1, "2F", "二层")):  # IMDF: 0 is the ground floor
        number = ordinal + 1
        lid = f"level-{number}"
        levels.append(
            _feature(
                lid,
                "level",
                polygon(outline),
                ordinal=ordinal,
                outdoor=False,
                category="unspecified",
                name={"en": f"Level {number}", "zh-Hans": zh},
                short_name={"en": short},
            )
        )
        rooms = (
            (("Library", "图书馆"), ("Gym", "健身房")) if number == 1 else (("Studio", "画室"), ("Classroom", "教室"))
        )
        for n, (en, zh_name) in enumerate(rooms):
            uid = f"unit-{number}-{n}"
            units.append(
                _feature(uid, "unit", polygon(rect(2 + n * 12, 0, 10, 6)), category="room", level_id=lid, name=None)
            )
            openings.append(
                _feature(
                    f"opening-{number}-{n}",
                    "opening",
                    {"type": "LineString", "coordinates": [lon_lat((6 + n * 12, 6)), lon_lat((8 + n * 12, 6))]},
                    category="pedestrian",
                    level_id=lid,
                )
            )
            anchors.append(
                _feature(f"anchor-{number}-{n}", "anchor", point((7 + n * 12, 3)), unit_id=uid, address_id=None)
            )
            occupants.append(
                _feature(
                    f"occupant-{number}-{n}",
                    "occupant",
                    None,
                    name={"en": en, "zh-Hans": zh_name},
                    category="library" if en == "Library" else "fitness",
                    anchor_id=f"anchor-{number}-{n}",
                    hours="Mo-Fr 09:00-17:00",
                )
            )
        units.append(
            _feature(
                f"unit-{number}-lift",
                "unit",
                polygon(rect(26, 10, 3, 3)),
                category="elevator",
                level_id=lid,
                name={"en": "Lift", "zh-Hans": "电梯"},
            )
        )
        units.append(
            _feature(
                f"unit-{number}-wc", "unit", polygon(rect(2, 10, 6, 6)), category="restroom", level_id=lid, name=None
            )
        )
        units.append(
            _feature(
                f"unit-{number}-hall",
                "unit",
                polygon(rect(0, 6, 30, 4)),
                category="walkway",
                level_id=lid,
                name={"en": "Hall", "zh-Hans": "大厅"},
            )
        )
        amenities.append(
            _feature(
                f"amenity-{number}-lift",
                "amenity",
                point((27.5, 11.5)),
                category="elevator",
                unit_ids=[f"unit-{number}-lift"],
                name=None,
            )
        )
        amenities.append(
            _feature(
                f"amenity-{number}-aed",
                "amenity",
                point((15, 8)),
                category="defibrillator",
                unit_ids=[f"unit-{number}-hall"],
                name=None,
            )
        )
    return {
        "venue": [
            _feature(
                "venue-1",
                "venue",
                polygon(outline),
                category="communitycenter",
                address_id="address-1",
                name={"en": "Hillside Centre", "zh-Hans": "山坡中心"},
                hours="Mo-Su 08:00-18:00",
            )
        ],
        "address": [_feature("address-1", "address", None, address="9 Hill Road", locality="Testville", country="CN")],
        "building": [_feature("building-1", "building", None, name={"en": "Hillside Centre"}, category="unspecified")],
        "footprint": [
            _feature("footprint-1", "footprint", polygon(outline), category="ground", building_ids=["building-1"])
        ],
        "level": levels,
        "unit": units,
        "opening": openings,
        "amenity": amenities,
        "occupant": occupants,
        "anchor": anchors,
        "kiosk": [
            _feature(
                "kiosk-1",
                "kiosk",
                polygon(rect(14, 7, 1, 1)),
                level_id="level-1",
                name={"en": "Hall screen", "zh-Hans": "大厅导览屏"},
            )
        ],
    }


def imdf_zip(
    path: Path, features: dict[str, list[dict[str, Any]]] | None = None, extra: dict[str, bytes] | None = None
) -> Path:
    """An IMDF archive: manifest.json and one .geojson per feature type."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json", json.dumps({"version": "1.0.0", "created": "2026-12-01T00:00:00Z", "language": "en"})
        )
        for name, found in (features or imdf_features()).items():
            archive.writestr(f"{name}.geojson", _collection(found))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


# --- GeoJSON (Simple Indoor Tagging) -----------------------------------------------------------


def sit_geojson(path: Path) -> Path:
    """Two OSM levels (0 and 1) 24 m by 12 m: rooms named in zh and en, doors, a corridor area, a lift on both."""
    features: list[dict[str, Any]] = []
    for level, rooms in (
        ("0", (("医务室", "Clinic"), ("茶水间", "Tea room"))),
        ("1", (("会议室", "Meeting room"), ("档案室", "Archive"))),
    ):
        features.append(
            {
                "type": "Feature",
                "id": f"way/{level}00",
                "geometry": polygon(rect(0, 0, 24, 12)),
                "properties": {"indoor": "level", "level": level},
            }
        )
        for n, (zh, en) in enumerate(rooms):
            features.append(
                {
                    "type": "Feature",
                    "id": f"way/{level}1{n}",
                    "geometry": polygon(rect(1 + n * 11, 0, 9, 5)),
                    "properties": {"indoor": "room", "level": level, "name": zh, "name:en": en},
                }
            )
            features.append(
                {
                    "type": "Feature",
                    "id": f"node/{level}2{n}",
                    "geometry": point((5 + n * 11, 5)),
                    "properties": {"door": "hinged", "level": level},
                }
            )
        features.append(
            {
                "type": "Feature",
                "id": f"way/{level}30",
                "geometry": polygon(rect(0, 5, 24, 7)),
                "properties": {"indoor": "corridor", "level": level, "name": "走廊", "name:en": "Corridor"},
            }
        )
    features.append(
        {
            "type": "Feature",
            "id": "node/900",
            "geometry": point((22, 9)),
            "properties": {"highway": "elevator", "level": "0;1"},
        }
    )
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    return path
