"""Floor plans as inline SVG, drawn on the server from floors.yaml (no JavaScript needed).

Every coordinate goes through one `Rotation`, so a plan can be turned to the way a kiosk
faces while its words stay upright. Rooms are links to their pages; facilities are icons
(shape, not colour, tells them apart) with a `<title>`; a route is a casing plus a dashed
line with arrowheads, so it reads without colour too.
"""

from __future__ import annotations

import math
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup

from kiosk.model.building import Building, Entrance, FacilityKindDef, Floor, Kiosk, Lang, Space
from kiosk.model.geometry import (
    Pt,
    Rotation,
    contains,
    distance,
    distance_to_outline,
    edges_of,
    heading,
    project_on_segment,
)
from kiosk.model.i18n import kind_name, translate
from kiosk.model.shapes import label_point
from kiosk.model.vocabulary import ESCALATOR, LIFT, STAIRS
from kiosk.ways.placement import (
    LINE_STEP,
    PAD,
    Box,
    Obstacles,
    Placed,
    anywhere,
    box_of,
    lines_box,
    place_all,
    text_width,
)
from kiosk.ways.routing import Ride, Route, Walk

SCALE = 10  # SVG user units per metre: whole numbers are easier to read in the page source
MARGIN = 3.0  # metres of blank paper around the floor
LABELS_ACROSS = 36  # the plan is as wide as this many label characters: readable at arm's length
# A plan is shown in a box about this much wider than tall (the kiosk's plan beside or below the words,
# a phone turned either way): a plan taller than that fills the box by its height, so its names are
# sized by its height, or a long floor turned on its side would draw them too small to read.
BOX_ASPECT = 1.5
ARROW_EVERY = 8.0  # metres between direction arrows on a route
SMALLEST_LABEL = 0.8  # a name may shrink to this share of the plan's font before it moves outside
DOOR_RADIUS = 0.7  # metres
ICON = 2.6  # metres across a facility's disc, at normal text size
WALL = 0.6  # metres: the thickness the outline is drawn with
ENTRANCE_WIDTH = 3.0  # metres: the gap in the wall at an entrance
MIN_TARGET = 9.0  # metres: a room smaller than this gets a larger invisible target around it
# CSS px: the smallest a plan name may render (times the large-text factor); no lobby-screen text is smaller
MIN_LABEL_PX = 24
FOCUS_AROUND = 6.0  # metres around the route and destination a framed plan keeps, to recognise the place


@dataclass(frozen=True)
class PlanRequest:
    """What one drawing shows: a floor, turned by `facing`, with optional you-are-here and route."""

    floor: Floor
    lang: Lang
    space_url: Callable[[Space], str]
    sprite: str  # URL of icons.svg
    facing: float = 0.0
    here: Kiosk | None = None
    walk: Walk | None = None
    target: str | None = None  # the space or facility id the route leads to
    marked: tuple[str, ...] = ()  # lifts or stairs the route uses
    background_url: str | None = None
    text_scale: float = 1.0  # large text: names and icons grow by the page's factor
    here_also: Lang | None = None  # a printed board: "you are here" in its second language too
    changes: tuple[FloorChange, ...] = ()  # where the route leaves or reaches this floor, in words


@dataclass(frozen=True)
class FloorChange:
    """A marker on the route line where it takes a lift, stairs or escalator: "Lift to 3F", "From 1F"."""

    at: Pt
    text: str
    leaving: bool  # the route leaves this floor here (else it arrives)


def floor_changes(route: Route, floor_id: str, lang: Lang, label_of: Callable[[str], str]) -> tuple[FloorChange, ...]:
    """The markers of one floor: where each ride of the route leaves it and where one arrives on it."""
    found: list[FloorChange] = []
    parts = route.parts
    for index, part in enumerate(parts):
        if not isinstance(part, Ride):
            continue
        before = next((p for p in reversed(parts[:index]) if isinstance(p, Walk)), None)
        after = next((p for p in parts[index + 1 :] if isinstance(p, Walk)), None)
        if part.from_floor == floor_id and before is not None and before.floor == floor_id and before.points:
            kind = part.kind if part.kind in (LIFT, STAIRS, ESCALATOR) else STAIRS
            text = translate(lang, f"plan.change_{kind}", floor=label_of(part.to_floor))
            found.append(FloorChange(before.points[-1], text, leaving=True))
        if part.to_floor == floor_id and after is not None and after.floor == floor_id and after.points:
            text = translate(lang, "plan.arrive_from", floor=label_of(part.from_floor))
            found.append(FloorChange(after.points[0], text, leaving=False))
    return tuple(found)


