"""The plan editor's edits: a floor as the editor's JSON, and the edited JSON back into floors.yaml's tree.

The editor sends the whole floor it shows (rooms, doors, facilities, kiosks); `apply_plan`
writes only what differs from the file, in the file's own style (`[x, y, w, h]` for a room
that is still an upright rectangle, `[[x, y], ...]` otherwise), so a save that moved one
corner changes one line. Problems `kiosk check` finds are placed back at the room, facility
or kiosk whose lines they stand on, so the editor can show each one on the plan.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kiosk.load.loader import Problem
from kiosk.load.roundtrip import append_entry, flow_map, put, remove, section
from kiosk.model.building import Building, Floor
from kiosk.model.i18n import category_name, kind_name
from kiosk.staff.yamledit import Change

Pt = tuple[float, float]
MAX_CORNERS = 200  # the model's own limit for one shape
MAX_ITEMS = 2000  # rooms, facilities and kiosks one save may send
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
# Warnings a plan edit may not introduce: rooms drawn one over the other are what "nothing invalid" means here.
REFUSED_WARNINGS = re.compile(r"overlap")
LINKED_KINDS = ("lift", "stairs", "escalator")  # one id on several floors joins them for routes
NAMED = re.compile(r"`([a-z0-9][a-z0-9-]*)`")  # the ids `kiosk check` names in a message


class PlanError(ValueError):
    """What the editor sent cannot be read as a plan (in plain words)."""


# --- The floor as the editor sees it ------------------------------------------------------


def _names(text: Any, langs: Sequence[str]) -> dict[str, str]:
    return {lang: text(lang) for lang in langs} if text is not None else {}


def _pts(corners: Sequence[Sequence[float]] | None) -> list[list[float]] | None:
    return [[float(x), float(y)] for x, y in corners] if corners else None


def floor_model(building: Building, floor: Floor) -> dict[str, Any]:
    """Everything the editor draws and edits on one floor, as plain JSON."""
    assert floor.plan is not None
    langs = list(building.languages)
    spaces = building.spaces_on(floor.id)
    return {
        "floor": {
            "id": floor.id,
            "label": floor.label,
            "name": _names(floor.name, langs),
            "size": list(floor.plan.size),
            "shell": _pts(floor.plan.shell()),
            "holes": [_pts(h) for h in floor.plan.holes],
            "corridors": [_pts(c) for c in floor.plan.corridors],
        },
        "languages": langs,
        "rooms": [
            {
                "id": s.id,
                "name": _names(s.name, langs),
                "shape": _pts(s.shape),
                "door": list(s.door) if s.door else None,
                "walkable": s.walkable,
            }
            for s in spaces
        ],
        "facility_rooms": [
            {"id": f.id, "shape": _pts(f.shape_on(floor.id))}
            for f in building.facilities_on(floor.id)
            if f.shape_on(floor.id)
        ],
        "facilities": [
            {"id": f.id, "kind": f.kind, "at": list(f.position_on(floor.id) or ()) or None, "floors": list(f.floors)}
            for f in building.facilities_on(floor.id)
        ],
        "linkable": [  # lifts, stairs, escalators on other floors: the same shaft, placed here too
            {"id": f.id, "kind": f.kind, "floors": list(f.floors)}
            for f in building.facilities
            if f.kind in LINKED_KINDS and floor.id not in f.floors
        ],
        "kinds": [{"id": k.id, "name": {lang: kind_name(k, lang) for lang in langs}} for k in building.kinds],
        "categories": [
            {"id": c.id, "name": {lang: category_name(c, lang) for lang in langs}} for c in building.categories
        ],
        "kiosks": [
            {"id": k.id, "at": list(k.at) if k.at else None, "facing": k.facing}
            for k in building.kiosks
            if k.floor == floor.id
        ],
    }


# --- Reading what the editor sent ---------------------------------------------------------


def _number(value: Any, limit: float = 100000) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PlanError(f"{value!r} is not a number of metres")
    if abs(value) > limit:
        raise PlanError(f"{value} is too far from the plan")
    return round(float(value), 2)


def _point(value: Any) -> Pt:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise PlanError(f"{value!r} is not a point [x, y]")
    return (_number(value[0]), _number(value[1]))


def _corners(value: Any) -> list[Pt]:
    if not isinstance(value, list) or not 3 <= len(value) <= MAX_CORNERS:
        raise PlanError(f"a room needs 3 to {MAX_CORNERS} corners")
    return [_point(p) for p in value]


def _ident(value: Any) -> str:
    if not isinstance(value, str) or not ID.match(value):
        raise PlanError(f"{value!r} is not an id (lowercase letters, digits and dashes)")
    return value


@dataclass(frozen=True)
class NewSpace:
    """A space the editor made: its names (one per language) and category."""

    names: dict[str, str]
    category: str


@dataclass(frozen=True)
class Room:
    """One room the editor sent: the space it is, its corners and its door."""

    id: str
    shape: tuple[Pt, ...] | None
    door: Pt | None
    new: NewSpace | None = None


@dataclass(frozen=True)
class Marker:
    """A facility or kiosk the editor placed."""

    id: str
    at: Pt | None
    kind: str = ""
    facing: float | None = None
    new: bool = False
    link: bool = False  # an existing lift (stairs, escalator) of other floors, now on this floor too


@dataclass(frozen=True)
class PlanEdit:
    """The whole floor as the editor sent it."""

    rooms: tuple[Room, ...]
    facilities: tuple[Marker, ...]
    kiosks: tuple[Marker, ...]


def _new_space(value: Any, langs: Sequence[str]) -> NewSpace | None:
    if not isinstance(value, Mapping):
        return None
    raw = value.get("names") if isinstance(value.get("names"), Mapping) else {}
    assert isinstance(raw, Mapping)
    names = {lang: " ".join(str(raw.get(lang, "")).split())[:200] for lang in langs}
    missing = [lang for lang in langs if not names[lang]]
    if missing:
        raise PlanError(f"the new space needs its name in every language of the building: {', '.join(missing)}")
    return NewSpace(names, _ident(value.get("category")))


def _items(payload: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    found = payload.get(key, [])
    if not isinstance(found, list) or len(found) > MAX_ITEMS or not all(isinstance(x, Mapping) for x in found):
        raise PlanError(f"`{key}` is not a list of entries")
    return found


def read_plan(payload: Any, langs: Sequence[str]) -> PlanEdit:
    """Read the editor's JSON; raises PlanError with what is wrong."""
    if not isinstance(payload, Mapping):
        raise PlanError("the plan is not a JSON object")
    rooms = tuple(
        Room(
            _ident(r.get("id")),
            tuple(_corners(r["shape"])) if r.get("shape") else None,
            _point(r["door"]) if r.get("door") else None,
            _new_space(r.get("new"), langs),
        )
        for r in _items(payload, "rooms")
    )
    facilities = tuple(
        Marker(
            _ident(f.get("id")),
            _point(f["at"]) if f.get("at") else None,
            _ident(f.get("kind")),
            new=bool(f.get("new")),
            link=bool(f.get("link")),
        )
        for f in _items(payload, "facilities")
    )
    kiosks = tuple(
        Marker(_ident(k.get("id")), _point(k["at"]) if k.get("at") else None, facing=_number(k.get("facing", 0)) % 360)
        for k in _items(payload, "kiosks")
    )
    return PlanEdit(rooms, facilities, kiosks)


