"""Every rule of `kiosk check` that looks beyond one field: one place, one problem type.

The loader validates each entry on its own (pydantic) and then runs every rule registered
here with `@rule` on what validated. A rule yields `Finding`s that name the entry and the
field they are about; `kiosk.load.loader` places each at its file:line:col with one helper. A
rule marked `complete=True` needs a building without errors (geometry, reachability).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk.model import hours
from kiosk.model.building import Building, Floor
from kiosk.model.geometry import Pt, contains, distance_to_outline
from kiosk.model.i18n import available_languages, language_name
from kiosk.model.shapes import fix_hint, floor_area, in_a_hole, inside, overlap, point_inside, polygon, problem
from kiosk.model.vocabulary import STAIRS
from kiosk.ways.backgrounds import MAX_BYTES as MAX_BACKGROUND_BYTES
from kiosk.ways.backgrounds import background_candidate, file_size
from kiosk.ways.routing import DOOR_ON_ROOM, DOOR_REACH, SNAP, Network, Node, build_network, has_geometry, in_open_area

FilePath = tuple[str | int, ...]
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """One thing a rule found: where in the file (a path of keys and indices), what, and the fix."""

    path: FilePath
    message: str
    hint: str = ""
    severity: str = ERROR
    # Another place the finding points at; the hint may say `{other_line}` and is told its line.
    other: FilePath | None = None


@dataclass(frozen=True)
class Draft:
    """What validated of one file, with the file index of every entry kept (bad ones were left out)."""

    building: Building
    origins: Mapping[str, Sequence[int]] = field(default_factory=dict)
    raw_ids: Mapping[str, frozenset[str]] = field(default_factory=dict)
    given: frozenset[str] = frozenset()  # the sections the file writes (others are defaults)
    complete: bool = True  # no entry failed validation
    folder: Path | None = None  # where floors.yaml is: background drawings are looked for beside it

    def indexed(self, section: str) -> Iterator[tuple[int, Any]]:
        """Each entry of a list section with its index in the file."""
        entries = getattr(self.building, section, ())  # a draft may lack a section that failed
        origins = self.origins.get(section, range(len(entries)))
        return zip(origins, entries, strict=False)

    @cached_property
    def network(self) -> Network:
        """The route graph of a complete draft, built once per check and kept by the Site it becomes."""
        return build_network(self.building)

    def built_network(self) -> Network | None:
        """The route graph, if a rule asked for it (else None: nothing is built only to be handed on)."""
        return self.__dict__.get("network")


Rule = Callable[[Draft], Iterable[Finding]]
RULES: list[tuple[Rule, bool]] = []


def rule(complete: bool = False) -> Callable[[Rule], Rule]:
    """Register a rule; `complete=True` rules run only on a building without any error."""

    def register(function: Rule) -> Rule:
        RULES.append((function, complete))
        return function

    return register


def run_checks(draft: Draft) -> list[Finding]:
    """The findings of every registered rule; rules needing a sound building wait for no errors."""
    findings = [f for check, needs_complete in RULES if not needs_complete for f in check(draft)]
    if draft.complete and not any(f.severity == ERROR for f in findings):
        findings += [f for check, needs_complete in RULES if needs_complete for f in check(draft)]
    return findings


# --- ids and references --------------------------------------------------------------------------

ID_SECTIONS = ("floors", "spaces", "facilities", "kiosks", "categories", "facility_kinds")


@rule()
def unique_ids(draft: Draft) -> Iterator[Finding]:
    """No two entries of a section share an id; floors also need their own order and label."""
    for section in ID_SECTIONS:
        yield from _unique(draft, section, "id")
    yield from _unique(draft, "floors", "order")
    yield from _unique(draft, "floors", "label")


def _unique(draft: Draft, section: str, attribute: str) -> Iterator[Finding]:
    if section not in draft.given:
        return
    seen: dict[Any, int] = {}
    for index, entry in draft.indexed(section):
        value = getattr(entry, attribute)
        if value in seen:
            yield Finding(
                (section, index, attribute),
                f"{attribute} `{value}` is used twice in {section}",
                "the first is on line {other_line}; give each its own",
                other=(section, seen[value], attribute),
            )
        else:
            seen[value] = index


@rule()
def facility_ids_apart_from_spaces(draft: Draft) -> Iterator[Finding]:
    """Spaces and facilities share the URL space of search results; keep their ids apart."""
    space_ids = {s.id for s in draft.building.spaces}
    for index, facility in draft.indexed("facilities"):
        if facility.id in space_ids:
            yield Finding(
                ("facilities", index, "id"), f"id `{facility.id}` is also a space's id", "give the facility its own id"
            )


@rule()
def floors_exist(draft: Draft) -> Iterator[Finding]:
    """Every floor a space, kiosk or facility names is in `floors`."""
    floor_ids = {f.id for _, f in draft.indexed("floors")}
    if not floor_ids:
        return
    known = ", ".join(sorted(floor_ids))
    # A floor with its own mistake was left out; don't also blame everything on it.
    floor_ids |= draft.raw_ids.get("floors", frozenset())
    for section in ("spaces", "kiosks"):
        for index, entry in draft.indexed(section):
            if entry.floor not in floor_ids:
                yield Finding(
                    (section, index, "floor"),
                    f"floor `{entry.floor}` of {section[:-1]} `{entry.id}` does not exist",
                    f"use one of the floor ids: {known}",
                )
    for index, facility in draft.indexed("facilities"):
        for n, floor_id in enumerate(facility.floors):
            if floor_id not in floor_ids:
                yield Finding(
                    ("facilities", index, "floors", n),
                    f"floor `{floor_id}` of facility `{facility.id}` does not exist",
                    f"use one of the floor ids: {known}",
                )


# --- the calendar and the status of things --------------------------------------------


def _space_ids(draft: Draft) -> tuple[list[str], frozenset[str]]:
    """The valid space ids (for hints) and every id written, valid entry or not (for lookups)."""
    valid = [s.id for _, s in draft.indexed("spaces")]
    return valid, frozenset(valid) | draft.raw_ids.get("spaces", frozenset())


def _use_one_of(valid: list[str]) -> str:
    return f"use one of the space ids: {', '.join(valid)}" if valid else "add the space under `spaces:` first"


@rule(complete=True)  # a space with its own mistake is not blamed again here
def dated_entries_name_spaces(draft: Draft) -> Iterator[Finding]:
    """Closures, special hours, events and event sources name spaces that exist."""
    valid, written = _space_ids(draft)
    for section in ("events", "event_sources"):
        what = "an event" if section == "events" else "an event source"
        for index, entry in draft.indexed(section):
            if entry.space is not None and entry.space not in written:
                yield Finding(
                    (section, index, "space"), f"space `{entry.space}` of {what} does not exist", _use_one_of(valid)
                )
    for section in ("closures", "special_hours"):
        for index, entry in draft.indexed(section):
            for n, space_id in enumerate(entry.spaces):
                if space_id not in written:
                    yield Finding(
                        (section, index, "spaces", n),
                        f"space `{space_id}` in {section} does not exist",
                        _use_one_of(valid),
                    )


@rule(complete=True)  # a space with its own mistake is not blamed again here
def moved_spaces_lead_somewhere(draft: Draft) -> Iterator[Finding]:
    """A moved space names the space it is in now: one that exists, not itself, and not moved too."""
    valid, written = _space_ids(draft)
    for index, space in draft.indexed("spaces"):
        if space.status is None or space.status.state != "moved":
            continue
        target_id = space.status.to or ""
        target = draft.building.space(target_id)
        path = ("spaces", index, "status", "to")
        if target is None and target_id not in written:
            yield Finding(path, f"space `{space.id}` moved to `{target_id}`, which does not exist", _use_one_of(valid))
        elif target is not None and (
            target.id == space.id or (target.status is not None and target.status.state == "moved")
        ):
            yield Finding(
                path,
                f"space `{space.id}` moves to `{target.id}`, which is not where it is now",
                "name the space it is in now (not itself, and not a space that moved too)",
            )


@rule()
def only_stairs_are_emergency_only(draft: Draft) -> Iterator[Finding]:
    """`emergency_only:` is for stairs; a lift or escalator that does not run is out of service."""
    for index, facility in draft.indexed("facilities"):
        if facility.emergency_only and facility.kind != STAIRS:
            yield Finding(
                ("facilities", index, "emergency_only"),
                f"`{facility.id}` is a {facility.kind}; only stairs can be emergency-only",
                "remove `emergency_only:`, or use `out_of_service:` for a lift or escalator that does not run",
            )


@rule(complete=True)  # a space with its own mistake is not blamed again here
def help_desk_is_a_space(draft: Draft) -> Iterator[Finding]:
    """`settings.help_desk` names a space (visitors with no route are sent there)."""
    desk = draft.building.settings.help_desk
    valid, written = _space_ids(draft)
    if desk is not None and desk not in written:
        yield Finding(("settings", "help_desk"), f"help_desk `{desk}` is not a space", _use_one_of(valid))


# --- the building's vocabulary -------------------------------------------------------------------


@rule()
def languages_have_catalogs(draft: Draft) -> Iterator[Finding]:
    """Each declared language has a UI catalog, and is declared once."""
    available = available_languages()
    seen: set[str] = set()
    for index, lang in enumerate(draft.building.languages):
        if lang in seen:
            yield Finding(("languages", index), f"language `{lang}` is listed twice", "list each language once")
        seen.add(lang)
        if lang not in available:
            yield Finding(
                ("languages", index),
                f"there is no interface catalog for language `{lang}`",
                f"use one of: {', '.join(available)} (or add kiosk/locales/{lang}.toml)",
            )


@rule()
def categories_known(draft: Draft) -> Iterator[Finding]:
    """Every space's category is one the building declares (the shipped five by default)."""
    declared = [c.id for c in draft.building.categories]
    raw = draft.raw_ids.get("categories", frozenset())
    for index, space in draft.indexed("spaces"):
        if draft.building.category(space.category) is None and space.category not in raw:
            yield Finding(
                ("spaces", index, "category"),
                f"space `{space.id}`: unknown category `{space.category}`",
                f"use one of: {', '.join(declared)}",
            )


