"""What an import read from a drawing, before it is merged: floors, rooms, facilities, in plan metres.

Every reader (DXF, IMDF, GeoJSON) turns its file into one `Drawing`: coordinates already in the
plan's metres (x to the east, y to the SOUTH, origin at the north-west corner, as floors.yaml
writes them), names per language, and a note for everything it read, skipped or guessed, named
by the file's own identifier (a DXF handle and layer, an IMDF feature id), so staff can find it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import nearest_points, unary_union

from kiosk.interchange.geo import PlanFrame
from kiosk.model.vocabulary import ACCESSIBLE_TOILET, ESCALATOR, LIFT, NURSING_ROOM, STAIRS, TOILET, VERTICAL_KINDS

Pt = tuple[float, float]
MAX_CORNERS = 200  # floors.yaml's limit for one shape
DOOR_REACH = 1.5  # m: a door symbol this close to a room's wall is that room's door


class ImportRefused(Exception):
    """The file is not what it claims, too big, or hostile: nothing is read from it."""


@dataclass
class Note:
    """One line of the import report: what the file's entity `source` became, or why it was skipped."""

    kind: str  # "read", "skipped", "guessed" or "check" (something to look at on the plan)
    source: str  # the file's own identifier: `DXF handle 2F (layer ROOM)`, `IMDF unit 6b1f...`
    text: str


@dataclass
class Room:
    """A room or open area read from the drawing."""

    source: str
    floor: str
    shape: list[Pt]
    name: dict[str, str] = field(default_factory=dict)
    door: Pt | None = None
    walkable: bool = False
    category: str | None = None
    hours: str | None = None
    ref: str = ""  # the file's id of it, kept in the report


@dataclass
class Thing:
    """A facility (lift, stairs, toilet...) or kiosk read from the drawing: a point, maybe a room."""

    source: str
    kind: str
    floor: str
    at: Pt
    shape: list[Pt] | None = None
    name: dict[str, str] = field(default_factory=dict)
    group: str | None = None  # the file's id for one facility on several floors (IMDF's correlation_id)


@dataclass
class Level:
    """A floor read from the drawing: its outline (and holes) in plan metres."""

    id: str
    label: str
    order: int
    outline: list[Pt]
    holes: list[list[Pt]] = field(default_factory=list)
    name: dict[str, str] = field(default_factory=dict)
    corridors: list[list[Pt]] = field(default_factory=list)


@dataclass
class Drawing:
    """Everything one file gave, ready to merge into floors.yaml."""

    kind: str  # "DXF", "IMDF", "GeoJSON"
    source: str = ""  # the file's name, for the report and a new file's first comment
    levels: list[Level] = field(default_factory=list)
    rooms: list[Room] = field(default_factory=list)
    things: list[Thing] = field(default_factory=list)
    kiosks: list[Thing] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    building_name: dict[str, str] = field(default_factory=dict)
    address: dict[str, str] = field(default_factory=dict)
    hours: str | None = None
    languages: list[str] = field(default_factory=list)
    origin: tuple[float, float, float] | None = None  # lon, lat, bearing of the plans' north-west corner

    def note(self, kind: str, source: str, text: str) -> None:
        """Add a line to the report."""
        self.notes.append(Note(kind, source, text))


# --- words on drawings ---------------------------------------------------------------------------

# Checked in order: the longer, more specific words first (无障碍卫生间 before 卫生间, 扶梯 before 楼梯).
KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (ACCESSIBLE_TOILET, ("无障碍", "ACCESSIBLE", "DISABLED")),
    (ESCALATOR, ("扶梯", "ESCALATOR", "ESC")),
    (LIFT, ("电梯", "LIFT", "ELEVATOR", "ELEV")),
    (STAIRS, ("楼梯", "STAIR")),
    (NURSING_ROOM, ("母婴", "NURSING", "MOTHER")),
    (TOILET, ("卫生间", "厕所", "洗手间", "TOILET", "WC", "RESTROOM", "LAV")),
)


def kind_of(word: str) -> str | None:
    """The facility kind a block name or label means (电梯 → lift), or None for an ordinary room."""
    upper = word.upper()
    for kind, words in KIND_WORDS:
        for w in words:
            ascii_word = w.isascii()
            if ascii_word and re.search(rf"(?<![A-Z]){re.escape(w)}(?![A-Z])", upper):
                return kind
            if not ascii_word and w in word:
                return kind
    return None


def has_cjk(text: str) -> bool:
    """Whether a text has Chinese characters (so it is the Chinese name)."""
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def text_of(words: str, languages: Sequence[str]) -> dict[str, str]:
    """A drawing's one label as a text: Chinese under zh, anything else under the first other language."""
    words = " ".join(words.split())
    if has_cjk(words):
        return {"zh": words}
    other = next((lang for lang in languages if lang != "zh"), "en")
    return {other: words}


# --- shapes ------------------------------------------------------------------------------------


def ring(points: Iterable[Sequence[float]]) -> list[Pt]:
    """Corners of a closed shape, without the closing repeat and without repeated points."""
    corners: list[Pt] = []
    for p in points:
        q = (float(p[0]), float(p[1]))
        if not corners or math.dist(corners[-1], q) > 1e-9:
            corners.append(q)
    if len(corners) > 1 and math.dist(corners[0], corners[-1]) <= 1e-9:
        corners.pop()
    return corners


