"""Merging a drawing into floors.yaml, round-trip: what staff wrote stays, shapes come from the drawing.

A room already in the file (the same name on the same floor, or most of the same floor area) keeps
its id, texts and hours and gets only its new shape (and a door, if its old one is off the new
walls); a new room gets an id made from its name. A room the file has and the drawing lacks is
listed, never deleted: it may have moved, or the drawing may be out of date. Lifts and stairs
found at the same spot on two floors are one facility serving both.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from shapely.geometry import Point, Polygon

from kiosk.interchange.drawing import Drawing, Level, Note, Pt, Room, Thing
from kiosk.interchange.ids import floor_id, id_from, slug, unique
from kiosk.load.loader import Problem, check_content
from kiosk.load.roundtrip import append_entry, dump_tree, flow_map, load_tree, put, section
from kiosk.model.building import BuildingInfo
from kiosk.model.i18n import available_languages
from kiosk.model.vocabulary import DEFAULT_LANGUAGES, VERTICAL_KINDS

SAME_SPOT = 3.0  # m: a lift this close to one on another floor is the same lift
SAME_ROOM = 0.5  # share of the area two shapes have in common to be the same room
DOOR_ON_WALL = 1.0  # m: an old door this close to the new walls is kept
PLACEHOLDER = {
    "description": {"zh": "（待补充）", "en": "(to be described)", "ja": "（記入予定）"},
    "hours": "Mo-Su 08:30-17:00",
}
DEFAULT_CATEGORY = "services"


@dataclass
class Merged:
    """The file before and after, what the checks said of it, and the report's lines."""

    old_text: str
    new_text: str
    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that keep the kiosk from loading the result."""
        return [p for p in self.problems if p.severity == "error"]

    def diff(self, name: str) -> str:
        """The change as a unified diff."""
        lines = difflib.unified_diff(
            self.old_text.splitlines(keepends=True), self.new_text.splitlines(keepends=True), name, name + " (imported)"
        )
        return "".join(lines)


def merge_file(path: Path, drawing: Drawing) -> Merged:
    """Merge `drawing` into the building file at `path` (or a new one) and check the result, writing nothing."""
    old_text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        tree = load_tree(old_text) if old_text.strip() else CommentedMap()
    except Exception as error:  # ruamel's errors, or not a mapping: the file must be fixed first
        raise ValueError(
            f"{path.name} cannot be read ({error}); fix it (`kiosk check` names the line) first"
        ) from error
    merger = _Merger(tree, drawing)
    merger.run()
    new_text = dump_tree(tree)
    _, problems = check_content(new_text.encode("utf-8"), path.name, path.parent)
    return Merged(old_text, new_text, [*drawing.notes, *merger.notes], problems, merger.gone)


# --- values as floors.yaml writes them ---------------------------------------------------------


def _number(value: float) -> float | int:
    """A coordinate as written: `12` for 12.0, `12.35` otherwise."""
    value = round(float(value), 2) + 0.0
    return int(value) if value.is_integer() else value


def flow(values: Sequence[Any]) -> CommentedSeq:
    """A list written on one line: `[12, 3.5]`."""
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def point(p: Pt) -> CommentedSeq:
    """A point as `[x, y]`."""
    return flow([_number(p[0]), _number(p[1])])


def corners(shape: Sequence[Pt]) -> CommentedSeq:
    """A shape as `[[x, y], [x, y], ...]` on one line."""
    return flow([point(p) for p in shape])


def read_shape(value: Any) -> list[Pt] | None:
    """A shape written in the file (`[x, y, w, h]` or corners) as corners, or None."""
    if isinstance(value, list) and len(value) == 4 and all(isinstance(v, int | float) for v in value):
        x, y, w, h = (float(v) for v in value)
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    if isinstance(value, list) and len(value) >= 3 and all(isinstance(p, list) and len(p) == 2 for p in value):
        return [(float(p[0]), float(p[1])) for p in value]
    return None


def read_point(value: Any) -> Pt | None:
    """A point written in the file, or None."""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int | float) for v in value):
        return (float(value[0]), float(value[1]))
    return None


def _same_shape(a: Sequence[Pt], b: Sequence[Pt]) -> bool:
    """Whether two shapes are the same floor area, to the centimetre, however their corners are written."""
    pa, pb = Polygon(a).buffer(0), Polygon(b).buffer(0)
    return bool(pa.symmetric_difference(pb).area < 0.01 * max(pa.length, 1.0))


def _same_room(a: Sequence[Pt], b: Sequence[Pt]) -> bool:
    """Whether two shapes are mostly the same floor area (the room redrawn)."""
    pa, pb = Polygon(a).buffer(0), Polygon(b).buffer(0)
    if pa.area <= 0 or pb.area <= 0:
        return False
    return bool(pa.intersection(pb).area >= SAME_ROOM * max(pa.area, pb.area))


class _Merger:
    """One merge of a drawing into a round-trip tree."""

    def __init__(self, tree: CommentedMap, drawing: Drawing) -> None:
        self.tree = tree
        self.drawing = drawing
        self.notes: list[Note] = []
        self.gone: list[str] = []
        self.floor_ids: dict[str, str] = {}  # the drawing's level id → the file's floor id
        self.taken: set[str] = set()
        self.dropped: set[str] = set()  # languages the drawing names things in that the building lacks
        self.groups: dict[str, CommentedMap] = {}  # a facility the file names on several floors, by its id there

    def note(self, kind: str, source: str, text: str) -> None:
        self.notes.append(Note(kind, source, text))

    @property
    def languages(self) -> list[str]:
        written = self.tree.get("languages")
        return [str(lang) for lang in written] if isinstance(written, list) and written else list(DEFAULT_LANGUAGES)

    def text(self, name: dict[str, str], fallback: dict[str, str] | None = None) -> CommentedMap:
        """A name in the building's languages (others dropped); the fallback if none is left."""
        kept = {lang: words for lang, words in name.items() if lang in self.languages}
        self.dropped |= set(name) - set(kept)
        if not kept and name:
            kept = {self.languages[0]: next(iter(name.values()))}
        return flow_map(**(kept or fallback or {self.languages[0]: "?"}))

    def run(self) -> None:
        self._building()
        for section_name in ("spaces", "facilities", "kiosks", "floors"):
            self.taken |= {str(e.get("id")) for e in self.tree.get(section_name) or [] if isinstance(e, dict)}
        for level in self.drawing.levels:
            self._floor(level)
        self._spaces()
        self._facilities()
        self._kiosks()
        if self.dropped:
            self.note(
                "skipped",
                "languages",
                f"names in {', '.join(sorted(self.dropped))}: the building's languages are {', '.join(self.languages)} "
                "(add them to `languages:` and import again to keep them)",
            )

    def _section(self, name: str) -> CommentedSeq:
        """A list section; a new one is set off from the one above by a blank line, as the file's are."""
        new = name not in self.tree
        seq = section(self.tree, name)
        if new and len(self.tree) > 1:
            self.tree.yaml_set_comment_before_after_key(name, before="\n")
        return seq

    # --- building and floors ---

    def _building(self) -> None:
        """A new file gets the building the drawing names (IMDF's venue); an existing one keeps its own."""
        if isinstance(self.tree.get("building"), CommentedMap):
            return
        drawing = self.drawing
        if not drawing.building_name:
            raise ValueError("no building in the file yet: run `kiosk init` first, then import the drawing")
        if drawing.languages and "languages" not in self.tree:
            usable = [lang for lang in drawing.languages if lang in available_languages()]
            self.tree["languages"] = flow(usable or list(DEFAULT_LANGUAGES))
        self.tree["building"] = building = CommentedMap()
        building["id"] = id_from(drawing.building_name, "building")
        building["name"] = self.text(drawing.building_name)
        building["address"] = self.text(drawing.address, {lang: "?" for lang in self.languages[:1]})
        building["hours"] = drawing.hours or PLACEHOLDER["hours"]
        if drawing.origin is not None and "location" in BuildingInfo.model_fields:
            lon, lat, bearing = drawing.origin  # where the plans sit on the globe: an export lands in the same place
            building["location"] = flow_map(lat=round(lat, 7), lon=round(lon, 7), bearing=_number(bearing))
        if not drawing.hours:
            self.note("guessed", "building", f"no opening hours in the file: set to {PLACEHOLDER['hours']}")
        self.tree.move_to_end("building", last=False)
        self.tree.yaml_set_start_comment(
            f"Made by `kiosk import` from {drawing.kind} ({drawing.source}). Write each space's description and\n"
            "location (they say 'to be described' for now), check the plan with `kiosk serve`, then `kiosk check`."
        )

    def _floor(self, level: Level) -> None:
        floors = self._section("floors")
        entry = next((f for f in floors if str(f.get("id")) == level.id), None)
        entry = entry or next((f for f in floors if str(f.get("label", "")).upper() == level.label.upper()), None)
        if entry is None:
            entry = self._new_floor(floors, level)
        fid = str(entry["id"])
        self.floor_ids[level.id] = fid
        plan = entry.get("plan")
        if not isinstance(plan, CommentedMap):
            plan = CommentedMap()
            put(entry, "plan", plan)
        width = max(x for x, _ in level.outline)
        depth = max(y for _, y in level.outline)
        put(plan, "size", flow([_number(max(width, 1)), _number(max(depth, 1))]))
        put(plan, "outline", corners(level.outline))
        if level.holes:
            put(plan, "holes", CommentedSeq(corners(h) for h in level.holes))
        if level.corridors and not plan.get("corridors"):
            put(plan, "corridors", CommentedSeq(corners(c) for c in level.corridors))
        if plan.get("corridors"):
            # The file has corridors of its own: routes follow them, not an open floor.
            self.drawing.rooms = [r for r in self.drawing.rooms if not (r.floor == level.id and r.ref == "open-area")]
        self.note("read", f"floor {level.label}", f"floor `{fid}`: outline {_size(width, depth)}")

    def _new_floor(self, floors: CommentedSeq, level: Level) -> CommentedMap:
        orders = {int(f.get("order", 0)) for f in floors if isinstance(f.get("order"), int)}
        order = level.order
        while order in orders:
            order += 1
        entry = CommentedMap()
        entry["id"] = unique(floor_id(level.id) if level.id else floor_id(level.label), self.taken)
        entry["order"] = order
        entry["label"] = level.label[:6]
        entry["name"] = self.text(level.name, {lang: level.label for lang in self.languages[:2]})
        append_entry(floors, entry)
        self.note("read", f"floor {level.label}", f"a new floor `{entry['id']}` (order {order})")
        return entry

    # --- spaces ---

    def _spaces(self) -> None:
        spaces = self._section("spaces")
        for level_id, fid in self.floor_ids.items():
            rooms = [r for r in self.drawing.rooms if r.floor == level_id]
            left = [s for s in spaces if isinstance(s, CommentedMap) and str(s.get("floor")) == fid]
            for room in rooms:
                match = self._match(room, left)
                if match is not None:
                    left.remove(match)
                    self._reshape(match, room)
                else:
                    self._new_space(spaces, room, fid)
            for entry in left:
                if entry.get("shape") is not None:
                    self.gone.append(str(entry.get("id")))
                    self.note(
                        "check",
                        f"space `{entry.get('id')}`",
                        "is in the file but not in the drawing: kept as it was (remove it by hand if it is gone)",
                    )

    def _match(self, room: Room, candidates: list[CommentedMap]) -> CommentedMap | None:
        """The entry that is this room: the same name, else most of the same area; open areas match open areas."""
        words = set(room.name.values())
        for entry in candidates:
            name = entry.get("name")
            written = set(map(str, name.values())) if isinstance(name, dict) else set()
            if bool(entry.get("walkable")) == room.walkable and words & written:
                return entry
        for entry in candidates:
            shape = read_shape(entry.get("shape"))
            if shape and bool(entry.get("walkable")) == room.walkable and _same_room(shape, room.shape):
                return entry
        return None

    def _reshape(self, entry: CommentedMap, room: Room) -> None:
        old = read_shape(entry.get("shape"))
        if old is None or not _same_shape(old, room.shape):  # the same room as written ([x, y, w, h]) stays as written
            put(entry, "shape", corners(room.shape))
        door = read_point(entry.get("door"))
        if room.door is not None and (
            door is None or Polygon(room.shape).exterior.distance(Point(door)) > DOOR_ON_WALL
        ):
            put(entry, "door", point(room.door))
        self.note("read", room.source, f"space `{entry.get('id')}`: new shape (id, texts and hours kept)")

    def _new_space(self, spaces: CommentedSeq, room: Room, fid: str) -> None:
        label = self._label(fid)
        entry = CommentedMap()
        entry["id"] = unique(id_from(room.name, f"room-{fid}"), self.taken)
        entry["name"] = self.text(room.name)
        entry["floor"] = fid
        entry["category"] = room.category or DEFAULT_CATEGORY
        placeholder: dict[str, str] = PLACEHOLDER["description"]  # type: ignore[assignment]
        entry["description"] = self.text({k: v for k, v in placeholder.items() if k in self.languages} or placeholder)
        entry["location"] = self.text({"zh": label, "en": label})
        if room.hours:
            entry["hours"] = room.hours
        entry["shape"] = corners(room.shape)
        if room.door is not None:
            entry["door"] = point(room.door)
        if room.walkable:
            entry["walkable"] = True
        append_entry(spaces, entry)
        guessed = "" if room.category else f"; category guessed `{DEFAULT_CATEGORY}`"
        self.note("read", room.source, f"a new space `{entry['id']}`{guessed}; write its description")

    def _label(self, fid: str) -> str:
        floor = next((f for f in self.tree.get("floors") or [] if str(f.get("id")) == fid), None)
        return str(floor.get("label", fid)) if floor is not None else fid

    # --- facilities and kiosks ---

    def _facilities(self) -> None:
        facilities = self._section("facilities")
        for thing in self.drawing.things:
            fid = self.floor_ids.get(thing.floor)
            if fid is None:
                continue
            entry = self.groups.get(thing.group or "") or self._same_facility(facilities, thing, fid)
            if entry is None:
                entry = self._new_facility(facilities, thing, fid)
            else:
                self._place(entry, thing, fid)
            if thing.group:
                self.groups[thing.group] = entry

    def _same_facility(self, facilities: CommentedSeq, thing: Thing, fid: str) -> CommentedMap | None:
        """The facility this is: the same kind at the same spot on this floor, or (lifts, stairs) on another."""
        same_kind = [f for f in facilities if isinstance(f, CommentedMap) and f.get("kind") == thing.kind]
        for entry in same_kind:
            here = _position(entry, fid)
            if here is not None and math.dist(here, thing.at) <= SAME_SPOT:
                return entry
            room = _shape_on(entry, fid)
            if room and thing.shape and _same_room(room, thing.shape):
                return entry  # the same toilet room, its door placed elsewhere
        if thing.kind not in VERTICAL_KINDS:
            return None
        for entry in same_kind:
            if fid in _floors_of(entry):
                continue
            if any(math.dist(p, thing.at) <= SAME_SPOT for p in _positions(entry)):
                return entry
        return None

    def _place(self, entry: CommentedMap, thing: Thing, fid: str) -> None:
        floors = entry.get("floors")
        at = entry.get("at")
        if fid not in _floors_of(entry):
            if isinstance(floors, list):
                floors.append(fid)
            if isinstance(at, list) and len(_floors_of(entry)) > 1:
                before = {f: point(read_point(at) or thing.at) for f in _floors_of(entry) if f != fid}
                put(entry, "at", flow_map(**before, **{fid: point(thing.at)}))
                self.note("read", thing.source, f"`{entry.get('id')}` serves {self._label(fid)} too")
                return
        if isinstance(at, dict):
            at[fid] = point(thing.at)
        else:
            put(entry, "at", point(thing.at))
        old = read_shape(entry.get("shape"))
        own_room = thing.shape and thing.kind not in VERTICAL_KINDS and not isinstance(entry.get("shape"), dict)
        if own_room and thing.shape and (old is None or not _same_shape(old, thing.shape)):
            put(entry, "shape", corners(thing.shape))
        self.note("read", thing.source, f"facility `{entry.get('id')}` on {self._label(fid)}: new position")

    def _new_facility(self, facilities: CommentedSeq, thing: Thing, fid: str) -> CommentedMap:
        label = self._label(fid)
        entry = CommentedMap()
        base = thing.kind if thing.kind in VERTICAL_KINDS else f"{thing.kind}-{slug(fid)}"
        entry["id"] = unique(base, self.taken)
        entry["kind"] = thing.kind
        entry["floors"] = flow([fid])
        entry["location"] = self.text({"zh": label, "en": label})
        if thing.name and thing.kind not in VERTICAL_KINDS:
            entry["name"] = self.text(thing.name)
        entry["at"] = point(thing.at)
        if thing.shape and thing.kind not in VERTICAL_KINDS:
            entry["shape"] = corners(thing.shape)
        append_entry(facilities, entry)
        self.note("read", thing.source, f"a new {thing.kind} `{entry['id']}` on {label}")
        return entry

    def _kiosks(self) -> None:
        if not self.drawing.kiosks:
            return
        kiosks = self._section("kiosks")
        for thing in self.drawing.kiosks:
            fid = self.floor_ids.get(thing.floor)
            if fid is None:
                continue
            entry = next((k for k in kiosks if _same_kiosk(k, thing, fid)), None)
            if entry is not None:
                put(entry, "at", point(thing.at))
                self.note("read", thing.source, f"kiosk `{entry.get('id')}`: new position")
                continue
            entry = CommentedMap()
            entry["id"] = unique(id_from(thing.name, "kiosk"), self.taken)
            entry["name"] = self.text(thing.name, {"zh": "导览屏", "en": "Guide screen"})
            entry["floor"] = fid
            entry["location"] = self.text({"zh": self._label(fid), "en": self._label(fid)})
            entry["at"] = point(thing.at)
            append_entry(kiosks, entry)
            self.note("read", thing.source, f"a new kiosk `{entry['id']}`; set its `facing:` (the way a reader looks)")