# --- Writing it into the tree -------------------------------------------------------------


def _n(value: float) -> int | float:
    """A coordinate as the file writes it: 12, not 12.0."""
    return int(value) if float(value).is_integer() else round(value, 2)


def _flow(values: Sequence[Any]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _as_corners(value: Any) -> list[Pt] | None:
    """A shape from the file (rectangle or corners) as corners, to compare with the edited one."""
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        return None
    if len(value) == 4 and all(isinstance(v, int | float) for v in value):
        x, y, w, h = (float(v) for v in value)
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    try:
        return [(float(p[0]), float(p[1])) for p in value]
    except (TypeError, ValueError, IndexError):
        return None


def _same(a: Sequence[Pt] | None, b: Sequence[Pt] | None) -> bool:
    if a is None or b is None:
        return a is b
    return len(a) == len(b) and all(
        abs(p[0] - q[0]) < 1e-6 and abs(p[1] - q[1]) < 1e-6 for p, q in zip(a, b, strict=True)
    )


def shape_value(corners: Sequence[Pt]) -> CommentedSeq:
    """How a room's corners are written: `[x, y, w, h]` while it is an upright rectangle drawn from its top-left."""
    xs, ys = sorted({p[0] for p in corners}), sorted({p[1] for p in corners})
    if len(corners) == 4 and len(xs) == 2 and len(ys) == 2 and tuple(corners[0]) == (xs[0], ys[0]):
        box = {(x, y) for x in xs for y in ys}
        if set(map(tuple, corners)) == box:
            return _flow([_n(xs[0]), _n(ys[0]), _n(xs[1] - xs[0]), _n(ys[1] - ys[0])])
    return _flow([_flow([_n(x), _n(y)]) for x, y in corners])


def _point_value(p: Pt) -> CommentedSeq:
    return _flow([_n(p[0]), _n(p[1])])


def _by_id(seq: CommentedSeq) -> dict[str, CommentedMap]:
    return {str(e.get("id")): e for e in seq if isinstance(e, CommentedMap)}


def _set_room(entry: CommentedMap, room: Room) -> None:
    if room.shape is None:
        remove(entry, "shape")
    elif not _same(_as_corners(entry.get("shape")), room.shape):
        put(entry, "shape", shape_value(room.shape))
    door = entry.get("door")
    old_door = (float(door[0]), float(door[1])) if isinstance(door, Sequence) and len(door) == 2 else None
    if room.door is None:
        remove(entry, "door")
    elif old_door is None or not _same([old_door], [room.door]):
        put(entry, "door", _point_value(room.door))


def _unique(wanted: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", wanted.lower()).strip("-")[:32] or "room"
    if not base[0].isalnum():
        base = "room-" + base
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def _add_space(spaces: CommentedSeq, room: Room, floor: Floor, taken: set[str]) -> str:
    """A new space from the editor: its names, and for description and location what the plan knows."""
    assert room.new is not None
    names = room.new.names
    entry = CommentedMap()
    wanted = names.get("en") or room.id  # an English name reads well in a QR code's address
    entry["id"] = _unique(wanted, taken) if ID.match(_unique(wanted, set())) else _unique(room.id, taken)
    taken.add(entry["id"])
    entry["name"] = flow_map(**names)
    entry["floor"] = floor.id
    entry["category"] = room.new.category
    entry["description"] = flow_map(**names)  # staff write the real one in the space's form later
    entry["location"] = flow_map(**{lang: f"{floor.label} {floor.name(lang)}" for lang in names})
    if room.shape:
        entry["shape"] = shape_value(room.shape)
    if room.door:
        entry["door"] = _point_value(room.door)
    append_entry(spaces, entry)
    return str(entry["id"])


def _apply_rooms(tree: CommentedMap, edit: PlanEdit, floor: Floor) -> None:
    spaces = section(tree, "spaces")
    known = _by_id(spaces)
    sent = {room.id for room in edit.rooms}
    for room in edit.rooms:
        entry = known.get(room.id)
        if entry is not None and entry.get("floor") == floor.id and room.new is None:
            _set_room(entry, room)
        elif room.new is not None:
            sent.add(_add_space(spaces, room, floor, set(known)))
            known = _by_id(spaces)
        else:
            raise PlanError(f"there is no space `{room.id}` on floor {floor.label}")
    for ident, entry in known.items():
        if entry.get("floor") == floor.id and ident not in sent:
            remove(entry, "shape")  # a room deleted in the editor: the space stays (its QR codes still work)
            remove(entry, "door")


def _set_facility_at(entry: CommentedMap, floor_id: str, at: Pt) -> None:
    current = entry.get("at")
    floors = [str(f) for f in entry.get("floors") or []]
    if isinstance(current, CommentedMap):
        old = current.get(floor_id)
        if old is None or not _same([(float(old[0]), float(old[1]))], [at]):
            current[floor_id] = _point_value(at)
        return
    if isinstance(current, Sequence) and len(current) == 2:
        if _same([(float(current[0]), float(current[1]))], [at]):
            return
        if len(floors) > 1:  # one point for every floor: this floor's moves alone, the others keep it
            per_floor = CommentedMap((f, _point_value((float(current[0]), float(current[1])))) for f in floors)
            per_floor[floor_id] = _point_value(at)
            put(entry, "at", per_floor)
            return
    put(entry, "at", _point_value(at))


def _link(entry: CommentedMap, floor_id: str, at: Pt) -> None:
    """Put a lift of other floors on this one too: its floors list grows, and it gets a point here."""
    floors = entry.get("floors")
    if not isinstance(floors, CommentedSeq):
        raise PlanError(f"`{entry.get('id')}` has no list of floors to add {floor_id} to")
    if floor_id not in [str(f) for f in floors]:
        current = entry.get("at")
        if isinstance(current, Sequence) and not isinstance(current, CommentedMap) and len(current) == 2:
            # One point for every floor it served: those floors keep it, this floor gets its own.
            old = (float(current[0]), float(current[1]))
            put(entry, "at", CommentedMap((str(f), _point_value(old)) for f in floors))
        floors.append(floor_id)
    _set_facility_at(entry, floor_id, at)


def _apply_facilities(tree: CommentedMap, edit: PlanEdit, floor: Floor) -> None:
    facilities = section(tree, "facilities")
    known = _by_id(facilities)
    for marker in edit.facilities:
        entry = known.get(marker.id)
        if entry is None and marker.new:
            new = CommentedMap()
            new["id"] = _unique(marker.id, set(known))
            new["kind"] = marker.kind
            new["floors"] = _flow([floor.id])
            new["location"] = flow_map(**{lang: f"{floor.label} {floor.name(lang)}" for lang in floor.name.root})
            if marker.at:
                new["at"] = _point_value(marker.at)
            append_entry(facilities, new)
            known = _by_id(facilities)
        elif entry is not None and marker.link and entry.get("kind") in LINKED_KINDS and marker.at is not None:
            _link(entry, floor.id, marker.at)
        elif entry is None or floor.id not in [str(f) for f in entry.get("floors") or []]:
            raise PlanError(f"there is no facility `{marker.id}` on floor {floor.label}")
        elif marker.at is not None:
            _set_facility_at(entry, floor.id, marker.at)
    sent = {m.id for m in edit.facilities}
    for index in reversed(range(len(facilities))):
        entry = facilities[index]
        floors = [str(f) for f in entry.get("floors") or []] if isinstance(entry, CommentedMap) else []
        if floors == [floor.id] and str(entry.get("id")) not in sent:
            del facilities[index]  # removed in the editor; a lift on other floors too is never removed here


def _apply_kiosks(tree: CommentedMap, edit: PlanEdit, floor: Floor) -> None:
    known = _by_id(section(tree, "kiosks"))
    for marker in edit.kiosks:
        entry = known.get(marker.id)
        if entry is None or entry.get("floor") != floor.id:
            raise PlanError(f"there is no kiosk `{marker.id}` on floor {floor.label}")
        if marker.at is not None:
            old = entry.get("at")
            if not (
                isinstance(old, Sequence) and len(old) == 2 and _same([(float(old[0]), float(old[1]))], [marker.at])
            ):
                put(entry, "at", _point_value(marker.at))
        if marker.facing is not None and abs(_facing_of(entry.get("facing")) - marker.facing) > 0.01:
            put(entry, "facing", _n(marker.facing))


COMPASS = {"N": 0, "NE": 45, "E": 90, "SE": 135, "S": 180, "SW": 225, "W": 270, "NW": 315}


def _facing_of(value: Any) -> float:
    if isinstance(value, str):
        return float(COMPASS.get(value.strip().upper(), 0))
    return float(value or 0)


def apply_plan(floor: Floor, edit: PlanEdit) -> Change:
    """The change that makes the file's floor what the editor shows."""

    def change(tree: CommentedMap) -> tuple[str | int, ...] | None:
        _apply_rooms(tree, edit, floor)
        _apply_facilities(tree, edit, floor)
        _apply_kiosks(tree, edit, floor)
        return None

    return change


def set_background(floor_id: str, relative: str | None) -> Change:
    """Set (or, with None, remove) a floor's `background:` drawing."""

    def change(tree: CommentedMap) -> tuple[str | int, ...] | None:
        for index, entry in enumerate(section(tree, "floors")):
            if isinstance(entry, CommentedMap) and entry.get("id") == floor_id:
                plan = entry.get("plan")
                if not isinstance(plan, CommentedMap):
                    raise PlanError(f"floor {floor_id} has no plan")
                if relative is None:
                    remove(plan, "background")
                else:
                    put(plan, "background", relative)
                return ("floors", index)
        raise PlanError(f"there is no floor {floor_id}")

    return change


# --- Problems, placed on the plan ---------------------------------------------------------


def _entry_lines(tree: CommentedMap) -> Iterator[tuple[int, str, str]]:
    """(first line, section, id) of every entry of the sections the editor draws, and each section's start."""
    for name in tree:
        yield tree.lc.key(name)[0] + 1, str(name), ""
        seq = tree[name]
        if name in ("spaces", "facilities", "kiosks", "floors") and isinstance(seq, CommentedSeq):
            for index, entry in enumerate(seq):
                if isinstance(entry, CommentedMap):
                    yield seq.lc.item(index)[0] + 1, str(name), str(entry.get("id", ""))


def placed_problems(tree: CommentedMap, problems: Sequence[Problem]) -> list[dict[str, Any]]:
    """Each problem with the entry (room, facility, kiosk, floor) whose lines it stands on, in kiosk check's words."""
    lines = sorted(_entry_lines(tree))
    placed = []
    for problem in problems:
        before = [(section_name, ident) for line, section_name, ident in lines if line <= problem.line]
        section_name, ident = before[-1] if before else ("", "")
        placed.append(
            {
                "section": section_name if ident else "",
                "id": ident,
                "line": problem.line,
                "severity": problem.severity,
                "message": problem.message + (f" — {problem.hint}" if problem.hint else ""),
                "also": [name for name in NAMED.findall(problem.message) if name != ident],  # an overlap's other room
                "check": str(problem),
            }
        )
    return placed


def refused_warnings(before: Sequence[Problem], after: Sequence[Problem]) -> list[Problem]:
    """Warnings the edit brought that a plan may not have (rooms drawn over each other), new ones only."""
    had = {p.message for p in before}
    return [p for p in after if p.severity == "warning" and REFUSED_WARNINGS.search(p.message) and p.message not in had]