def rounded(corners: Iterable[Pt]) -> list[Pt]:
    """Corners to the centimetre (what a plan needs, and a stable diff on re-import)."""
    out: list[Pt] = []
    for x, y in corners:
        p = (round(x, 2) + 0.0, round(y, 2) + 0.0)  # + 0.0: no -0.0 in the file
        if not out or p != out[-1]:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def fit_corners(corners: list[Pt]) -> tuple[list[Pt], bool]:
    """At most MAX_CORNERS corners (a drawn arc comes as many short sides); True if it was simplified."""
    if len(corners) <= MAX_CORNERS:
        return corners, False
    shape = Polygon(corners)
    tolerance = 0.05
    while len(corners) > MAX_CORNERS and tolerance < 5:
        simple = shape.simplify(tolerance, preserve_topology=True)
        corners = ring(simple.exterior.coords) if isinstance(simple, Polygon) else corners
        tolerance *= 2
    return corners[:MAX_CORNERS], True


def open_floor(outline: Sequence[Pt], holes: Sequence[Sequence[Pt]], rooms: Sequence[Sequence[Pt]]) -> Polygon:
    """The floor people walk on where no corridors are drawn: the outline minus holes and rooms."""
    area = shapely.make_valid(Polygon(outline, list(holes)))
    blocked = [Polygon(r) for r in rooms if len(r) >= 3]
    if blocked:
        area = area.difference(unary_union([shapely.make_valid(b) for b in blocked]))
    return area


def door_spot(room: Sequence[Pt], walk: Polygon, near: Pt | None = None) -> Pt | None:
    """Where a room's door is: on its wall, facing the open floor (nearest `near`, else its longest such wall)."""
    shape = Polygon(room)
    if near is not None:
        spot = nearest_points(shape.exterior, Point(near))[0]
        return (round(spot.x, 2) + 0.0, round(spot.y, 2) + 0.0)
    best: tuple[float, Pt] | None = None
    for a, b in zip(room, [*room[1:], room[0]], strict=True):
        length = math.dist(a, b)
        if length < 0.8:
            continue  # too short for a door
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        nx, ny = (b[1] - a[1]) / length, -(b[0] - a[0]) / length  # one normal; try both sides
        for side in (1, -1):
            out = Point(mid[0] + side * nx * 0.6, mid[1] + side * ny * 0.6)
            if not shape.contains(out) and walk.contains(out) and (best is None or length > best[0]):
                best = (length, (round(mid[0], 2) + 0.0, round(mid[1], 2) + 0.0))
    return best[1] if best else None


def nearest_room(rooms: Sequence[Room], floor: str, p: Pt, reach: float = DOOR_REACH) -> Room | None:
    """The room on `floor` whose wall is nearest a point, if within `reach` metres."""
    best: tuple[float, Room] | None = None
    for room in rooms:
        if room.floor != floor or len(room.shape) < 3:
            continue
        gap = Polygon(room.shape).exterior.distance(Point(p))
        if gap <= reach and (best is None or gap < best[0]):
            best = (gap, room)
    return best[1] if best else None


def midpoint(coords: Sequence[Sequence[float]]) -> Pt:
    """The middle of a line (an opening's, a door symbol's)."""
    line = LineString(coords) if len(coords) > 1 else None
    if line is None or line.length == 0:
        return (float(coords[0][0]), float(coords[0][1]))
    spot = line.interpolate(0.5, normalized=True)
    return (spot.x, spot.y)


def room_containing(rooms: Sequence[Room], floor: str, p: Pt) -> Room | None:
    """The smallest room on `floor` a point lies in (a name's text, a lift symbol)."""
    found = [r for r in rooms if r.floor == floor and len(r.shape) >= 3 and Polygon(r.shape).covers(Point(p))]
    return min(found, key=lambda r: Polygon(r.shape).area) if found else None


# --- WGS-84 to plan metres ---------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Longitude/latitude to plan metres around an origin (the plans' north-west corner), turned by `bearing`.

    The same local frame `kiosk export` writes with (kiosk.interchange.geo), so an exported archive
    imports back onto the same metres.
    """

    lon0: float
    lat0: float
    bearing: float = 0.0

    def plan(self, lon: float, lat: float) -> Pt:
        """The plan point (x east, y south when bearing is 0) of a longitude and latitude."""
        return PlanFrame(self.lat0, self.lon0, self.bearing).to_plan(lon, lat)

    def ring(self, coords: Iterable[Sequence[float]]) -> list[Pt]:
        """A GeoJSON ring in plan metres."""
        return ring(self.plan(float(c[0]), float(c[1])) for c in coords)


def north_west(coords: Iterable[Sequence[float]]) -> tuple[float, float]:
    """The smallest longitude and largest latitude of some coordinates: the plans' origin."""
    lons, lats = [], []
    for c in coords:
        lons.append(float(c[0]))
        lats.append(float(c[1]))
    if not lons:
        raise ImportRefused("the file has no coordinates at all, so there is no plan to read")
    return min(lons), max(lats)