@dataclass
class _Canvas:
    """An SVG tree being drawn, with the rotation and text size of this plan."""

    turn: Rotation
    font: float  # user units
    scale: float = 1.0  # the text-size factor, for icons and markers
    root: ET.Element = field(default_factory=lambda: ET.Element("svg"))

    def xy(self, p: Pt) -> tuple[float, float]:
        """Plan metres to SVG user units."""
        x, y = self.turn(p)
        return (round(x * SCALE, 1), round(y * SCALE, 1))

    def points(self, ps: Iterable[Pt]) -> str:
        """An SVG `points` attribute."""
        return " ".join(f"{x:g},{y:g}" for x, y in map(self.xy, ps))


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes: object) -> ET.Element:
    """A child element; attribute names use _ for - (stroke_width → stroke-width)."""
    child = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attributes.items()})
    if text is not None:
        child.text = text
    return child


DRAWN_KEPT = 512  # plans kept per Site: every floor × language × route from a kiosk


class KeptPlans:
    """Plans drawn for one Site, kept: most visitors ask for the same few routes from the kiosk.

    One lives on each `Site`, so a new version of the file starts with none and the old drawings go
    with the old Site; the lock keeps two threads drawing the same plan from corrupting the order.
    """

    def __init__(self, limit: int = DRAWN_KEPT):
        self.limit = limit
        self._drawn: OrderedDict[tuple, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._drawn)

    def get(self, building: Building, request: PlanRequest) -> Markup:
        """`plan_svg` of this request, drawn on first use, then kept (the oldest go past `limit`)."""
        key = _plan_key(building, request)
        with self._lock:
            found = self._drawn.get(key)
        if found is not None:
            return found
        drawn = plan_svg(building, request)
        with self._lock:
            self._drawn[key] = drawn
            while len(self._drawn) > self.limit:
                self._drawn.popitem(last=False)
        return drawn


def _plan_key(building: Building, request: PlanRequest) -> tuple:
    """Everything that changes a drawing (the room links included: they carry the page's parameters)."""
    return (
        request.floor.id,
        request.lang,
        request.sprite,
        request.facing,
        request.here.id if request.here else None,
        request.walk.points if request.walk else None,
        request.target,
        request.marked,
        request.background_url,
        request.text_scale,
        request.here_also,
        request.changes,
        tuple(request.space_url(s) for s in building.spaces_on(request.floor.id)),
    )


def plan_svg(building: Building, request: PlanRequest) -> Markup:
    """The plan of one floor as an inline `<svg>` element."""
    floor, lang = request.floor, request.lang
    assert floor.plan is not None
    turn = Rotation(floor.plan.size, request.facing, MARGIN)
    scale = request.text_scale
    across = max(turn.width, turn.height * BOX_ASPECT)
    canvas = _Canvas(turn, font=round(across * SCALE / LABELS_ACROSS * scale, 1), scale=scale)
    root = canvas.root
    title_id = f"plan-{floor.id}-title" + (f"-{request.walk.floor}-route" if request.walk else "")
    root.attrib.update(
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {turn.width * SCALE:.0f} {turn.height * SCALE:.0f}",
            "class": "plan-svg",
            "role": "group",
            "aria-labelledby": title_id,
            "font-size": f"{canvas.font:g}",
        }
    )
    spaces = [s for s in building.spaces_on(floor.id) if s.shape]
    _mark_focus(canvas, building, request)
    rooms = ", ".join(s.name(lang) for s in spaces) or translate(lang, "plan.no_rooms")
    _el(root, "title", translate(lang, "plan.title", label=floor.label, rooms=rooms), id=title_id)
    width, depth = floor.plan.size
    outline = list(floor.plan.shell())
    rings = [outline, *map(list, floor.plan.holes)]
    # One path for the floor and its holes (atria, courtyards): even-odd leaves the holes unfilled.
    _el(root, "path", class_="plan-floor", d=_rings_path(canvas, rings), fill_rule="evenodd")
    if request.background_url:
        _draw_background(canvas, request.background_url, (width, depth))
    for space in spaces:  # open areas first: rooms and corridors are drawn over them
        if space.walkable:
            _draw_room(canvas, space, request)
    for corridor in floor.plan.corridors:
        _el(root, "polyline", class_="plan-corridor", points=canvas.points(corridor), stroke_width=3 * SCALE)
    for space in spaces:
        if not space.walkable:
            _draw_room(canvas, space, request)
    obstacles = Obstacles(Box(0, 0, turn.width * SCALE, turn.height * SCALE))
    _draw_facility_rooms(canvas, building, request, obstacles)
    for ring in rings:
        _draw_walls(canvas, ring, [e.at for e in floor.plan.entrances] if ring is outline else [])
    obstacles.rooms = [box_of(canvas.xy(p) for p in s.shape) for s in spaces if s.shape and not s.walkable]
    obstacles.rooms += [box_of(canvas.xy(p) for p in hole) for hole in floor.plan.holes]
    for ring in rings:
        for a, b in edges_of(ring):
            obstacles.add_line([canvas.xy(a), canvas.xy(b)], 0.4 * SCALE)
    for space in spaces:
        if space.door is not None:
            obstacles.add_box(_disc(canvas.xy(space.door), DOOR_RADIUS * SCALE))
    if request.walk is not None:
        _draw_route(canvas, request.walk, ends_here=request.target is not None)
        obstacles.add_line([canvas.xy(p) for p in request.walk.points], 0.8 * SCALE)
        if request.target is not None:
            obstacles.add_box(_disc(canvas.xy(request.walk.points[-1]), 1.5 * SCALE))
    # above the route, so the lift it leads to shows
    _draw_facilities(canvas, building, request, obstacles, _keep_clear(canvas, request, obstacles.bounds))
    layer = _el(root, "g", class_="plan-labels", aria_hidden="true")
    here = request.here if request.here is not None and request.here.floor == floor.id else None
    entrances = [_draw_entrance(canvas, e, floor.plan.shell(), lang, obstacles) for e in floor.plan.entrances]
    _draw_compass(canvas, request.facing, lang, obstacles)
    if here is not None and here.at is not None:
        _draw_here(canvas, here.at, (lang, request.here_also or lang), obstacles, layer)
    for change in request.changes:
        _draw_change(canvas, change, obstacles, layer)
    for name, (x, y), spots in entrances:
        _label_entrance(layer, name, (x, y), spots, canvas.font, obstacles)
    keyed = _label_rooms(canvas, layer, spaces, request, obstacles)
    if request.walk is not None:  # a route's plan keys only its destination: the words name the rest
        keyed = [entry for entry in keyed if entry[2]]
    if keyed:
        _draw_key(canvas, layer, sorted(keyed))
    ET.indent(root, space="")
    return Markup(ET.tostring(root, encoding="unicode"))


