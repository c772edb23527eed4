"""Small synthetic buildings built in a test, so each route and step can be worked out by hand."""

from __future__ import annotations

from typing import Any

from kiosk.model.building import Building
from kiosk.ways.directions import describe
from kiosk.ways.routing import build_network, route_to_space

TEXT = {"zh": "x", "en": "x"}


def floor(fid: str, order: int, *corridors: list[list[float]]) -> dict[str, Any]:
    """A 40 x 30 m floor with these corridor lines."""
    return {
        "id": fid,
        "order": order,
        "label": f"{order}F",
        "name": TEXT,
        "plan": {"size": [40, 30], "corridors": list(corridors)},
    }


def space(sid: str, fid: str, door: list[float], name: str | None = None) -> dict[str, Any]:
    """A room on floor `fid` with its door at `door`."""
    label = {"zh": name or sid, "en": name or sid}
    return {
        "id": sid,
        "name": label,
        "floor": fid,
        "category": "learning",
        "description": TEXT,
        "location": TEXT,
        "door": door,
    }


def facility(fid: str, kind: str, floors: list[str], at: Any, name: str | None = None) -> dict[str, Any]:
    """A facility of `kind` on `floors` at `at` (one point, or one per floor)."""
    entry = {"id": fid, "kind": kind, "floors": floors, "location": TEXT, "at": at}
    if name:
        entry["name"] = {"zh": name, "en": name}
    return entry


def building(floors, spaces, facilities=(), facing: Any = "N", at=(10, 10), kiosk_floor="1f") -> Building:
    """A validated building of these entries, with one kiosk `k`."""
    return Building.model_validate(
        {
            "building": {"id": "b", "name": TEXT, "address": TEXT, "hours": "Mo-Su 08:30-17:00"},
            "floors": floors,
            "spaces": spaces,
            "facilities": list(facilities),
            "kiosks": [
                {"id": "k", "name": TEXT, "floor": kiosk_floor, "location": TEXT, "at": list(at), "facing": facing}
            ],
        }
    )


CORRIDOR = [[0, 10], [40, 10]]  # west to east; north is up (smaller y)


def synthetic_steps(b: Building, space_id: str, step_free: bool, lang: str) -> list[str]:
    """The steps a visitor reads from kiosk `k` to `space_id`."""
    space = b.space(space_id)
    assert space is not None
    network = build_network(b)
    route = route_to_space(b, network, "k", space, step_free)
    assert route is not None
    return describe(route, b, network, lang, b.kiosks[0].facing, space.name(lang))