def all_coords(geometry: object) -> Iterable[Sequence[float]]:
    """Every position of a GeoJSON geometry, however nested."""
    if not isinstance(geometry, dict):
        return
    stack = [geometry.get("coordinates")]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple) and item and isinstance(item[0], int | float):
            if len(item) >= 2 and all(isinstance(v, int | float) for v in item[:2]):
                yield item
        elif isinstance(item, list | tuple):
            stack.extend(item)


def polygons_of(geometry: object) -> list[list[list[Sequence[float]]]]:
    """A GeoJSON Polygon or MultiPolygon as a list of polygons (each a list of rings), largest first."""
    if not isinstance(geometry, dict):
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if not isinstance(coords, list):
        return []
    found = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [p for p in found if isinstance(p, list) and p and isinstance(p[0], list) and len(p[0]) >= 3]


# --- what every reader does last -----------------------------------------------------------------


def finish(drawing: Drawing) -> None:
    """Name nameless rooms (reported), place doors no file gave, and make the open floor walkable."""
    unnamed = 0
    for room in drawing.rooms:
        if not room.name and not room.walkable:
            unnamed += 1
            room.name = {"zh": f"未命名房间{unnamed}", "en": f"Unnamed room {unnamed}"}
            drawing.note("check", room.source, f"a room with no name: called {room.name['en']!r} until you name it")
    _points_into_rooms(drawing)
    for level in drawing.levels:
        _finish_level(drawing, level)


def _points_into_rooms(drawing: Drawing) -> None:
    """A facility's point inside (or at) its own room is one facility: the room, at that point."""
    for point in [t for t in drawing.things if not t.shape]:
        room = next(
            (
                t
                for t in drawing.things
                if t.shape
                and t.kind == point.kind
                and t.floor == point.floor
                and Polygon(t.shape).buffer(1.0).covers(Point(point.at))
            ),
            None,
        )
        if room is not None:
            room.at, room.group = point.at, room.group or point.group
            drawing.things.remove(point)


def _finish_level(drawing: Drawing, level: Level) -> None:
    for kiosk in (k for k in drawing.kiosks if k.floor == level.id):
        hall = room_containing([r for r in drawing.rooms if not r.walkable], level.id, kiosk.at)
        if hall is not None:  # visitors walk up to the screen: the hall it stands in is walked across
            hall.walkable = True
            drawing.note("guessed", hall.source, f"walkable: the kiosk {kiosk.source} stands in it")
    rooms = [r for r in drawing.rooms if r.floor == level.id]
    shaped = [t for t in drawing.things if t.floor == level.id and t.shape]
    walk = open_floor(
        level.outline, level.holes, [r.shape for r in rooms if not r.walkable] + [t.shape or [] for t in shaped]
    )
    for room in rooms:
        if room.walkable and room.door is None:
            room.door = _inner_spot(Polygon(room.shape))  # an open area's marker: anywhere on its edge
        if room.door is not None or room.walkable:
            continue
        room.door = door_spot(room.shape, walk)
        if room.door is None:
            drawing.note("check", room.source, "no wall of it faces the open floor: add its `door:` by hand")
        else:
            drawing.note(
                "guessed", room.source, f"no door drawn: put at {list(room.door)}, on its wall facing the open floor"
            )
    for thing in shaped:
        assert thing.shape is not None
        given = thing.at != thing.shape[0]  # a reader put it there (an amenity's point), not the first corner
        if thing.kind in VERTICAL_KINDS and given:
            continue  # a lift is called from its point, wherever the file put it
        shape = Polygon(thing.shape)
        if not given:
            thing.at = door_spot(thing.shape, walk) or thing.at
        elif shape.buffer(-0.3).contains(Point(thing.at)):  # inside its own room, which routes walk around
            thing.at = door_spot(thing.shape, walk, near=thing.at) or thing.at
    # The floor minus its rooms is walked across; open areas the file names (a lobby) lie on it too.
    if not level.corridors and not any(r.ref == "open-area" for r in rooms):
        drawing.rooms.append(
            Room(
                f"the outline of {level.label}",
                level.id,
                list(level.outline),
                {"zh": f"{level.label}公共区域", "en": f"{level.label} open area"},
                _inner_spot(walk),
                walkable=True,
                category="services",
                ref="open-area",
            )
        )
        drawing.note(
            "guessed", f"floor {level.label}", "no corridors drawn: visitors walk across the floor between the rooms"
        )


def _inner_spot(area: Any) -> Pt | None:
    """Where an open area's door goes: the middle of its longest outer wall that no room stands against."""
    if area.is_empty:
        return None
    polygons = list(getattr(area, "geoms", [area]))
    shell = max(polygons, key=lambda p: p.area).exterior
    best: tuple[float, Pt] | None = None
    coords = list(shell.coords)
    for a, b in pairwise(coords):
        mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        length = math.dist(a, b)
        if best is None or length > best[0]:
            best = (length, (round(mid[0], 2) + 0.0, round(mid[1], 2) + 0.0))
    return best[1] if best else None
