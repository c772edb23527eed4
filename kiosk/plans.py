"""Floor plans as inline SVG, drawn on the server from floors.yaml (no JavaScript needed).

Every coordinate goes through one `Rotation`, so a plan can be turned to the way a kiosk
faces while its words stay upright. Rooms are links to their pages; facilities are icons
(shape, not colour, tells them apart) with a `<title>`; a route is a casing plus a dashed
line with arrowheads, so it reads without colour too.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup

from kiosk.building import Building, FacilityKindDef, Floor, Kiosk, Lang, Space
from kiosk.geometry import Pt, Rotation, centroid, distance, heading
from kiosk.i18n import kind_name, translate
from kiosk.routing import Walk

SCALE = 10  # SVG user units per metre: whole numbers are easier to read in the page source
MARGIN = 3.0  # metres of blank paper around the floor
LABELS_ACROSS = 36  # the plan is as wide as this many label characters: readable at arm's length
ARROW_EVERY = 8.0  # metres between direction arrows on a route


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


@dataclass
class _Canvas:
    """An SVG tree being drawn, with the rotation and text size of this plan."""

    turn: Rotation
    font: float  # user units
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


def plan_svg(building: Building, request: PlanRequest) -> Markup:
    """The plan of one floor as an inline `<svg>` element."""
    floor, lang = request.floor, request.lang
    assert floor.plan is not None
    turn = Rotation(floor.plan.size, request.facing, MARGIN)
    canvas = _Canvas(turn, font=round(turn.width * SCALE / LABELS_ACROSS, 1))
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
    rooms = ", ".join(s.name(lang) for s in spaces) or translate(lang, "plan.no_rooms")
    _el(root, "title", translate(lang, "plan.title", label=floor.label, rooms=rooms), id=title_id)
    width, depth = floor.plan.size
    _el(root, "polygon", class_="plan-floor", points=canvas.points([(0, 0), (width, 0), (width, depth), (0, depth)]))
    if request.background_url:
        matrix = " ".join(f"{v:.4g}" for v in turn.matrix(SCALE))
        _el(
            root,
            "image",
            href=request.background_url,
            x=0,
            y=0,
            width=width,
            height=depth,
            preserveAspectRatio="none",
            transform=f"matrix({matrix})",
            class_="plan-background",
        )
    for corridor in floor.plan.corridors:
        _el(root, "polyline", class_="plan-corridor", points=canvas.points(corridor), stroke_width=3 * SCALE)
    labels = [_draw_room(canvas, space, request) for space in spaces]
    if request.walk is not None:
        _draw_route(canvas, request.walk, ends_here=request.target is not None)
    _draw_facilities(canvas, building, request)  # above the route, so the lift it leads to shows
    # Names above the route so a path never hides them; taps go through them to the room's link.
    layer = _el(root, "g", class_="plan-labels", aria_hidden="true")
    for lines, x, y, font, is_target in labels:
        _text_lines(layer, lines, x, y, font, "plan-room-label" + (" is-target" if is_target else ""))
    if request.here is not None and request.here.floor == floor.id and request.here.at is not None:
        _draw_here(canvas, request.here.at, lang)
    _draw_compass(canvas, request.facing, lang)
    ET.indent(root, space="")
    return Markup(ET.tostring(root, encoding="unicode"))


def _draw_room(canvas: _Canvas, space: Space, request: PlanRequest) -> tuple[list[str], float, float, float, bool]:
    """A room as a link; returns its label (lines, x, y, font size) to draw above everything."""
    assert space.shape is not None
    is_target = space.id == request.target
    name = space.name(request.lang)
    link = _el(
        canvas.root,
        "a",
        href=request.space_url(space),
        class_="plan-room" + (" is-target" if is_target else ""),
        aria_label=name,
    )
    _el(link, "polygon", points=canvas.points(space.shape), class_=f"plan-room-shape cat cat-{space.category}")
    if space.door is not None:
        x, y = canvas.xy(space.door)
        _el(link, "circle", cx=x, cy=y, r=0.7 * SCALE, class_="plan-door")
    corners = [canvas.xy(p) for p in space.shape]
    box_width = max(x for x, _ in corners) - min(x for x, _ in corners)
    box_height = max(y for _, y in corners) - min(y for _, y in corners)
    font = canvas.font * (1.15 if is_target else 1.0)
    lines = wrap(name, box_width * 0.9, font)
    while (len(lines) * font * 1.2 > box_height * 0.9 or _orphan(lines)) and font > canvas.font:
        font *= 0.85
        lines = wrap(name, box_width * 0.9, font)
    _el(link, "title", name)
    cx, cy = canvas.xy(centroid(space.shape))
    return lines, cx, cy, font, is_target


def _text_lines(parent: ET.Element, lines: Sequence[str], x: float, y: float, font: float, cls: str) -> None:
    """Centred lines of text around (x, y)."""
    top = y - (len(lines) - 1) * font * 0.6
    text = _el(
        parent,
        "text",
        x=f"{x:g}",
        y=f"{top:.1f}",
        class_=cls,
        font_size=f"{font:.1f}",
        text_anchor="middle",
        dominant_baseline="central",
    )
    for i, line in enumerate(lines):
        _el(text, "tspan", line, x=f"{x:g}", dy="0" if i == 0 else "1.2em")


def _orphan(lines: Sequence[str]) -> bool:
    """A last line of one character ("展示/馆") reads badly: better a smaller font."""
    return len(lines) > 1 and len(lines[-1]) == 1


def _char_width(char: str) -> float:
    """Rough advance of a character in ems: CJK is square, Latin about half."""
    return 1.0 if ord(char) > 0x2E80 else 0.56


def wrap(text: str, width: float, font: float) -> list[str]:
    """Break a name into lines that fit `width` user units (words kept whole in English)."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current}{joiner}{word}" if current else word
        if current and sum(map(_char_width, candidate)) * font > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _draw_facilities(canvas: _Canvas, building: Building, request: PlanRequest) -> None:
    size = 2.6 * SCALE
    for facility in building.facilities_on(request.floor.id):
        position = facility.position_on(request.floor.id)
        if position is None:
            continue
        x, y = canvas.xy(position)
        kind = building.kind(facility.kind)
        assert kind is not None  # the checks refuse unknown kinds
        marked = facility.id in request.marked or facility.id == request.target
        group = _el(canvas.root, "g", class_=f"plan-facility fac-{kind.id}" + (" is-marked" if marked else ""))
        name = facility.name(request.lang) if facility.name else kind_name(kind, request.lang)
        _el(group, "title", name)
        _el(group, "circle", cx=x, cy=y, r=size * (0.75 if marked else 0.62), class_="plan-facility-disc")
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
    start, end = canvas.xy(walk.points[0]), canvas.xy(walk.points[-1])
    _el(canvas.root, "circle", cx=start[0], cy=start[1], r=0.9 * SCALE, class_="plan-route-start")
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