def _keep_clear(canvas: _Canvas, request: PlanRequest, bounds: Box) -> Obstacles:
    """What an icon may not cover: the route, you-are-here and the route's end."""
    keep_clear = Obstacles(bounds)
    if request.walk is not None:
        keep_clear.add_line([canvas.xy(p) for p in request.walk.points], 0.8 * SCALE)
        keep_clear.add_box(_disc(canvas.xy(request.walk.points[-1]), 1.5 * SCALE))
    here = request.here
    if here is not None and here.floor == request.floor.id and here.at is not None:
        keep_clear.add_box(_disc(canvas.xy(here.at), 1.8 * SCALE * canvas.scale * 1.6 * 1.15))
    return keep_clear


def _mark_focus(canvas: _Canvas, building: Building, request: PlanRequest) -> None:
    """What the kiosk frames when the whole floor would draw its names too small (kiosk.js).

    The route with its start and end, or the destination, with some of the place around them.
    """
    focus = _focus(canvas, building, request)
    if focus is None:
        return
    root = canvas.root
    root.set("data-focus", " ".join(f"{v:.0f}" for v in focus))
    root.set("data-min-px", f"{MIN_LABEL_PX * canvas.scale:g}")
    root.set("data-whole-label", translate(request.lang, "plan.whole_floor"))
    if request.walk is not None:
        root.set("data-start", "{:g} {:g}".format(*canvas.xy(request.walk.points[0])))
        root.set("data-end", "{:g} {:g}".format(*canvas.xy(request.walk.points[-1])))


def _draw_background(canvas: _Canvas, url: str, size: tuple[float, float]) -> None:
    """The building's own drawing under the plan, turned as the plan is."""
    matrix = " ".join(f"{v:.4g}" for v in canvas.turn.matrix(SCALE))
    _el(
        canvas.root,
        "image",
        href=url,
        x=0,
        y=0,
        width=size[0],
        height=size[1],
        preserveAspectRatio="none",
        transform=f"matrix({matrix})",
        class_="plan-background",
    )


