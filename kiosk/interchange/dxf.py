"""A floor from a DXF drawing (read with ezdxf): rooms from closed shapes, names from texts, doors, lifts.

A design institute's DXF has one floor per file (or per `--floor`): closed polylines and hatches
on the rooms' layer are rooms, the text inside a room is its name, the largest closed shape on a
wall or outline layer is the floor's outline, door blocks or the door layer give doors, and block
names or texts like 电梯, 楼梯, 扶梯, 卫生间, WC, LIFT give lifts, stairs, escalators and toilets.
Drawing units come from `$INSUNITS` (millimetres or metres) or `--scale` (metres per unit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ezdxf
from ezdxf import bbox
from ezdxf import path as dxfpath
from shapely.geometry import MultiPoint, Point, Polygon
from shapely.ops import unary_union

from kiosk.interchange.drawing import (
    Drawing,
    ImportRefused,
    Level,
    Pt,
    Room,
    Thing,
    fit_corners,
    kind_of,
    nearest_room,
    ring,
    room_containing,
    rounded,
    text_of,
)
from kiosk.interchange.ids import order_of

MAX_BLOCK_DEPTH = 12  # blocks inside blocks; real drawings nest three or four deep
MAX_EXPANDED = 2_000_000  # entities once every block is drawn out; a nested-block bomb explodes past this
MAX_ENTITIES = 500_000  # in model space
UNITS = {1: 0.0254, 2: 0.3048, 4: 0.001, 5: 0.01, 6: 1.0}  # $INSUNITS code → metres per drawing unit
UNIT_NAMES = {1: "inches", 2: "feet", 4: "millimetres", 5: "centimetres", 6: "metres"}
ROOM_LAYERS = ("ROOM", "房间", "A-AREA", "AREA", "SPACE", "空间", "房")
WALL_LAYERS = ("OUTLINE", "轮廓", "WALL", "墙", "BOUNDARY", "外墙", "A-WALL")
DOOR_LAYERS = ("DOOR", "门", "A-DOOR")
DOOR_BLOCK = re.compile(r"(DOOR|门|^F?M\d{3,4}|^M[-_ ]?\d)", re.IGNORECASE)
AREA_LABEL = re.compile(r"^[\d\s.,]*(m2|m²|㎡|平方米|平米)?$", re.IGNORECASE)  # `25.3㎡`: a room's area, not its name


@dataclass
class _Source:
    """One closed shape of the drawing, in drawing units."""

    handle: str
    layer: str
    corners: list[Pt]

    @property
    def ref(self) -> str:
        return f"DXF handle {self.handle} (layer {self.layer})"


@dataclass
class _Read:
    """What model space holds, sorted by what it may be."""

    shapes: list[_Source] = field(default_factory=list)
    texts: list[tuple[str, str, Pt, str]] = field(default_factory=list)  # handle, layer, where, words
    inserts: list[tuple[str, str, Pt, str]] = field(default_factory=list)  # handle, layer, where, block name
    door_marks: list[tuple[str, str, Pt]] = field(default_factory=list)  # on the door layer


def read_dxf(
    path: Path, floor: str, languages: list[str], rooms_layer: str | None = None, scale: float | None = None
) -> Drawing:
    """One floor of a DXF drawing, in plan metres; refuses a file that is not DXF or is a block bomb."""
    doc = _open(path)
    _refuse_bombs(doc, path.name)
    drawing = Drawing("DXF")
    found = _collect(doc)
    factor = _scale(doc, found, scale, drawing)
    rooms_on = _rooms_layers(found, rooms_layer, drawing)
    rooms = [s for s in found.shapes if s.layer in rooms_on]
    outline = _outline(found, rooms, drawing)
    left, top = min(x for x, _ in outline), max(y for _, y in outline)

    def plan(p: Pt) -> Pt:
        return ((p[0] - left) * factor, (top - p[1]) * factor)

    label = floor.upper()[:6]
    drawing.levels.append(Level(floor, label, order_of(label) or 0, rounded(map(plan, outline))))
    _rooms(drawing, floor, rooms, plan)
    _name_rooms(drawing, floor, found, plan, languages)
    _doors(drawing, floor, found, plan)
    _symbols(drawing, floor, found, plan, languages)
    return drawing


def _open(path: Path) -> Any:
    """The ezdxf document, or a refusal that says what is wrong with the file."""
    try:
        return ezdxf.readfile(str(path))
    except ezdxf.DXFStructureError as error:
        raise ImportRefused(f"{path.name} is not a readable DXF drawing: {error}") from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ImportRefused(f"{path.name} could not be read as DXF: {error}") from error


def _refuse_bombs(doc: Any, name: str) -> None:
    """Refuse blocks nested too deep, nested in a loop, or that would draw out too many entities."""
    children: dict[str, list[tuple[str, int]]] = {}
    direct: dict[str, int] = {}
    for block in doc.blocks:
        entities = list(block)
        direct[block.name] = len(entities)
        children[block.name] = [
            (e.dxf.name, max(1, e.dxf.get("row_count", 1)) * max(1, e.dxf.get("column_count", 1)))
            for e in entities
            if e.dxftype() == "INSERT"
        ]
    memo: dict[str, tuple[int, int]] = {}

    def weigh(block: str, trail: tuple[str, ...]) -> tuple[int, int]:
        """(depth, entities drawn out) of a block."""
        if block in trail:
            raise ImportRefused(f"{name}: block {block!r} contains itself; refused")
        if len(trail) > MAX_BLOCK_DEPTH:
            raise ImportRefused(f"{name}: blocks nest more than {MAX_BLOCK_DEPTH} deep (a block bomb); refused")
        if block not in memo:
            depth, count = 0, direct.get(block, 0)
            for child, copies in children.get(block, []):
                d, c = weigh(child, (*trail, block))
                depth, count = max(depth, d + 1), count + copies * c
                if count > MAX_EXPANDED:
                    raise ImportRefused(f"{name}: block {block!r} draws out over {MAX_EXPANDED:,} entities; refused")
            memo[block] = (depth, count)
        return memo[block]

    msp = doc.modelspace()
    if len(msp) > MAX_ENTITIES:
        raise ImportRefused(f"{name} has {len(msp):,} entities in model space; refused (over {MAX_ENTITIES:,})")
    total = 0
    for entity in msp.query("INSERT"):
        total += weigh(entity.dxf.name, ())[1]
        if total > MAX_EXPANDED:
            raise ImportRefused(f"{name}: its blocks draw out over {MAX_EXPANDED:,} entities (a block bomb); refused")


def _collect(doc: Any) -> _Read:
    """Closed shapes, texts, block inserts and door-layer marks of model space, plan blocks drawn out."""
    found = _Read()
    _gather(doc.modelspace(), found, 0, "")
    return found


def _gather(entities: Any, found: _Read, depth: int, within: str) -> None:
    """Sort entities into `found`; a block that is no symbol (a whole floor drawn as one block) is drawn out.

    Its entities are named by the insert's handle and their place in it (`2F/12`): they have none of their own.
    """
    for n, entity in enumerate(entities):
        kind, layer = entity.dxftype(), entity.dxf.layer
        handle = entity.dxf.handle or f"{within}/{n}"
        if _on(layer, DOOR_LAYERS) and kind in ("INSERT", "LINE", "ARC", "LWPOLYLINE", "POLYLINE"):
            centre = bbox.extents([entity]).center
            found.door_marks.append((handle, layer, (centre.x, centre.y)))
            continue
        for corners in _closed(entity):
            found.shapes.append(_Source(handle, layer, corners))
        if kind in ("TEXT", "MTEXT"):
            where = entity.dxf.insert
            found.texts.append((handle, layer, (where.x, where.y), entity.plain_text()))
        elif kind == "INSERT":
            name = entity.dxf.name
            if kind_of(name) is None and not DOOR_BLOCK.search(name) and depth < MAX_BLOCK_DEPTH:
                _gather(entity.virtual_entities(), found, depth + 1, handle)  # caps checked by _refuse_bombs
            else:
                where = entity.dxf.insert
                found.inserts.append((handle, layer, (where.x, where.y), name))


def _closed(entity: Any) -> Iterator[list[Pt]]:
    """The corners of a closed polyline, or of a hatch's outer boundary (arcs drawn as short sides)."""
    kind = entity.dxftype()
    corners: list[Pt] = []
    if kind == "LWPOLYLINE":
        corners = ring(entity.get_points("xy"))
        closed = entity.closed or _ends_meet(entity.get_points("xy"))
    elif kind == "POLYLINE" and not entity.is_3d_polyline:
        points = [(p[0], p[1]) for p in entity.points()]
        corners, closed = ring(points), entity.is_closed or _ends_meet(points)
    elif kind == "HATCH":
        paths = list(dxfpath.from_hatch(entity))
        outer = max(paths, key=lambda p: len(list(p.control_vertices())), default=None)
        corners = ring((v.x, v.y) for v in outer.flattening(0.01)) if outer is not None else []
        closed = True
    else:
        return
    if closed and len(corners) >= 3:
        yield corners


