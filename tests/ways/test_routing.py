"""Routing and directions on small synthetic buildings built here, so each answer can be worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.load.checks import Draft, Finding, run_checks
from kiosk.model.building import Building
from kiosk.model.geometry import heading, turn_angle
from kiosk.model.vocabulary import LIFT, STAIRS
from kiosk.ways.directions import describe, runs_of, summary, turn_word
from kiosk.ways.routing import Ride, build_network, nearest_facility
from kiosk.ways.routing import route_to_space as route_in
from tests.helpers import synthetic
from tests.helpers.synthetic import CORRIDOR, building, facility, floor, space, synthetic_steps


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


def test_a_walk_of_exactly_a_minute_is_said_to_take_one_minute_and_a_metre_more_two():
    # An L-shaped corridor of 60 m; the kiosk stands at one end, one door is on the far end, one a metre off it.
    b = synthetic.building(
        [synthetic.floor("1f", 1, [[0, 0], [40, 0], [40, 20]])],
        [synthetic.space("end", "1f", [40, 20]), synthetic.space("past", "1f", [41, 20])],
        at=(0, 0),
    )
    network = build_network(b)
    at_end = route_in(b, network, "k", b.space("end"), False)
    past = route_in(b, network, "k", b.space("past"), False)
    assert at_end is not None and past is not None
    assert summary(at_end, "en") == "About 60 m, about 1 min"
    assert summary(past, "zh") == "全程约60米，约2分钟"  # 61 m, said to the nearest 5 m


def _toilets_upstairs_by_lift_and_far_along_the_corridor():
    long_corridor = [[0, 10], [100, 10]]
    return synthetic.building(
        [synthetic.floor("1f", 1, long_corridor), synthetic.floor("2f", 2, long_corridor)],
        [],
        [
            synthetic.facility("lift", "lift", ["1f", "2f"], [12, 8]),
            synthetic.facility("wc-up", "toilet", ["2f"], [14, 8]),
            synthetic.facility("wc-far", "toilet", ["1f"], [98, 8]),
        ],
    )


def test_with_the_lift_out_of_service_a_wheelchair_user_is_sent_to_the_toilet_on_their_own_floor():
    b = _toilets_upstairs_by_lift_and_far_along_the_corridor()
    network = build_network(b)
    usual = nearest_facility(b, network, "k", "toilet", True)
    assert usual is not None and (usual[0].id, usual[1]) == ("wc-up", "2f")  # the lift is quicker than 88 m
    found = nearest_facility(b, network, "k", "toilet", True, frozenset({"lift"}))
    assert found is not None
    toilet, floor_id, route = found
    assert (toilet.id, floor_id) == ("wc-far", "1f")
    assert not [p for p in route.parts if isinstance(p, Ride)]


def test_a_second_change_of_floor_over_several_floors_is_one_ride_to_the_right_floor():
    # West stairs join 1F-2F only; the east lift serves 2F-4F: up the stairs, across 2F, then the lift to 4F.
    b = synthetic.building(
        [synthetic.floor(f"{n}f", n, CORRIDOR) for n in (1, 2, 3, 4)],
        [synthetic.space("top", "4f", [30, 12], "Top")],
        [
            synthetic.facility("west", "stairs", ["1f", "2f"], [2, 8]),
            synthetic.facility("east", "lift", ["2f", "3f", "4f"], [38, 8]),
        ],
    )
    route = route_in(b, build_network(b), "k", b.space("top"), False)
    assert route is not None
    shape = [(p.kind, p.via, p.from_floor, p.to_floor) if isinstance(p, Ride) else p.floor for p in route.parts]
    assert shape == ["1f", (STAIRS, "west", "1f", "2f"), "2f", (LIFT, "east", "2f", "4f"), "4f"]
    steps = synthetic_steps(b, "top", False, "en")
    assert "Take the lift up to 4F" in steps
    assert not any("3F" in step for step in steps)


def test_a_toilet_out_of_service_is_skipped_and_the_next_one_is_still_offered():
    b = _toilets_upstairs_by_lift_and_far_along_the_corridor()
    found = nearest_facility(b, build_network(b), "k", "toilet", True, frozenset({"wc-up"}))
    assert found is not None and (found[0].id, found[1]) == ("wc-far", "1f")


def _toilet_up_the_near_stairs_or_far_along_the_corridor():
    long_corridor = [[0, 10], [100, 10]]
    return synthetic.building(
        [synthetic.floor("1f", 1, long_corridor), synthetic.floor("2f", 2, long_corridor)],
        [],
        [
            synthetic.facility("stairs", "stairs", ["1f", "2f"], [12, 8]),
            synthetic.facility("lift", "lift", ["1f", "2f"], [60, 8]),
            synthetic.facility("wc-up", "toilet", ["2f"], [14, 8]),
            synthetic.facility("wc-far", "toilet", ["1f"], [80, 8]),
        ],
    )


def test_the_nearest_toilet_for_a_wheelchair_user_is_the_nearest_without_stairs():
    b = _toilet_up_the_near_stairs_or_far_along_the_corridor()
    network = build_network(b)
    walking = nearest_facility(b, network, "k", "toilet", False)
    assert walking is not None and walking[0].id == "wc-up" and walking[2].uses_stairs
    step_free = nearest_facility(b, network, "k", "toilet", True)
    assert step_free is not None and (step_free[0].id, step_free[1]) == ("wc-far", "1f")
    assert not step_free[2].uses_stairs


def test_the_way_to_the_nearest_toilet_never_takes_the_lift_out_of_service():
    # One toilet, upstairs. With the lift out of service a visitor who can climb is sent up the
    # stairs, not into the broken lift, and a wheelchair user is told there is none to reach.
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        [],
        [
            synthetic.facility("lift", "lift", ["1f", "2f"], [12, 8]),
            synthetic.facility("stairs", "stairs", ["1f", "2f"], [30, 8]),
            synthetic.facility("wc-up", "toilet", ["2f"], [14, 8]),
        ],
    )
    network = build_network(b)
    usual = nearest_facility(b, network, "k", "toilet", False)
    assert usual is not None and [p.via for p in usual[2].parts if isinstance(p, Ride)] == ["lift"]
    found = nearest_facility(b, network, "k", "toilet", False, frozenset({"lift"}))
    assert found is not None and [p.via for p in found[2].parts if isinstance(p, Ride)] == ["stairs"]
    assert nearest_facility(b, network, "k", "toilet", True, frozenset({"lift"})) is None


def test_a_space_without_a_door_on_the_plan_has_no_route_rather_than_an_error():
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR)],
        [{k: v for k, v in synthetic.space("doorless", "1f", [0, 0]).items() if k != "door"}],
    )
    assert route_in(b, build_network(b), "k", b.space("doorless"), False) is None
    assert route_in(b, build_network(b), "nowhere", b.space("doorless"), False) is None


def test_a_toilet_also_on_a_floor_without_a_plan_is_found_on_the_floor_that_has_one():
    basement = {k: v for k, v in synthetic.floor("b1", 0).items() if k != "plan"}
    b = synthetic.building(
        [basement, synthetic.floor("1f", 1, CORRIDOR)],
        [],
        [synthetic.facility("wc", "toilet", ["b1", "1f"], {"b1": [5, 5], "1f": [14, 8]})],
    )
    found = nearest_facility(b, build_network(b), "k", "toilet", False)
    assert found is not None and (found[0].id, found[1]) == ("wc", "1f")


def _kiosk_upstairs_room_downstairs():
    return synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        [synthetic.space("hall", "1f", [30, 12], "Hall")],
        [
            synthetic.facility("lift", "lift", ["1f", "2f"], [12, 8]),
            synthetic.facility("stairs", "stairs", ["1f", "2f"], [14, 8]),
        ],
        kiosk_floor="2f",
    )


def test_going_down_names_the_stairs_or_lift_taken_and_never_the_one_out_of_service():
    b = _kiosk_upstairs_room_downstairs()
    network = build_network(b)
    hall = b.space("hall")

    def rides(step_free: bool, avoid: frozenset[str] = frozenset()) -> list[tuple[str, str, str, str]]:
        route = route_in(b, network, "k", hall, step_free, avoid)
        assert route is not None
        return [(p.kind, p.via, p.from_floor, p.to_floor) for p in route.parts if isinstance(p, Ride)]

    assert rides(False) == [(STAIRS, "stairs", "2f", "1f")]
    assert rides(True) == [(LIFT, "lift", "2f", "1f")]
    assert rides(False, frozenset({"stairs"})) == [(LIFT, "lift", "2f", "1f")]
    assert route_in(b, network, "k", hall, True, frozenset({"lift"})) is None
    assert synthetic_steps(b, "hall", True, "en")[1] == "Take the lift down to 1F"


def test_a_kiosk_in_the_lobby_with_the_lift_walks_straight_to_the_lift_first():
    lobby = {**synthetic.space("lobby", "1f", [20, 10], "Lobby"), "walkable": True, "shape": [0, 0, 20, 20]}
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        [lobby, synthetic.space("up", "2f", [30, 12], "Up")],
        [synthetic.facility("lift", "lift", ["1f", "2f"], [15, 5])],
        at=(5, 5),
    )
    route = route_in(b, build_network(b), "k", b.space("up"), True)
    assert route is not None
    first = route.parts[0]
    assert not isinstance(first, Ride) and first.points == ((5.0, 5.0), (15.0, 5.0))
    assert synthetic_steps(b, "up", True, "en")[0].endswith("walk 10 m to the lift")


def test_of_stairs_and_an_escalator_side_by_side_the_quick_route_rides_the_escalator():
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        [synthetic.space("up", "2f", [20, 12], "Up")],
        [
            synthetic.facility("stairs", "stairs", ["1f", "2f"], [18, 8]),
            synthetic.facility("escalator", "escalator", ["1f", "2f"], [22, 8]),
        ],
        at=(20, 10),
    )
    route = route_in(b, build_network(b), "k", b.space("up"), False)
    assert route is not None
    assert [p.via for p in route.parts if isinstance(p, Ride)] == ["escalator"]


def test_a_lift_that_skips_floors_still_takes_time_for_every_floor_it_passes():
    # 45 s to wait and board, 4 s for each of the four floors from 1F to 5F, 6 m on foot: over a minute.
    b = synthetic.building(
        [synthetic.floor(f"{n}f", n, CORRIDOR) for n in (1, 2, 3, 4, 5)],
        [synthetic.space("top", "5f", [20, 12], "Top")],
        [synthetic.facility("express", "lift", ["1f", "5f"], [20, 8])],
        at=(20, 10),
    )
    route = route_in(b, build_network(b), "k", b.space("top"), True)
    assert route is not None
    assert summary(route, "en") == "About 6 m, about 2 min"


def test_stairs_that_skip_a_floor_take_as_long_as_stairs_that_stop_there():
    # Fire stairs straight from 1F to 3F (no door on 2F): two floors climbed, as on stairs with a 2F landing.
    def building_with_stairs_on(floors: list[str]):
        return synthetic.building(
            [synthetic.floor(f"{n}f", n, CORRIDOR) for n in (1, 2, 3)],
            [synthetic.space("top", "3f", [20, 12], "Top")],
            [synthetic.facility("stairs", "stairs", floors, [20, 8])],
        )

    routes = []
    for floors in (["1f", "3f"], ["1f", "2f", "3f"]):
        b = building_with_stairs_on(floors)
        route = route_in(b, build_network(b), "k", b.space("top"), False)
        assert route is not None
        assert [(p.kind, p.from_floor, p.to_floor) for p in route.parts if isinstance(p, Ride)] == [
            (STAIRS, "1f", "3f")
        ]
        routes.append(route)
    skipping, stopping = routes
    assert skipping.seconds == stopping.seconds
    assert summary(skipping, "en") == summary(stopping, "en")