def _label_rooms(
    canvas: _Canvas, layer: ET.Element, spaces: list[Space], request: PlanRequest, obstacles: Obstacles
) -> list[tuple[int, str, bool]]:
    """Name every room; return the numbered ones (too small for their name) for the key."""
    lang = request.lang
    # Names above the route so a path never hides them; taps go through them to the room's link.
    # The destination is placed first, then the smallest rooms (they have the fewest choices).
    ordered = sorted(spaces, key=lambda s: (s.id != request.target, _area(s.shape or ())))
    wanted = [
        (s.name(lang), [canvas.xy(p) for p in s.shape or ()], canvas.font * (1.15 if s.id == request.target else 1.0))
        for s in ordered
    ]
    keyed: list[tuple[int, str, bool]] = []
    for space, placed in zip(ordered, place_all(wanted, canvas.font * SMALLEST_LABEL, obstacles), strict=True):
        cls = "plan-room-label" + (" is-target" if space.id == request.target else "")
        if placed.key is not None:
            keyed.append((placed.key, space.name(lang), space.id == request.target))
            cls += " plan-key-mark"
        if placed.leader is not None:
            (x1, y1), (x2, y2) = placed.leader
            _el(layer, "line", x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}", class_="plan-leader")
            _el(layer, "circle", cx=f"{x2:.1f}", cy=f"{y2:.1f}", r=0.4 * SCALE, class_="plan-leader-end")
        _text_lines(layer, placed.lines, placed.x, placed.y, placed.font, cls)
    return keyed


def _focus(canvas: _Canvas, building: Building, request: PlanRequest) -> tuple[float, float, float, float] | None:
    """The part of the plan a visitor needs (user units): route, destination and you-are-here, padded."""
    points = [canvas.xy(p) for p in request.walk.points] if request.walk is not None else []
    target = building.space(request.target) if request.target else None
    if target is not None and target.floor == request.floor.id and target.shape:
        points += [canvas.xy(p) for p in target.shape]
    here = request.here
    if here is not None and here.floor == request.floor.id and here.at is not None:
        points.append(canvas.xy(here.at))
    if not points:
        return None
    box = box_of(points).grown(FOCUS_AROUND * SCALE)
    return (box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0)


def _draw_key(canvas: _Canvas, layer: ET.Element, entries: list[tuple[int, str, bool]]) -> None:
    """Below the floor, the names of the numbered rooms in columns ("3  Counter 3 · Passports")."""
    font = canvas.font
    width = canvas.turn.width * SCALE
    inset = MARGIN * SCALE
    texts = [f"{number}  {name}" for number, name, _ in entries]
    column = max(text_width(t, font) for t in texts) + 2 * font
    columns = max(1, min(len(texts), int((width - 2 * inset) // column)))
    rows = math.ceil(len(texts) / columns)
    column = (width - 2 * inset) / columns
    top = canvas.turn.height * SCALE
    step = font * 1.6
    for index, (number, name, is_target) in enumerate(entries):
        row, col = index % rows, index // rows  # down the first column, then the next
        x = inset + col * column
        y = top + step * (row + 0.5)
        line = _el(layer, "text", x=f"{x:.1f}", y=f"{y:.1f}", font_size=f"{font:.1f}", dominant_baseline="central")
        line.set("class", "plan-key" + (" is-target" if is_target else ""))
        _el(line, "tspan", str(number), class_="plan-key-number")
        _el(line, "tspan", f"\u2002{name}")
    height = top + step * rows + inset
    canvas.root.set("viewBox", f"0 0 {width:.0f} {height:.0f}")


def _area(polygon: Sequence[Pt]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in edges_of(polygon))) / 2 if polygon else 0.0


def _disc(centre: tuple[float, float], radius: float) -> Box:
    return Box(centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)


def _draw_room(canvas: _Canvas, space: Space, request: PlanRequest) -> None:
    """A room (or an open area) as a link to its page, with its door."""
    assert space.shape is not None
    is_target = space.id == request.target
    name = space.name(request.lang)
    link = _el(
        canvas.root,
        "a",
        href=request.space_url(space),
        class_="plan-room" + (" is-area" if space.walkable else "") + (" is-target" if is_target else ""),
        aria_label=name,
    )
    shape_class = "plan-area" if space.walkable else f"plan-room-shape cat cat-{space.category}"
    _el(link, "polygon", points=canvas.points(space.shape), class_=shape_class)
    corners = [canvas.xy(p) for p in space.shape]
    box = box_of(corners)
    least = MIN_TARGET * SCALE  # a small room still gets a finger-sized target around it
    if box.x1 - box.x0 < least or box.y1 - box.y0 < least:
        cx, cy = box.centre
        w, h = max(box.x1 - box.x0, least), max(box.y1 - box.y0, least)
        _el(link, "rect", x=f"{cx - w / 2:.1f}", y=f"{cy - h / 2:.1f}", width=f"{w:.1f}", height=f"{h:.1f}")
        link[-1].set("class", "plan-hit")
    if space.door is not None:
        x, y = canvas.xy(space.door)
        _el(link, "circle", cx=x, cy=y, r=DOOR_RADIUS * SCALE, class_="plan-door")
    _el(link, "title", name)


def _draw_facility_rooms(canvas: _Canvas, building: Building, request: PlanRequest, obstacles: Obstacles) -> None:
    """Toilets, nursing rooms and lift lobbies the file gives a shape to, drawn as rooms."""
    for facility in building.facilities_on(request.floor.id):
        shape = facility.shape_on(request.floor.id)
        if shape is None:
            continue
        is_target = facility.id == request.target
        _el(
            canvas.root,
            "polygon",
            points=canvas.points(shape),
            class_=f"plan-facility-room fac-{facility.kind}" + (" is-target" if is_target else ""),
        )
        door = facility.position_on(request.floor.id)
        if door is not None and distance_to_outline(shape, door) < 1.5:
            x, y = canvas.xy(door)
            _el(canvas.root, "circle", cx=x, cy=y, r=DOOR_RADIUS * SCALE, class_="plan-door")
            obstacles.add_box(_disc((x, y), DOOR_RADIUS * SCALE))


def _draw_walls(canvas: _Canvas, outline: Sequence[Pt], openings: Sequence[Pt]) -> None:
    """The building's outline as walls, with a gap where each entrance is."""
    path: list[str] = []
    for a, b in edges_of(outline):
        length = distance(a, b)
        cuts = sorted(
            project_on_segment(p, a, b)[1] * length
            for p in openings
            if distance(p, project_on_segment(p, a, b)[0]) < 1.0
        )
        start = 0.0
        for cut in [*cuts, None]:
            end = length if cut is None else max(start, cut - ENTRANCE_WIDTH / 2)
            if end - start > 0.05:
                p = (a[0] + (b[0] - a[0]) * start / length, a[1] + (b[1] - a[1]) * start / length)
                q = (a[0] + (b[0] - a[0]) * end / length, a[1] + (b[1] - a[1]) * end / length)
                (x1, y1), (x2, y2) = canvas.xy(p), canvas.xy(q)
                path.append(f"M{x1:g},{y1:g}L{x2:g},{y2:g}")
            if cut is not None:
                start = min(length, cut + ENTRANCE_WIDTH / 2)
    _el(canvas.root, "path", d="".join(path), class_="plan-wall", stroke_width=WALL * SCALE)


def _rings_path(canvas: _Canvas, rings: Sequence[Sequence[Pt]]) -> str:
    """An SVG path of closed rings: the outline, then each hole."""
    parts = []
    for ring in rings:
        corners = [canvas.xy(p) for p in ring]
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in corners) + "Z")
    return "".join(parts)