def _ends_meet(points: Any) -> bool:
    points = list(points)
    return len(points) > 3 and abs(points[0][0] - points[-1][0]) < 1e-6 and abs(points[0][1] - points[-1][1]) < 1e-6


def _on(layer: str, names: tuple[str, ...]) -> bool:
    """Whether a layer's name has one of these words (`A-ROOM-NAME`, `房间`, `1F_WALL`)."""
    upper = layer.upper()
    return any(name in upper for name in names)


def _scale(doc: Any, found: _Read, scale: float | None, drawing: Drawing) -> float:
    """Metres per drawing unit: `--scale`, else `$INSUNITS`, else a guess from the drawing's size."""
    if scale is not None:
        drawing.note("read", "--scale", f"{scale:g} m per drawing unit, as given")
        return scale
    code = doc.header.get("$INSUNITS", 0)
    if code in UNITS:
        drawing.note("read", "$INSUNITS", f"drawing units are {UNIT_NAMES[code]}")
        return UNITS[code]
    xs = [x for s in found.shapes for x, _ in s.corners]
    wide = (max(xs) - min(xs)) if xs else 0.0
    factor = 0.001 if wide > 1000 else 1.0
    drawing.note(
        "guessed",
        "$INSUNITS",
        f"the drawing says no units; read as {'millimetres' if factor < 1 else 'metres'} from its width "
        f"({wide:,.0f} units): give --scale if that is wrong",
    )
    return factor


