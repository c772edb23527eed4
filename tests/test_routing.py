"""Routing and directions on small synthetic buildings built here, so each answer can be worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.load.checks import Draft, Finding, run_checks
from kiosk.model.building import Building
from kiosk.model.geometry import heading, turn_angle
from kiosk.model.vocabulary import LIFT, STAIRS
from kiosk.ways.directions import describe, runs_of, turn_word
from kiosk.ways.routing import Ride, build_network
from kiosk.ways.routing import route_to_space as route_in


def route_to_space(b: Building, kiosk_id: str, space: Any, step_free: bool):
    return route_in(b, build_network(b), kiosk_id, space, step_free)


def check_geometry(b: Building) -> list[Finding]:
    return run_checks(Draft(b))


RING = [[0, 0], [20, 0], [20, 20], [0, 20], [0, 0]]


def test_the_shortest_of_two_ways_round_a_ring_is_taken():
    b = building([floor("1f", 1, RING)], [space("room", "1f", [21, 5])], at=(0, 0))
    route = route_to_space(b, "k", b.space("room"), step_free=False)
    assert route is not None
    assert route.metres == pytest.approx(20 + 5 + 1)  # along the top, then down the east side
    assert (20.0, 0.0) in route.walks[0].points
    assert (0.0, 20.0) not in route.walks[0].points


def two_floors_with_stairs_near_and_lift_far() -> Building:
    corridor = [[0, 10], [40, 10]]
    return building(
        [floor("1f", 1, corridor), floor("2f", 2, corridor)],
        [space("room", "2f", [12, 12])],
        [
            facility("stairs", "stairs", ["1f", "2f"], [12, 8]),
            facility("lift", "lift", ["1f", "2f"], [38, 8]),
        ],
    )


def test_the_quick_route_takes_the_near_stairs_and_the_step_free_one_the_lift():
    b = two_floors_with_stairs_near_and_lift_far()
    quick = route_to_space(b, "k", b.space("room"), step_free=False)
    step_free = route_to_space(b, "k", b.space("room"), step_free=True)
    assert quick is not None and step_free is not None
    assert quick.uses_stairs and [r.kind for r in quick.parts if isinstance(r, Ride)] == [STAIRS]
    assert not step_free.uses_stairs and [r.kind for r in step_free.parts if isinstance(r, Ride)] == [LIFT]
    assert step_free.metres > quick.metres


def test_a_room_reached_only_by_stairs_has_no_step_free_route_and_is_warned_about():
    corridor = [[0, 10], [40, 10]]
    b = building(
        [floor("1f", 1, corridor), floor("2f", 2, corridor)],
        [space("upstairs", "2f", [20, 12])],
        [facility("stairs", "stairs", ["1f", "2f"], [30, 8])],
    )
    assert route_to_space(b, "k", b.space("upstairs"), step_free=False) is not None
    assert route_to_space(b, "k", b.space("upstairs"), step_free=True) is None
    issues = [i for i in check_geometry(b) if i.path == ("spaces", 0, "door")]
    assert [(i.severity, "step-free" in i.message) for i in issues] == [("warning", True)]


def test_a_room_on_a_corridor_joined_to_nothing_is_unreachable_and_an_error():
    b = building([floor("1f", 1, [[0, 10], [20, 10]], [[30, 25], [39, 25]])], [space("island", "1f", [35, 27])])
    assert route_to_space(b, "k", b.space("island"), step_free=False) is None
    errors = [i for i in check_geometry(b) if i.severity == "error"]
    assert [i.path for i in errors] == [("spaces", 0, "door")]
    assert "cannot be reached" in errors[0].message


def test_a_door_far_from_every_corridor_and_a_room_outside_its_floor_are_errors():
    lonely = space("far", "1f", [10, 25])
    outside = {**space("out", "1f", [10, 12]), "shape": [5, 12, 50, 5]}
    b = building([floor("1f", 1, [[0, 10], [20, 10]])], [lonely, outside])
    messages = {(i.path, i.message) for i in check_geometry(b) if i.severity == "error"}
    assert (("spaces", 0, "door"), "the door of `far` on 1F is 15.0 m from the nearest corridor") in messages
    assert any(path == ("spaces", 1, "shape") and "not inside floor 1F" in m for path, m in messages)


def test_a_route_over_three_floors_changes_floor_where_the_staircases_are():
    # West stairs join 1F–2F only, east stairs 2F–3F only: the visitor must cross 2F.
    corridor = [[0, 10], [40, 10]]
    b = building(
        [floor("1f", 1, corridor), floor("2f", 2, corridor), floor("3f", 3, corridor)],
        [space("top", "3f", [20, 12])],
        [
            facility("west", "stairs", ["1f", "2f"], [2, 8]),
            facility("east", "stairs", ["2f", "3f"], [38, 8]),
        ],
    )
    route = route_to_space(b, "k", b.space("top"), step_free=False)
    assert route is not None
    shape = [(p.kind, p.via, p.from_floor, p.to_floor) if isinstance(p, Ride) else p.floor for p in route.parts]
    assert shape == ["1f", (STAIRS, "west", "1f", "2f"), "2f", (STAIRS, "east", "2f", "3f"), "3f"]
    assert route.walk_on("2f").points[0] == (2.0, 8.0) and route.walk_on("2f").points[-1] == (38.0, 8.0)


def test_a_lift_ride_over_several_floors_is_one_step():
    corridor = [[0, 10], [40, 10]]
    b = building(
        [floor(f"{n}f", n, corridor) for n in (1, 2, 3)],
        [space("top", "3f", [30, 12])],
        [facility("lift", "lift", ["1f", "2f", "3f"], [20, 8])],
    )
    route = route_to_space(b, "k", b.space("top"), step_free=True)
    rides = [p for p in route.parts if isinstance(p, Ride)]
    assert [(r.from_floor, r.to_floor) for r in rides] == [("1f", "3f")]
    steps = describe(route, b, build_network(b), "en", b.kiosks[0].facing, "Top")
    assert steps[1] == "Take the lift up to 3F"


@pytest.mark.parametrize(
    ("facing", "first"), [("N", "Turn right"), ("S", "Turn left"), ("E", "Walk"), ("W", "Turn around")]
)
def test_the_first_turn_depends_on_the_way_the_kiosk_faces(facing, first):
    # The room is east of the kiosk, its door on the south side of the corridor.
    b = building([floor("1f", 1, [[0, 10], [40, 10]])], [space("room", "1f", [30, 12], "Room")], facing=facing)
    route = route_to_space(b, "k", b.space("room"), step_free=False)
    (step,) = describe(route, b, build_network(b), "en", b.kiosks[0].facing, "Room")
    assert step.startswith(first)
    assert step.endswith("Room: the first door on your right")  # walking east, south is on the right


def test_turns_along_the_way_follow_the_corridor_bends_and_doors_are_counted():
    # Walk east, then the corridor turns north (left); two doors on the right before ours.
    corridor = [[0, 25], [30, 25], [30, 0]]
    doors = [space("a", "1f", [32, 20]), space("b", "1f", [32, 14]), space("ours", "1f", [32, 6], "Ours")]
    b = building([floor("1f", 1, corridor)], doors, facing="E", at=(5, 25))
    route = route_to_space(b, "k", b.space("ours"), step_free=False)
    assert describe(route, b, build_network(b), "en", 90.0, "Ours") == [
        "Walk 25 m ahead, then turn left",
        "Walk 20 m. Ours: the third door on your right",
    ]
    assert describe(route, b, build_network(b), "zh", 90.0, "我们")[0] == "向前走25米，左转"


def test_turn_words_and_runs_from_geometry():
    assert turn_word(turn_angle(heading((0, 0), (0, -1)), heading((0, 0), (1, 0)))) == "right"  # north, then east
    assert turn_word(turn_angle(heading((0, 0), (0, 1)), heading((0, 0), (1, 0)))) == "left"  # south, then east
    assert turn_word(turn_angle(0.0, 10.0)) == "ahead"
    runs = runs_of([(0, 0), (10, 0), (20, 0.5), (20, 10)])  # a slight kink is no turn
    assert [round(r.metres) for r in runs] == [20, 10]