@rule()
def kinds_known(draft: Draft) -> Iterator[Finding]:
    """Every facility's kind, and every kind a category lists, is shipped or declared."""
    kinds = [k.id for k in draft.building.kinds]
    raw = draft.raw_ids.get("facility_kinds", frozenset())
    hint = f"use one of: {', '.join(kinds)}, or declare it under `facility_kinds:`"
    for index, facility in draft.indexed("facilities"):
        if draft.building.kind(facility.kind) is None and facility.kind not in raw:
            yield Finding(
                ("facilities", index, "kind"),
                f"facility `{facility.id}`: unknown facility kind `{facility.kind}`",
                hint,
            )
    for index, category in draft.indexed("categories"):
        for n, kind in enumerate(category.facility_kinds):
            if draft.building.kind(kind) is None and kind not in raw:
                yield Finding(
                    ("categories", index, "facility_kinds", n),
                    f"category `{category.id}`: unknown facility kind `{kind}`",
                    hint,
                )


@cache
def sprite_icons() -> frozenset[str]:
    """The icon ids drawn in kiosk/static/icons.svg."""
    sprite = resources.files("kiosk").joinpath("static/icons.svg").read_text(encoding="utf-8")
    return frozenset(re.findall(r'<symbol id="([^"]+)"', sprite))