def _draw_entrance(
    canvas: _Canvas, entrance: Entrance, shell: Sequence[Pt], lang: Lang, obstacles: Obstacles
) -> tuple[str, Pt, list[Pt]]:
    """An arrow pointing into the building at an entrance; returns its name and where the name may go."""
    inward = _inward(entrance.at, shell)
    x, y = canvas.xy(entrance.at)
    tip = canvas.xy((entrance.at[0] + inward[0] * 2.5, entrance.at[1] + inward[1] * 2.5))
    angle = math.degrees(math.atan2(tip[0] - x, -(tip[1] - y)))
    r = (1.6 if entrance.main else 1.2) * SCALE * canvas.scale
    group = _el(canvas.root, "g", class_="plan-entrance" + (" is-main" if entrance.main else ""))
    name = entrance.name(lang) if entrance.name else translate(lang, "plan.entrance")
    _el(group, "title", name)
    _el(
        group,
        "path",
        d=f"M0,{-r:g} L{r:g},{r * 0.6:g} L0,{r * 0.1:g} L{-r:g},{r * 0.6:g} Z",
        transform=f"translate({x:g} {y:g}) rotate({angle:.1f})",
        class_="plan-entrance-arrow",
    )
    obstacles.add_box(_disc((x, y), r * 1.1))
    width = text_width(name, canvas.font)
    away = (x - (tip[0] - x) * 0.9, y - (tip[1] - y) * 0.9)  # outside the wall, opposite the arrow
    spots = [
        (sx, sy)
        for sy in (away[1], y + r * 2.2, y - r * 2.2)
        for sx in (away[0], x + r * 1.5 + width / 2, x - r * 1.5 - width / 2)
    ]
    return name, (x, y), spots


def _label_entrance(layer: ET.Element, name: str, at: Pt, spots: list[Pt], font: float, obstacles: Obstacles) -> None:
    """An entrance's name at the first clear spot beside its arrow (none if there is no room)."""
    del at
    for x, y in spots:
        box = lines_box([name], x, y, font)
        if obstacles.clear(box):
            _text_lines(layer, [name], x, y, font, "plan-entrance-label")
            obstacles.add_box(box)
            return