def _rooms_layers(found: _Read, chosen: str | None, drawing: Drawing) -> set[str]:
    """The layers whose closed shapes are rooms: `--rooms-layer`, or a guess from the layers' names."""
    layers = {s.layer for s in found.shapes}
    if chosen is not None:
        if chosen not in layers:
            known = ", ".join(sorted(layers)) or "none"
            raise ImportRefused(f"no closed shapes on layer {chosen!r}; layers with closed shapes: {known}")
        return {chosen}
    guessed = {layer for layer in layers if _on(layer, ROOM_LAYERS) and not _on(layer, WALL_LAYERS)}
    if not guessed:
        guessed = {layer for layer in layers if not _on(layer, WALL_LAYERS)}
        if not guessed:
            raise ImportRefused("the drawing has no closed polylines or hatches to read rooms from")
    drawing.note("guessed", "--rooms-layer", f"rooms read from layer(s) {', '.join(sorted(guessed))}")
    return guessed


def _outline(found: _Read, rooms: list[_Source], drawing: Drawing) -> list[Pt]:
    """The floor's outer wall: the largest closed shape on a wall or outline layer, else around the rooms."""
    walls = [s for s in found.shapes if _on(s.layer, WALL_LAYERS)]
    if walls:
        biggest = max(walls, key=lambda s: Polygon(s.corners).area)
        drawing.note("read", biggest.ref, "the floor's outline (the largest closed shape on a wall layer)")
        return biggest.corners
    if not rooms:
        raise ImportRefused("the drawing has no rooms and no outline on a wall or outline layer")
    hull = unary_union([Polygon(s.corners).buffer(0) for s in rooms]).convex_hull
    drawing.note("guessed", "outline", "no wall or outline layer: the floor's outline is drawn around the rooms")
    if not isinstance(hull, Polygon):
        hull = MultiPoint([p for s in rooms for p in s.corners]).envelope
    return ring(hull.exterior.coords)