@rule()
def icons_exist(draft: Draft) -> Iterator[Finding]:
    """A category or kind of the building's own draws with an icon the app ships."""
    icons = sprite_icons()
    shipped = ", ".join(sorted(i for i in icons if i.startswith(("cat-", "fac-"))))
    for section in ("categories", "facility_kinds"):
        for index, entry in draft.indexed(section):
            if entry.icon not in icons:
                yield Finding((section, index, "icon"), f"icon `{entry.icon}` does not exist", f"use one of: {shipped}")


def contrast_on_white(colour: str) -> float:
    """WCAG contrast ratio of a #rrggbb colour against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


MIN_CATEGORY_CONTRAST = 4.5  # icons and borders in the category colour sit on white


@rule()
def category_colours_readable(draft: Draft) -> Iterator[Finding]:
    """A category colour must stand out on white (elderly eyes; WCAG 1.4.11)."""
    for index, category in draft.indexed("categories"):
        ratio = contrast_on_white(category.colour)
        if ratio < MIN_CATEGORY_CONTRAST:
            yield Finding(
                ("categories", index, "colour"),
                f"category `{category.id}`: colour {category.colour} is too light on white ({ratio:.1f}:1)",
                f"choose a darker colour (at least {MIN_CATEGORY_CONTRAST}:1, e.g. #3a4a6a)",
            )


@rule(complete=True)
def missing_translations(draft: Draft) -> Iterator[Finding]:
    """Count the texts missing in each language after the first: a warning, shown in English."""
    building = draft.building
    texts = list(building.texts())
    for index, lang in enumerate(building.languages[1:], start=1):
        missing = sum(1 for text in texts if not text.has(lang))
        if missing:
            yield Finding(
                ("languages", index),
                f"{missing} of {len(texts)} texts have no `{lang}` ({language_name(lang)}) version",
                f"they are shown in {_fallback_said(building)}; add `{lang}: ...` to them",
                WARNING,
            )


def _fallback_said(building: Building) -> str:
    return "English" if "en" in building.languages else f"`{building.default_language}`"


# --- what a visitor would notice -----------------------------------------------------------------


@rule(complete=True)
def public_url_set(draft: Draft) -> Iterator[Finding]:
    """Without a public address, QR codes cannot send phones anywhere."""
    if draft.building.building.public_url is None:
        yield Finding(
            ("building",),
            "building.public_url is not set, so phones cannot follow the QR codes",
            "set `public_url:` to the address phones should open",
            WARNING,
        )


@rule(complete=True)
def floors_not_empty(draft: Draft) -> Iterator[Finding]:
    """A floor with nothing on it is probably a mistake."""
    building = draft.building
    for index, floor in draft.indexed("floors"):
        if not building.spaces_on(floor.id) and not building.facilities_on(floor.id):
            yield Finding(
                ("floors", index),
                f"floor {floor.label} has no spaces or facilities",
                "add them, or remove the floor",
                WARNING,
            )


# --- plans and routes ----------------------------------------------------------------------------


def _inside_floor(floor: Floor, point: Pt) -> bool:
    assert floor.plan is not None
    width, depth = floor.plan.size
    if not (-SNAP <= point[0] <= width + SNAP and -SNAP <= point[1] <= depth + SNAP):
        return False
    return point_inside(floor_area(floor.plan), point, SNAP) if floor.plan.outline or floor.plan.holes else True


def _size_text(floor: Floor) -> str:
    assert floor.plan is not None
    if floor.plan.outline or floor.plan.holes:
        return "the floor's `outline:` and out of its `holes:`"
    return "x 0–{:g}, y 0–{:g}".format(*floor.plan.size)


def _shape_off_floor(floor: Floor, shape: Sequence[Pt], open_area: bool = False) -> str | None:
    """Why a room's shape is not on its floor (off the outline, or over a hole), or None.

    An open area may surround a hole (a hall around a light well): it is walked around it.
    """
    assert floor.plan is not None
    if not inside(polygon(floor.plan.shell()) if open_area else floor_area(floor.plan), shape):
        hole = in_a_hole(floor.plan, shape)
        if hole is not None:
            return f"over hole {hole + 1} of floor {floor.label} (an atrium or courtyard: no floor there)"
        return f"not inside floor {floor.label}"
    return None


def _shapes_of(draft: Draft) -> Iterator[tuple[FilePath, str, Sequence[Pt]]]:
    """Every polygon the file gives, with where it is written and what it is."""
    for i, floor in draft.indexed("floors"):
        if floor.plan is not None and floor.plan.outline is not None:
            yield ("floors", i, "plan", "outline"), f"the outline of floor {floor.label}", floor.plan.outline
        for h, hole in enumerate(floor.plan.holes if floor.plan else ()):
            yield ("floors", i, "plan", "holes", h), f"hole {h + 1} of floor {floor.label}", hole
    for i, space in draft.indexed("spaces"):
        if space.shape:
            yield ("spaces", i, "shape"), f"the shape of `{space.id}`", space.shape
    for i, facility in draft.indexed("facilities"):
        shapes = facility.shape if isinstance(facility.shape, dict) else {"": facility.shape}
        for floor_id, shape in shapes.items():
            if shape:
                path: FilePath = ("facilities", i, "shape", floor_id) if floor_id else ("facilities", i, "shape")
                yield path, f"the shape of `{facility.id}`", shape


@rule()
def polygons_are_closed_and_simple(draft: Draft) -> Iterator[Finding]:
    """Every outline, hole and room shape encloses an area, and no two of its sides cross."""
    for path, what, shape in _shapes_of(draft):
        wrong = problem(shape)
        if wrong is not None:
            yield Finding(path, f"{what} cannot be drawn: {wrong}", fix_hint())


@rule(complete=True)
def holes_inside_outlines(draft: Draft) -> Iterator[Finding]:
    """A floor's holes lie within its outline, and its outline within its size."""
    for i, floor in draft.indexed("floors"):
        if floor.plan is None:
            continue
        width, depth = floor.plan.size
        rectangle = ((0.0, 0.0), (width, 0.0), (width, depth), (0.0, depth))
        if floor.plan.outline and not inside(polygon(rectangle), floor.plan.outline):
            yield Finding(
                ("floors", i, "plan", "outline"),
                f"the outline of floor {floor.label} goes beyond its size",
                f"keep every corner within x 0–{width:g}, y 0–{depth:g}, or make `size:` larger",
            )
        for h, hole in enumerate(floor.plan.holes):
            if not inside(polygon(floor.plan.shell()), hole):
                yield Finding(
                    ("floors", i, "plan", "holes", h),
                    f"hole {h + 1} of floor {floor.label} is not inside its outline",
                    "draw the hole (an atrium, a courtyard) within the floor's outline",
                )