def _inward(at: Pt, shell: Sequence[Pt]) -> Pt:
    """The direction into the building from a point on (or near) its outline: across its nearest wall."""
    a, b = min(edges_of(shell), key=lambda e: distance(at, project_on_segment(at, *e)[0]))
    length = distance(a, b) or 1.0
    normal = (-(b[1] - a[1]) / length, (b[0] - a[0]) / length)
    probe = (at[0] + normal[0] * 0.5, at[1] + normal[1] * 0.5)
    return normal if contains(shell, probe) else (-normal[0], -normal[1])


def _text_lines(parent: ET.Element, lines: Sequence[str], x: float, y: float, font: float, cls: str) -> None:
    """Centred lines of text around (x, y)."""
    top = y - (len(lines) - 1) * font * 0.6
    text = _el(
        parent,
        "text",
        x=f"{x:.1f}",
        y=f"{top:.1f}",
        class_=cls,
        font_size=f"{font:.1f}",
        text_anchor="middle",
        dominant_baseline="central",
    )
    for i, line in enumerate(lines):
        _el(text, "tspan", line, x=f"{x:.1f}", dy="0" if i == 0 else "1.2em")


def _icon_spot(
    at: tuple[float, float], radius: float, keep_clear: Obstacles, exempt_route: bool, drawn: Obstacles
) -> Pt:
    """Where an icon goes: on its place, or the nearest spot beside it clear of the route and you-are-here.

    A moved icon first looks for a spot off the rooms and clear of what is drawn (doors, walls,
    entrances), so it does not take the place a room's name needs; failing that, any clear spot.
    """
    lines = keep_clear.lines
    if exempt_route:  # the lift or stairs the route leads to stays at its end: drop the route and its end disc
        keep_clear = Obstacles(keep_clear.bounds, keep_clear.boxes[1:] if lines else keep_clear.boxes)
    if keep_clear.clear(_disc(at, radius - PAD)):
        return at
    spots = [
        (at[0] + math.cos(math.pi * step / 8) * radius * reach, at[1] + math.sin(math.pi * step / 8) * radius * reach)
        for reach in (2.2, 3.0, 4.0, 5.5)
        for step in range(16)
    ]
    for spot in spots:
        disc = _disc(spot, radius - PAD)
        if keep_clear.clear(disc) and drawn.clear(disc) and not any(disc.overlaps(r) for r in drawn.rooms):
            return spot
    return next((spot for spot in spots if keep_clear.clear(_disc(spot, radius - PAD))), at)


def _draw_facilities(
    canvas: _Canvas, building: Building, request: PlanRequest, obstacles: Obstacles, keep_clear: Obstacles
) -> None:
    """Each facility as an icon on a disc: at the middle of its room when it has one, else moved aside.

    An icon never covers the route, you-are-here or the destination, nor another icon: it moves
    to the nearest clear spot beside its place, with a leader back to it, as a name does.
    """
    size = ICON * SCALE * canvas.scale
    for facility in building.facilities_on(request.floor.id):
        position = facility.position_on(request.floor.id)
        shape = facility.shape_on(request.floor.id)
        at = label_point(shape) if shape else position
        if at is None:
            continue
        place = canvas.xy(at)
        kind = building.kind(facility.kind)
        assert kind is not None  # the checks refuse unknown kinds
        marked = facility.id in request.marked or facility.id == request.target
        group = _el(canvas.root, "g", class_=f"plan-facility fac-{kind.id}" + (" is-marked" if marked else ""))
        name = facility.name(request.lang) if facility.name else kind_name(kind, request.lang)
        _el(group, "title", name)
        radius = size * (0.75 if marked else 0.62)
        x, y = _icon_spot(place, radius, keep_clear, marked, obstacles)
        if (x, y) != place:
            _el(group, "line", x1=place[0], y1=place[1], x2=f"{x:.1f}", y2=f"{y:.1f}", class_="plan-leader")
            _el(group, "circle", cx=place[0], cy=place[1], r=0.4 * SCALE, class_="plan-leader-end")
        _el(group, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=f"{radius:.1f}", class_="plan-facility-disc")
        obstacles.add_box(_disc((x, y), radius))
        keep_clear.add_box(_disc((x, y), radius))
        icon = size * 0.8
        _el(
            group,
            "use",
            href=f"{request.sprite}#{kind.icon}",
            x=f"{x - icon / 2:g}",
            y=f"{y - icon / 2:g}",
            width=f"{icon:g}",
            height=f"{icon:g}",
        )