def _rooms(drawing: Drawing, floor: str, rooms: list[_Source], plan: Any) -> None:
    """Each room shape in plan metres; a hatch that repeats a polyline's room is read once."""
    kept: list[Polygon] = []
    for source in rooms:
        shape = Polygon(source.corners)
        if not shape.is_valid or shape.area <= 0:
            drawing.note("skipped", source.ref, "its sides cross each other, so it is not a room")
            continue
        if any(shape.symmetric_difference(k).area < 0.05 * shape.area for k in kept):
            drawing.note("skipped", source.ref, "the same room as another shape (a hatch over its polyline)")
            continue
        kept.append(shape)
        corners, simplified = fit_corners(rounded(map(plan, source.corners)))
        if simplified:
            drawing.note("check", source.ref, "had over 200 corners (curved walls): drawn with fewer")
        drawing.rooms.append(Room(source.ref, floor, corners, ref=source.handle))


def _name_rooms(drawing: Drawing, floor: str, found: _Read, plan: Any, languages: list[str]) -> None:
    """The text inside a room names it; texts outside every room are facilities or reported."""
    for handle, layer, where, words in found.texts:
        ref = f"DXF handle {handle} (layer {layer})"
        text = " ".join(words.split())
        if not text or AREA_LABEL.fullmatch(text):
            drawing.note("skipped", ref, f"text {text!r} (an area or number, not a name)")
            continue
        room = room_containing(drawing.rooms, floor, plan(where))
        if room is None:
            if kind_of(text) is None:
                drawing.note("check", ref, f"text {text!r} stands in no room: not used")
            else:
                drawing.things.append(Thing(ref, str(kind_of(text)), floor, _round(plan(where))))
            continue
        if room.name and not _adds_language(room.name, words, languages):
            drawing.note("skipped", ref, f"text {text!r}: {room.source} is already named {_first(room.name)!r}")
            continue
        for line in words.splitlines() or [words]:
            if line.strip():
                room.name = {**text_of(line, languages), **room.name}
        drawing.note("read", ref, f"names {room.source}: {_first(room.name)!r}")


def _adds_language(name: dict[str, str], words: str, languages: list[str]) -> bool:
    """Whether a second text in a room gives its name in another language (图书馆 / Library)."""
    return all(lang not in name for line in words.splitlines() if line.strip() for lang in text_of(line, languages))


def _doors(drawing: Drawing, floor: str, found: _Read, plan: Any) -> None:
    """Door blocks and door-layer marks become the door of the room whose wall they stand on."""
    marks = [(h, layer, p) for h, layer, p, name in found.inserts if DOOR_BLOCK.search(name)] + found.door_marks
    for handle, layer, where in marks:
        ref = f"DXF handle {handle} (layer {layer})"
        spot = plan(where)
        room = nearest_room(drawing.rooms, floor, spot)
        if room is None:
            drawing.note("skipped", ref, "a door on no room's wall")
        elif room.door is None:
            exterior = Polygon(room.shape).exterior
            on_wall = exterior.interpolate(exterior.project(Point(spot)))
            room.door = _round((on_wall.x, on_wall.y))
            drawing.note("read", ref, f"the door of {room.source}")
        else:
            drawing.note("skipped", ref, f"a second door of {room.source} (one door per room is kept)")


def _symbols(drawing: Drawing, floor: str, found: _Read, plan: Any, languages: list[str]) -> None:
    """Lift, stairs, escalator and toilet blocks; rooms named like a facility become that facility."""
    for handle, layer, where, name in found.inserts:
        kind = kind_of(name)
        if kind is not None:
            ref = f"DXF handle {handle} (layer {layer}, block {name})"
            drawing.things.append(Thing(ref, kind, floor, _round(plan(where))))
    for room in list(drawing.rooms):
        kind = kind_of(" ".join(room.name.values()))
        if kind is None:
            continue
        drawing.rooms.remove(room)
        inside = [t for t in drawing.things if t.kind == kind and Polygon(room.shape).buffer(0.5).covers(Point(t.at))]
        for thing in inside:
            drawing.things.remove(thing)  # the symbol in the room is the same facility
        drawing.things.append(Thing(room.source, kind, floor, room.door or room.shape[0], room.shape))
        drawing.note("read", room.source, f"a {kind} (named {_first(room.name)!r})")


def _round(p: Pt) -> Pt:
    return (round(p[0], 2) + 0.0, round(p[1], 2) + 0.0)


def _first(name: dict[str, str]) -> str:
    return next(iter(name.values()), "")