ROOMS_OVERLAP = 0.5  # m²: rooms sharing more floor than this are drawn one over the other


@rule(complete=True)
def rooms_do_not_overlap(draft: Draft) -> Iterator[Finding]:
    """No two rooms (spaces and facilities' rooms) on a floor cover the same floor; open areas may."""
    rooms: dict[str, list[tuple[FilePath, str, Sequence[Pt]]]] = {}
    for i, space in draft.indexed("spaces"):
        if space.shape and not space.walkable:
            rooms.setdefault(space.floor, []).append((("spaces", i, "shape"), f"`{space.id}`", space.shape))
    for i, facility in draft.indexed("facilities"):
        for floor_id in facility.floors:
            shape = facility.shape_on(floor_id)
            if shape:
                where: FilePath = ("facilities", i, "shape") + ((floor_id,) if isinstance(facility.shape, dict) else ())
                rooms.setdefault(floor_id, []).append((where, f"`{facility.id}`", shape))
    for floor_id, entries in rooms.items():
        floor = draft.building.floor(floor_id)
        label = floor.label if floor else floor_id
        for n, (path, name, shape) in enumerate(entries):
            for other_path, other_name, other in entries[:n]:
                shared = overlap(shape, other)
                if shared > ROOMS_OVERLAP:
                    yield Finding(
                        path,
                        f"{name} and {other_name} on {label} overlap by {shared:.1f} m²",
                        "move a wall so the two rooms only touch (the other is at line {other_line})",
                        WARNING,  # drawn one over the other, but nothing breaks: a room moved floors keeps serving
                        other=other_path,
                    )


