"""Plane geometry for floor plans: distances, projections, turns and rotation, in metres.

Plan coordinates have x to the east and y to the south (a drawing read with north up),
so compass headings are measured clockwise from north = (0, -1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

Pt = tuple[float, float]
EPSILON = 1e-9


def distance(a: Pt, b: Pt) -> float:
    """Straight-line distance between two points."""
    return math.hypot(b[0] - a[0], b[1] - a[1])


def polyline_length(points: Sequence[Pt]) -> float:
    """Length of a polyline."""
    return sum(distance(a, b) for a, b in pairwise(points))


def project_on_segment(p: Pt, a: Pt, b: Pt) -> tuple[Pt, float]:
    """The point of segment ab closest to p, and how far along ab it is (0 at a, 1 at b)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 < EPSILON:
        return a, 0.0
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return (a[0] + t * dx, a[1] + t * dy), t


def segment_intersection(a: Pt, b: Pt, c: Pt, d: Pt) -> Pt | None:
    """Where segments ab and cd cross (touching ends included), or None; parallel ones never cross."""
    r = (b[0] - a[0], b[1] - a[1])
    s = (d[0] - c[0], d[1] - c[1])
    denominator = r[0] * s[1] - r[1] * s[0]
    if abs(denominator) < EPSILON:
        return None
    qp = (c[0] - a[0], c[1] - a[1])
    t = (qp[0] * s[1] - qp[1] * s[0]) / denominator
    u = (qp[0] * r[1] - qp[1] * r[0]) / denominator
    slack = 1e-6
    if -slack <= t <= 1 + slack and -slack <= u <= 1 + slack:
        return (a[0] + t * r[0], a[1] + t * r[1])
    return None


def heading(a: Pt, b: Pt) -> float:
    """Compass heading in degrees (0 = north, 90 = east) of walking from a to b."""
    return math.degrees(math.atan2(b[0] - a[0], -(b[1] - a[1]))) % 360.0


def turn_angle(from_heading: float, to_heading: float) -> float:
    """Signed turn in degrees from one heading to another: positive is right, negative is left."""
    return (to_heading - from_heading + 180.0) % 360.0 - 180.0


def side_of(a: Pt, b: Pt, p: Pt) -> float:
    """Positive when p is on the right of a walker going from a to b, negative on the left."""
    # With y pointing south, the usual cross product's sign is flipped: right is positive.
    return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])


def edges_of(polygon: Sequence[Pt]) -> list[tuple[Pt, Pt]]:
    """The sides of a polygon, the last joining back to the first corner."""
    return list(zip(polygon, [*polygon[1:], polygon[0]], strict=True))


def contains(polygon: Sequence[Pt], p: Pt) -> bool:
    """Whether p is inside the polygon (even-odd rule)."""
    inside = False
    for (x1, y1), (x2, y2) in edges_of(polygon):
        if (y1 > p[1]) != (y2 > p[1]):
            x_cross = x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1)
            if p[0] < x_cross:
                inside = not inside
    return inside


def distance_to_outline(polygon: Sequence[Pt], p: Pt) -> float:
    """Distance from p to the nearest edge of the polygon."""
    return min(distance(p, project_on_segment(p, a, b)[0]) for a, b in edges_of(polygon))


def centroid(polygon: Sequence[Pt]) -> Pt:
    """The centre of area of a simple polygon (its vertex average if it has no area)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in edges_of(polygon):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < EPSILON:
        return (sum(x for x, _ in polygon) / len(polygon), sum(y for _, y in polygon) / len(polygon))
    return (cx / (3 * area), cy / (3 * area))


class Rotation:
    """Turns plan coordinates so that compass heading `facing` points up, then shifts them into view."""

    def __init__(self, size: Pt, facing: float, margin: float):
        self.angle = math.radians(-facing)
        self.cos, self.sin = math.cos(self.angle), math.sin(self.angle)
        self.centre = (size[0] / 2, size[1] / 2)
        corners = [self._turn(c) for c in ((0, 0), (size[0], 0), (size[0], size[1]), (0, size[1]))]
        min_x, min_y = min(x for x, _ in corners), min(y for _, y in corners)
        self.offset = (margin - min_x, margin - min_y)
        self.width = max(x for x, _ in corners) - min_x + 2 * margin
        self.height = max(y for _, y in corners) - min_y + 2 * margin

    def _turn(self, p: Pt) -> Pt:
        x, y = p[0] - self.centre[0], p[1] - self.centre[1]
        return (x * self.cos - y * self.sin, x * self.sin + y * self.cos)

    def __call__(self, p: Pt) -> Pt:
        """The on-screen position (metres) of plan point p."""
        x, y = self._turn(p)
        return (x + self.offset[0], y + self.offset[1])

    def matrix(self, scale: float) -> tuple[float, ...]:
        """The same mapping as an SVG `matrix(a b c d e f)`, scaled to user units."""
        e, f = self((0.0, 0.0))
        return (self.cos * scale, self.sin * scale, -self.sin * scale, self.cos * scale, e * scale, f * scale)
