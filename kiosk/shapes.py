"""Floors and rooms of any shape, through shapely: validity in plain words, areas with holes, label spots.

Shapes in floors.yaml are lists of corners (the last joins back to the first). A floor is its
`outline` (or the rectangle of its `size`) minus its `holes` (atria, courtyards, light wells).
shapely does the geometry a hand-written version gets wrong at the edges: self-crossings,
containment with holes, overlaps, and the pole of inaccessibility (`polylabel`) where a name
reads as inside an L-shaped room, which the middle of its bounding box is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import polylabel
from shapely.validation import explain_validity

from kiosk.geometry import Pt, centroid

Corners = Sequence[Pt]
TOLERANCE = 0.3  # m: a corner this close to a wall is on it (hand-measured plans are not exact)


class FloorPlan(Protocol):
    """What a floor's plan gives of its shape (the model's `FloorPlan`; plain geometry stays below the model)."""

    @property
    def holes(self) -> tuple[tuple[Pt, ...], ...]:
        """Atria and courtyards."""
        ...  # pragma: no cover

    def shell(self) -> tuple[Pt, ...]:
        """The outer wall."""
        ...  # pragma: no cover


@lru_cache(maxsize=4096)
def _polygon(corners: tuple[Pt, ...], holes: tuple[tuple[Pt, ...], ...] = ()) -> Polygon:
    return Polygon(corners, holes)


def polygon(corners: Corners, holes: Sequence[Corners] = ()) -> Polygon:
    """The shapely polygon of some corners (cached: plans and checks ask for the same ones)."""
    return _polygon(tuple(map(tuple, corners)), tuple(tuple(map(tuple, h)) for h in holes))


def floor_area(plan: FloorPlan) -> Polygon:
    """The floor people stand on: the outline with its holes cut out."""
    return polygon(plan.shell(), plan.holes)


def problem(corners: Corners) -> str | None:
    """Why a list of corners is not a usable polygon, in words for staff; None when it is fine."""
    distinct = list(dict.fromkeys(map(tuple, corners)))
    if len(distinct) < 3:
        return "it has fewer than three different corners, so it is not closed around any floor"
    shape = polygon(corners)
    if shape.area < 1e-6:
        return "its corners lie on one line, so it is not closed around any floor"
    if shape.is_valid:
        return None
    reason = explain_validity(shape)  # e.g. "Self-intersection[12 5]"
    if reason.startswith("Self-intersection") or reason.startswith("Ring Self-intersection"):
        where = reason[reason.find("[") + 1 : reason.find("]")].split()
        at = f" at [{round(float(where[0]), 1):g}, {round(float(where[1]), 1):g}]" if len(where) == 2 else ""
        return f"its sides cross each other{at}"
    return reason.lower()


def fix_hint() -> str:
    """What to do about a polygon `problem` names."""
    return "list the corners in order around the room (clockwise or not), each once, so no two sides cross"


def inside(outer: Polygon, corners: Corners) -> bool:
    """Whether a shape lies within an area (holes excluded), allowing for hand measurement."""
    return bool(outer.buffer(TOLERANCE).contains(polygon(corners)))


def point_inside(outer: Polygon, p: Pt, slack: float = TOLERANCE) -> bool:
    """Whether a point is on the area, or within `slack` of it."""
    return bool(outer.distance(Point(p)) <= slack)


def in_a_hole(plan: FloorPlan, corners: Corners) -> int | None:
    """The index of the floor's hole a shape overlaps, if any."""
    shape = polygon(corners)
    for index, hole in enumerate(plan.holes):
        if polygon(hole).intersection(shape).area > TOLERANCE * TOLERANCE:
            return index
    return None


def overlap(a: Corners, b: Corners) -> float:
    """The area (m²) two shapes share."""
    return float(polygon(a).intersection(polygon(b)).area)


def wall_distance(corners: Corners, p: Pt) -> float:
    """How far a point is from a shape's wall."""
    return float(polygon(corners).exterior.distance(Point(p)))


def label_point(corners: Corners, holes: Sequence[Corners] = ()) -> Pt:
    """Where a name reads as inside a shape: its pole of inaccessibility (the middle of an L's thick part)."""
    shape = polygon(corners, holes)
    if not shape.is_valid or shape.area < 1e-6:
        return centroid(corners)
    size = max(shape.bounds[2] - shape.bounds[0], shape.bounds[3] - shape.bounds[1])
    spot = polylabel(shape, tolerance=max(size / 100, 0.01))
    return (float(spot.x), float(spot.y))


def clear_line(area: Polygon, p: Pt, q: Pt) -> bool:
    """Whether the straight walk from p to q stays on the area (no wall, hole or pillar between)."""
    return bool(area.buffer(TOLERANCE).covers(LineString([p, q])))


def walkable_region(corners: Corners, plan: FloorPlan, blocked: Sequence[Corners]) -> Polygon:
    """An open area people cross: its shape, minus the floor's holes and what stands in it."""
    region = polygon(corners)
    for hole in plan.holes:
        region = region.difference(polygon(hole))
    for obstacle in blocked:
        region = region.difference(polygon(obstacle))
    return shapely.make_valid(region) if not region.is_valid else region


def waypoints_around(region: Polygon, obstacles: Sequence[Corners], away: float) -> list[Pt]:
    """Corners a walk bends around: each obstacle's, `away` metres out, where they stand on the region."""
    points: list[Pt] = []
    for corners in obstacles:
        obstacle = polygon(corners)
        if not obstacle.intersects(region.buffer(0.01)):
            continue
        for x, y in list(obstacle.buffer(away, join_style="mitre").exterior.coords)[:-1]:
            if region.contains(Point(x, y)):
                points.append((float(x), float(y)))
    return points