@rule(complete=True)
def corridors_inside_floors(draft: Draft) -> Iterator[Finding]:
    """Corridors stay within their floor, and a floor with a plan has corridors."""
    for i, floor in draft.indexed("floors"):
        if floor.plan is None:
            continue
        for c, corridor in enumerate(floor.plan.corridors):
            if not all(_inside_floor(floor, p) for p in corridor):
                yield Finding(
                    ("floors", i, "plan", "corridors", c),
                    f"a corridor of {floor.label} leaves the floor",
                    f"keep every point within {_size_text(floor)}",
                )
        # An open floor (an imported drawing's floor minus its rooms, a lobby) is walked across instead.
        open_floor = any(s.walkable and s.shape for s in draft.building.spaces_on(floor.id))
        if not floor.plan.corridors and not open_floor:
            yield Finding(
                ("floors", i, "plan"),
                f"floor {floor.label} has a plan but no corridors",
                "add `corridors:` as lines of [x, y] points people walk along, or a `walkable: true` open area",
            )


@rule(complete=True)
def rooms_inside_floors(draft: Draft) -> Iterator[Finding]:
    """A space's shape and door sit on its floor's plan, the door on the room's edge."""
    if not has_geometry(draft.building):
        return
    for i, space in draft.indexed("spaces"):
        floor = draft.building.floor(space.floor)
        if floor is None or floor.plan is None:
            if space.shape or space.door:
                yield Finding(
                    ("spaces", i, "shape" if space.shape else "door"),
                    f"space `{space.id}` has geometry but floor `{space.floor}` has no plan",
                    "add `plan:` with `size:` and `corridors:` to that floor",
                )
            continue
        off = _shape_off_floor(floor, space.shape, space.walkable) if space.shape else None
        if off is not None:
            yield Finding(
                ("spaces", i, "shape"),
                f"the shape of `{space.id}` is {off}",
                f"keep every corner within {_size_text(floor)}",
            )
        if space.door is None:
            yield Finding(
                ("spaces", i),
                f"space `{space.id}` has no door, so no route can lead to it",
                "add `door: [x, y]` where its door meets the corridor",
                WARNING,
            )
            continue
        if not _inside_floor(floor, space.door):
            yield Finding(
                ("spaces", i, "door"),
                f"the door of `{space.id}` is not on floor {floor.label}",
                f"keep it within {_size_text(floor)}",
            )
        elif space.shape and distance_to_outline(space.shape, space.door) > DOOR_ON_ROOM:
            yield Finding(
                ("spaces", i, "door"),
                f"the door of `{space.id}` is not on the edge of its room",
                "put the door on the room's outline",
                WARNING,
            )
        if not space.shape:
            yield Finding(
                ("spaces", i),
                f"space `{space.id}` has no shape, so the plan cannot draw it",
                "add `shape: [x, y, width, height]`",
                WARNING,
            )