def _draw_route(canvas: _Canvas, walk: Walk, ends_here: bool) -> None:
    points = canvas.points(walk.points)
    # The route draws itself from you-are-here: a mask whose stroke grows along the walk (CSS
    # animates it, and leaves it whole when the visitor prefers reduced motion).
    mask_id = f"route-reveal-{walk.floor}"
    # In user units, not %: a framed plan (kiosk.js) moves the viewBox, and % would follow it off the route.
    extent = (canvas.turn.width * SCALE, canvas.turn.height * SCALE)
    mask = _el(
        canvas.root,
        "mask",
        id=mask_id,
        maskUnits="userSpaceOnUse",
        x=0,
        y=0,
        width=f"{extent[0]:.0f}",
        height=f"{extent[1]:.0f}",
    )
    _el(
        mask,
        "polyline",
        class_="plan-route-reveal",
        points=points,
        pathLength=1,
        stroke_width=6 * SCALE,
        fill="none",
        stroke="#fff",
    )
    group = _el(canvas.root, "g", class_="plan-route-group", mask=f"url(#{mask_id})")
    _el(
        canvas.root,
        "circle",
        cx=canvas.xy(walk.points[0])[0],
        cy=canvas.xy(walk.points[0])[1],
        r=0.9 * SCALE,
        class_="plan-route-start",
    )
    _draw_route_lines(_Canvas(canvas.turn, canvas.font, canvas.scale, group), walk, ends_here)


