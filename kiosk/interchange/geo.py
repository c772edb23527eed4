"""Plan metres to the Earth and back: the building's `location` anchors the plans' north-west corner.

Plans are metres with x to the right and y DOWN the drawing; `bearing` is the compass direction of
the drawing's up, clockwise from north. A building is small (under a few hundred metres), so a local
tangent plane is exact to millimetres: no projection library is needed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

# WGS-84 ellipsoid: metres per degree of latitude and of longitude at a latitude (the usual series).
_A, _E2 = 6_378_137.0, 6.694379990141e-3


def metres_per_degree(lat: float) -> tuple[float, float]:
    """How many metres one degree of latitude and one of longitude span at `lat`."""
    phi = math.radians(lat)
    w = 1 - _E2 * math.sin(phi) ** 2
    north = math.pi / 180 * _A * (1 - _E2) / w**1.5
    east = math.pi / 180 * _A * math.cos(phi) / math.sqrt(w)
    return north, east


@dataclass(frozen=True)
class PlanFrame:
    """The plans' origin on the Earth and the bearing of their up, as floors.yaml's `location` gives."""

    lat: float
    lon: float
    bearing: float = 0.0

    def to_world(self, x: float, y: float) -> tuple[float, float]:
        """(lon, lat) in WGS-84 degrees of the plan point (x, y) in metres."""
        right, up = x, -y
        b = math.radians(self.bearing)
        east = right * math.cos(b) + up * math.sin(b)
        north = -right * math.sin(b) + up * math.cos(b)
        per_north, per_east = metres_per_degree(self.lat)
        return self.lon + east / per_east, self.lat + north / per_north

    def to_plan(self, lon: float, lat: float) -> tuple[float, float]:
        """(x, y) plan metres of a WGS-84 point: the inverse of `to_world`."""
        per_north, per_east = metres_per_degree(self.lat)
        east, north = (lon - self.lon) * per_east, (lat - self.lat) * per_north
        b = math.radians(self.bearing)
        right = east * math.cos(b) - north * math.sin(b)
        up = east * math.sin(b) + north * math.cos(b)
        return right, -up

    def geometry_to_world(self, geometry: BaseGeometry) -> BaseGeometry:
        """A shapely geometry in plan metres, moved to (lon, lat) degrees."""
        return _transform(geometry, self.to_world)

    def geometry_to_plan(self, geometry: BaseGeometry) -> BaseGeometry:
        """A shapely geometry in (lon, lat) degrees, moved to plan metres."""
        return _transform(geometry, self.to_plan)


def _transform(geometry: BaseGeometry, move: Callable[[float, float], tuple[float, float]]) -> BaseGeometry:
    def each(coords: np.ndarray) -> np.ndarray:
        return np.array([move(float(x), float(y)) for x, y in coords], dtype=float).reshape(-1, 2)

    return shapely.transform(geometry, each)