@rule(complete=True)
def facility_positions_on_their_floors(draft: Draft) -> Iterator[Finding]:
    """A per-floor position (`at: {2f: [x, y]}`) names only floors the facility serves."""
    for i, facility in draft.indexed("facilities"):
        if isinstance(facility.at, dict):
            for floor_id in facility.at:
                if floor_id not in facility.floors:
                    yield Finding(
                        ("facilities", i, "at", floor_id),
                        f"`{facility.id}` has a position on `{floor_id}`, which is not in its floors",
                        "add the floor to `floors:` or remove the position",
                    )


ENTRANCE_ON_WALL = 1.0  # m: an entrance farther than this from the outline is not in the wall
FACILITY_DOOR_ON_ROOM = 1.5  # m: a facility's `at` this close to its room's outline is its door


@rule(complete=True)
def entrances_on_the_outline(draft: Draft) -> Iterator[Finding]:
    """An entrance is a gap in the floor's outer wall: on the floor, and on its edge."""
    for i, floor in draft.indexed("floors"):
        if floor.plan is None:
            continue
        width, depth = floor.plan.size
        outline = floor.plan.shell()
        for e, entrance in enumerate(floor.plan.entrances):
            where = ("floors", i, "plan", "entrances", e, "at")
            if not _inside_floor(floor, entrance.at):
                yield Finding(
                    where,
                    f"an entrance of {floor.label} is not on the floor",
                    f"put it on the outline, within {_size_text(floor)}",
                )
            elif distance_to_outline(outline, entrance.at) > ENTRANCE_ON_WALL:
                yield Finding(
                    where,
                    f"an entrance of {floor.label} is inside the floor, not in its outer wall",
                    f"put it on the outline: x 0 or {width:g}, or y 0 or {depth:g}"
                    if floor.plan.outline is None
                    else "put it on a side of the floor's `outline:`",
                    WARNING,
                )


@rule(complete=True)
def walkable_spaces_have_shapes(draft: Draft) -> Iterator[Finding]:
    """`walkable: true` needs the area's shape: routes cross exactly that area."""
    for i, space in draft.indexed("spaces"):
        if space.walkable and not space.shape:
            yield Finding(
                ("spaces", i, "walkable"),
                f"`{space.id}` is walkable but has no shape, so routes cannot cross it",
                "add `shape: [x, y, width, height]` for the open area",
                WARNING,
            )