def _draw_here(canvas: _Canvas, at: Pt, lang: Lang) -> None:
    x, y = canvas.xy(at)
    r = 1.8 * SCALE
    group = _el(canvas.root, "g", class_="plan-here")
    _el(group, "title", translate(lang, "plan.you_are_here"))
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
    label = translate(lang, "plan.you_are_here")
    _text_lines(group, [label], x, y + r * 1.6 + canvas.font * 0.9, canvas.font * 1.05, "plan-here-label")


def _draw_compass(canvas: _Canvas, facing: float, lang: Lang) -> None:
    """A north arrow in the top right corner, turned with the plan."""
    r = 2.0 * SCALE
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
    _el(
        group,
        "text",
        translate(lang, "plan.north"),
        x=f"{-r * 1.3:.1f}",
        y="0",
        text_anchor="end",
        dominant_baseline="central",
        class_="plan-compass-label",
        font_size=f"{canvas.font * 1.1:.1f}",
    )


def legend_kinds(building: Building, floors: Iterable[Floor]) -> list[FacilityKindDef]:
    """The facility kinds drawn on some floors' plans, in vocabulary order, for their legend."""
    present = {f.kind for floor in floors for f in building.facilities_on(floor.id) if f.position_on(floor.id)}
    return [kind for kind in building.kinds if kind.id in present]