def _same_kiosk(entry: CommentedMap, thing: Thing, fid: str) -> bool:
    """Whether a kiosk of the file is this one: on the same floor, by name or standing at the same spot."""
    if str(entry.get("floor")) != fid:
        return False
    name = entry.get("name")
    if isinstance(name, dict) and set(thing.name.values()) & set(map(str, name.values())):
        return True
    at = read_point(entry.get("at"))
    return at is not None and math.dist(at, thing.at) < SAME_SPOT


def _floors_of(entry: CommentedMap) -> list[str]:
    floors = entry.get("floors")
    return [str(f) for f in floors] if isinstance(floors, list) else []


def _position(entry: CommentedMap, fid: str) -> Pt | None:
    """A facility's point on one floor, as the file writes it (one point for all floors, or one per floor)."""
    at = entry.get("at")
    if isinstance(at, dict):
        return read_point(at.get(fid))
    return read_point(at) if fid in _floors_of(entry) else None


def _shape_on(entry: CommentedMap, fid: str) -> list[Pt] | None:
    """A facility's room on one floor, as the file writes it."""
    shape = entry.get("shape")
    if isinstance(shape, dict):
        return read_shape(shape.get(fid))
    return read_shape(shape) if fid in _floors_of(entry) else None


def _positions(entry: CommentedMap) -> Iterator[Pt]:
    at = entry.get("at")
    values = at.values() if isinstance(at, dict) else [at]
    for value in values:
        p = read_point(value)
        if p is not None:
            yield p


def _size(width: float, depth: float) -> str:
    return f"{width:.1f} m by {depth:.1f} m"