@rule(complete=True)
def facility_rooms_on_their_floors(draft: Draft) -> Iterator[Finding]:
    """A facility's `shape` is on a floor it serves, inside that floor, with its `at` at its edge."""
    building = draft.building
    for i, facility in draft.indexed("facilities"):
        if facility.shape is None:
            continue
        per_floor = isinstance(facility.shape, dict)
        for floor_id in facility.shape if isinstance(facility.shape, dict) else facility.floors:
            where: FilePath = ("facilities", i, "shape", floor_id) if per_floor else ("facilities", i, "shape")
            floor = building.floor(floor_id)
            if floor_id not in facility.floors or floor is None:
                yield Finding(
                    where,
                    f"`{facility.id}` has a shape on `{floor_id}`, which is not in its floors",
                    "add the floor to `floors:` or remove the shape",
                )
                continue
            shape = facility.shape_on(floor_id)
            if floor.plan is None or shape is None:
                continue
            off = _shape_off_floor(floor, shape)
            if off is not None:
                yield Finding(
                    where,
                    f"the shape of `{facility.id}` is {off}",
                    f"keep every corner within {_size_text(floor)}",
                )
                continue
            door = facility.position_on(floor_id)
            if door is None:
                yield Finding(
                    where,
                    f"`{facility.id}` has a room on {floor.label} but no `at`, so no route can lead to it",
                    "add `at: [x, y]` at its door",
                    WARNING,
                )
            elif distance_to_outline(shape, door) > FACILITY_DOOR_ON_ROOM and not contains(shape, door):
                yield Finding(
                    ("facilities", i, "at", floor_id) if isinstance(facility.at, dict) else ("facilities", i, "at"),
                    f"the door of `{facility.id}` on {floor.label} is away from its room",
                    "put `at` on the room's outline, where its door is",
                    WARNING,
                )


@rule(complete=True)
def points_join_corridors(draft: Draft) -> Iterator[Finding]:
    """Doors, facilities and kiosks are close enough to a corridor to be walked to."""
    building = draft.building
    if not has_geometry(building):
        return
    for attachment in draft.network.attachments:
        node = attachment.node
        if node.kind == "entrance":
            continue  # on the outline by rule (checked with the outline); visitors walk in from there
        floor = building.floor(node.floor)
        assert floor is not None
        if attachment.reach <= DOOR_REACH or in_open_area(building, node.floor, node.at):
            if node.kind == "facility" and not _inside_floor(floor, node.at):
                yield Finding(
                    _path_of(draft, node),
                    f"`{node.ref}` is not on floor {floor.label}",
                    "keep its point within the floor's size",
                )
            continue
        what = {"door": "the door of", "facility": "", "kiosk": "kiosk"}[node.kind]
        far = "no corridor" if math.isinf(attachment.reach) else f"{attachment.reach:.1f} m from the nearest corridor"
        yield Finding(
            _path_of(draft, node),
            f"{what} `{node.ref}` on {floor.label} is {far}".replace("  ", " ").strip(),
            f"move it to within {DOOR_REACH:g} m of a corridor, or draw a corridor to it",
        )


def _path_of(draft: Draft, node: Node) -> FilePath:
    """Where in floors.yaml the point of a node is written."""
    section, key = {"door": ("spaces", "door"), "kiosk": ("kiosks", "at")}.get(node.kind, ("facilities", "at"))
    index, entry = next((i, e) for i, e in draft.indexed(section) if e.id == node.ref)
    if section == "facilities" and isinstance(entry.at, dict):
        return (section, index, key, node.floor)
    return (section, index, key)