def _draw_route_lines(canvas: _Canvas, walk: Walk, ends_here: bool) -> None:
    """The route itself: a white casing, a dashed red line, chevrons, and the destination ring."""
    points = canvas.points(walk.points)
    _el(canvas.root, "polyline", class_="plan-route-casing", points=points, stroke_width=1.6 * SCALE)
    _el(
        canvas.root,
        "polyline",
        class_="plan-route",
        points=points,
        stroke_width=0.9 * SCALE,
        stroke_dasharray=f"{1.6 * SCALE:g} {0.7 * SCALE:g}",
    )
    for a, b in pairwise(walk.points):
        length = distance(a, b)
        for k in range(1, int(length // ARROW_EVERY) + 1):
            t = k * ARROW_EVERY / length
            if t < 0.95:
                _arrow(canvas, (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t), heading(a, b))
    end = canvas.xy(walk.points[-1])
    if ends_here:  # on earlier floors the walk ends at the lift or stairs, which is marked already
        _el(canvas.root, "circle", cx=end[0], cy=end[1], r=1.5 * SCALE, class_="plan-route-end")
        _el(canvas.root, "circle", cx=end[0], cy=end[1], r=0.6 * SCALE, class_="plan-route-end-dot")


def _arrow(canvas: _Canvas, at: Pt, compass: float) -> None:
    """A chevron on the route pointing the way to walk."""
    x, y = canvas.xy(at)
    angle = compass + math.degrees(canvas.turn.angle)  # turned with the plan
    size = 0.9 * SCALE
    _el(
        canvas.root,
        "path",
        d=f"M{-size:g},{size:g} L0,{-size * 0.4:g} L{size:g},{size:g}",
        class_="plan-route-arrow",
        transform=f"translate({x:g} {y:g}) rotate({angle:.1f})",
    )


def _draw_here(canvas: _Canvas, at: Pt, langs: tuple[Lang, Lang], obstacles: Obstacles, layer: ET.Element) -> None:
    x, y = canvas.xy(at)
    r = 1.8 * SCALE * canvas.scale
    # A printed board is read by visitors of both its languages: the label says it in each, one per line.
    lines = tuple(dict.fromkeys(translate(lang, "plan.you_are_here") for lang in langs))
    group = _el(canvas.root, "g", class_="plan-here")
    _el(group, "title", " / ".join(lines))
    _el(group, "circle", cx=x, cy=y, r=r * 1.6, class_="plan-here-halo")
    _el(group, "circle", cx=x, cy=y, r=r, class_="plan-here-dot")
    # After turning, the kiosk's facing is always up: the arrow says "ahead of you".
    _el(
        group,
        "path",
        d=f"M{x:g},{y - r * 0.75:g} L{x + r * 0.55:g},{y + r * 0.45:g} "
        f"L{x:g},{y + r * 0.15:g} L{x - r * 0.55:g},{y + r * 0.45:g} Z",
        class_="plan-here-arrow",
    )
    obstacles.add_box(_disc((x, y), r * 1.6 * 1.15))  # the halo at the top of its pulse
    font = canvas.font * 1.05
    width = max(text_width(line, font) for line in lines)
    below = font * 0.75 + (len(lines) - 1) * LINE_STEP * font / 2  # half a label's height, and a little
    slant = below - font * 0.25
    reach = r * 1.6 * 1.15 + 2 * PAD + 2  # clear of the halo at its widest
    spots = [
        (x, y + reach + below),
        (x, y - reach - below),
        (x + reach + width / 2, y),
        (x - reach - width / 2, y),
        (x + reach * 0.7 + width / 2, y + reach * 0.7 + slant),
        (x - reach * 0.7 - width / 2, y + reach * 0.7 + slant),
        (x + reach * 0.7 + width / 2, y - reach * 0.7 - slant),
        (x - reach * 0.7 - width / 2, y - reach * 0.7 - slant),
    ]
    chosen = next((Placed(lines, *p, font) for p in spots if obstacles.clear(lines_box(lines, *p, font))), None)
    # Crowded: the nearest clear spot, with a leader; failing that, the first language's words alone.
    halo = _disc((x, y), r * 1.6)
    chosen = (
        chosen
        or anywhere(lines[0], halo, font, obstacles, wrapped=[lines])
        or anywhere(lines[0], halo, font, obstacles)
    )
    chosen = chosen or Placed(lines, *spots[0], font)
    if chosen.leader is not None:
        (x1, y1), (x2, y2) = chosen.leader
        _el(layer, "line", x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}", class_="plan-leader")
    _text_lines(layer, chosen.lines, chosen.x, chosen.y, font, "plan-here-label")
    obstacles.add_box(lines_box(chosen.lines, chosen.x, chosen.y, font))


def _draw_change(canvas: _Canvas, change: FloorChange, obstacles: Obstacles, layer: ET.Element) -> None:
    """Where the route changes floor, in words beside the line, as large as the room names."""
    x, y = canvas.xy(change.at)
    font = canvas.font
    lines = (change.text,)
    width = text_width(change.text, font)
    reach = 1.5 * SCALE * canvas.scale + 2 * PAD + 2  # clear of the lift's icon and the route's end ring
    spots = [
        (x + reach + width / 2, y),
        (x - reach - width / 2, y),
        (x, y - reach - font * 0.75),
        (x, y + reach + font * 0.75),
    ]
    chosen = next((Placed(lines, *p, font) for p in spots if obstacles.clear(lines_box(lines, *p, font))), None)
    chosen = chosen or anywhere(change.text, _disc((x, y), reach), font, obstacles, wrapped=[lines])
    if chosen is None:
        return  # no room anywhere: the steps in words say it, and nothing is drawn over a name
    if chosen.leader is not None:
        (x1, y1), (x2, y2) = chosen.leader
        _el(layer, "line", x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}", class_="plan-leader")
    cls = "plan-change-label" + (" is-leaving" if change.leaving else " is-arriving")
    _text_lines(layer, chosen.lines, chosen.x, chosen.y, font, cls)
    obstacles.add_box(lines_box(chosen.lines, chosen.x, chosen.y, font))


def _draw_compass(canvas: _Canvas, facing: float, lang: Lang, obstacles: Obstacles) -> None:
    """A north arrow in the top right corner, turned with the plan."""
    r = 2.0 * SCALE * canvas.scale
    inset = MARGIN * SCALE + r * 1.4  # the whole disc inside the floor's outline
    x, y = canvas.turn.width * SCALE - inset, inset
    group = _el(canvas.root, "g", class_="plan-compass", transform=f"translate({x:g} {y:g})")
    _el(group, "circle", r=r, class_="plan-compass-disc")
    _el(
        group,
        "path",
        d=f"M0,{-r * 0.85:g} L{r * 0.4:g},{r * 0.3:g} L0,{r * 0.05:g} L{-r * 0.4:g},{r * 0.3:g} Z",
        transform=f"rotate({-facing:g})",
        class_="plan-compass-needle",
    )
    # The label sits beside the disc (the needle shows the way): above it, a large label
    # would run into the floor's outline.
    font = canvas.font * 1.1
    label = translate(lang, "plan.north")
    _el(
        group,
        "text",
        label,
        x=f"{-r * 1.3:.1f}",
        y="0",
        text_anchor="end",
        dominant_baseline="central",
        class_="plan-compass-label",
        font_size=f"{font:.1f}",
    )
    obstacles.add_box(_disc((x, y), r))
    width = text_width(label, font)
    obstacles.add_box(Box(x - r * 1.3 - width, y - font * 0.75, x - r * 1.3, y + font * 0.75))


def legend_kinds(building: Building, floors: Iterable[Floor]) -> list[FacilityKindDef]:
    """The facility kinds drawn on some floors' plans, in vocabulary order, for their legend."""
    present = {
        f.kind
        for floor in floors
        for f in building.facilities_on(floor.id)
        if f.position_on(floor.id) is not None or f.shape_on(floor.id) is not None
    }
    return [kind for kind in building.kinds if kind.id in present]
