"""Finding room for a new room on a building's plan, the way a member of staff would look for a free corner.

Used by the plan editor's tests on every test building, so no test is tuned to one file's numbers.
"""

from __future__ import annotations

from shapely.geometry import LineString, Polygon

from kiosk.model.building import Building
from kiosk.model.shapes import floor_area

Pt = tuple[float, float]


def taken_areas(building: Building, floor_id: str) -> list[Polygon]:
    """Every room, open area and facility room drawn on the floor."""
    shapes = [Polygon(s.shape) for s in building.spaces_on(floor_id) if s.shape]
    shapes += [Polygon(f.shape_on(floor_id)) for f in building.facilities_on(floor_id) if f.shape_on(floor_id)]
    return shapes


def free_square(building: Building, floor_id: str, side: float = 4.0, gap: float = 1.0) -> tuple[list[Pt], Pt]:
    """A square room touching nothing, `gap` m beside a corridor, and the middle of its wall facing it (its door)."""
    floor = building.floor(floor_id)
    assert floor is not None and floor.plan is not None
    area = floor_area(floor.plan)
    taken = taken_areas(building, floor_id)
    corridors = [LineString(c) for c in floor.plan.corridors]
    for corridor in corridors:
        steps = int(corridor.length)
        for step in range(steps):
            x, y = corridor.interpolate(step).coords[0]
            for dy in (-(gap + side), gap):  # north of the corridor, then south
                x0, y0 = round(x - side / 2), round(y + dy)
                square = Polygon([(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)])
                if not area.buffer(-0.1).contains(square):
                    continue
                if any(square.buffer(0.3).intersects(t) for t in taken) or any(square.intersects(c) for c in corridors):
                    continue
                door = (x0 + side / 2, y0 + side) if dy < 0 else (x0 + side / 2, y0)
                return [(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)], door
    raise AssertionError(f"no free {side} m square beside a corridor on {floor_id}")