@rule(complete=True)
def spaces_reachable(draft: Draft) -> Iterator[Finding]:
    """Every space can be walked to from every kiosk; a warning when only by stairs."""
    building = draft.building
    if not has_geometry(building):
        return
    network = draft.network
    for k, kiosk in draft.indexed("kiosks"):
        floor = building.floor(kiosk.floor)
        if floor is None or floor.plan is None:
            continue
        source = network.node_of("kiosk", kiosk.id, kiosk.floor)
        if source is None:
            yield Finding(
                ("kiosks", k),
                f"kiosk `{kiosk.id}` has no position, so it cannot show routes",
                "add `at: [x, y]` and `facing: N` (the way a reader looks)",
                WARNING,
            )
            continue
        for i, space in draft.indexed("spaces"):
            target = network.node_of("door", space.id, space.floor)
            if target is None:
                continue
            if math.isinf(network.cost(source, target, step_free=False)):
                yield Finding(
                    ("spaces", i, "door"),
                    f"`{space.id}` cannot be reached from kiosk `{kiosk.id}`",
                    "join its corridor to the others, or check that a lift or stairs serves its floor with `at:`",
                )
            elif math.isinf(network.cost(source, target, step_free=True)):
                yield Finding(
                    ("spaces", i, "door"),
                    f"`{space.id}` cannot be reached step-free from kiosk `{kiosk.id}` (stairs only)",
                    "if a lift serves that floor, give the lift a position there with `at:`",
                    WARNING,
                )


@rule(complete=True)
def backgrounds_usable(draft: Draft) -> Iterator[Finding]:
    """Every background drawing is an image beside floors.yaml, there, and small enough for a phone."""
    if draft.folder is None:
        return
    for index, floor in draft.indexed("floors"):
        if floor.plan is None or not floor.plan.background:
            continue
        where = ("floors", index, "plan", "background")
        name = floor.plan.background
        candidate = background_candidate(draft.folder, floor)
        if candidate is None:
            yield Finding(
                where,
                f"floor {floor.label}: the background `{name}` is not an image beside floors.yaml",
                "use a .png, .jpg or .webp file in the folder of floors.yaml (or a folder inside it)",
                WARNING,
            )
            continue
        size = file_size(candidate)
        if size is None:
            yield Finding(
                where,
                f"floor {floor.label}: the background `{name}` is not there, so the plan is drawn without it",
                "put the file beside floors.yaml, or remove `background:`",
                WARNING,
            )
        elif size > MAX_BACKGROUND_BYTES:
            yield Finding(
                where,
                f"floor {floor.label}: the background `{name}` is {size / 1e6:.1f} MB, more than the "
                f"{MAX_BACKGROUND_BYTES // (1024 * 1024)} MB a phone should download",
                "export it smaller, e.g. 2000 pixels wide, or as .webp",
            )


CLOSED_DAYS_AHEAD = 400  # days `kiosk check` looks ahead for a space open while its building is shut
CLOSED_DAYS_SHOWN = 3


def _building_closed_days(building: Building, today: dt.date) -> list[dt.date]:
    """The days ahead on which the building's own hours rule has it closed all day (holidays aside)."""
    rule, zone = building.building.hours, building.building.timezone
    days = (today + dt.timedelta(days=n) for n in range(CLOSED_DAYS_AHEAD))
    return [day for day in days if not hours.opens_on_the_date(rule, day, zone)]


@rule(complete=True)
def spaces_shut_with_their_building(draft: Draft) -> Iterator[Finding]:
    """A space's own hours should not say open on a day the building's hours rule says it is closed."""
    building = draft.building
    zone = building.building.timezone
    today = dt.datetime.now(zoneinfo.ZoneInfo(zone)).date()
    closed: list[dt.date] | None = None
    clashes: dict[str, list[dt.date]] = {}
    for index, space in draft.indexed("spaces"):
        if space.hours is None or space.open_during_closures:
            continue
        if closed is None:
            closed = _building_closed_days(building, today)  # only once a space has hours of its own
        if space.hours not in clashes:  # forty counters share a handful of rules
            clashes[space.hours] = [day for day in closed if hours.opens_on_the_date(space.hours, day, zone)]
        clash = clashes[space.hours]
        if clash:
            shown = ", ".join(day.isoformat() for day in clash[:CLOSED_DAYS_SHOWN])
            more = f" and {len(clash) - CLOSED_DAYS_SHOWN} more" if len(clash) > CLOSED_DAYS_SHOWN else ""
            yield Finding(
                ("spaces", index, "hours"),
                f"space `{space.id}` says it is open on {len(clash)} day(s) the building is closed: {shown}{more}",
                "visitors may find the building shut then; add the building's "
                "closed days to its hours (e.g. `PH off`), or `open_during_closures: true` if it has its own door",
                WARNING,
            )
