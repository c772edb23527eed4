"""Routes in the places the representative routes never pass, checked against what a visitor is told.

A walk of exactly one minute, the nearest toilet when the lift to the nearer one is out of
service, and a route that changes floor twice, the second time over several floors. Small
buildings drawn here (as in tests/test_routing.py), each worked out by hand.
"""

from __future__ import annotations

from kiosk.model.vocabulary import LIFT, STAIRS
from kiosk.ways.directions import summary
from kiosk.ways.routing import Ride, build_network, nearest_facility, route_to_space
from tests import test_routing as synthetic
from tests.test_directions import CORRIDOR, synthetic_steps


def test_a_walk_of_exactly_a_minute_is_said_to_take_one_minute_and_a_metre_more_two():
    # An L-shaped corridor of 60 m; the kiosk stands at one end, one door is on the far end, one a metre off it.
    b = synthetic.building(
        [synthetic.floor("1f", 1, [[0, 0], [40, 0], [40, 20]])],
        [synthetic.space("end", "1f", [40, 20]), synthetic.space("past", "1f", [41, 20])],
        at=(0, 0),
    )
    network = build_network(b)
    at_end = route_to_space(b, network, "k", b.space("end"), False)
    past = route_to_space(b, network, "k", b.space("past"), False)
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
    route = route_to_space(b, build_network(b), "k", b.space("top"), False)
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
    assert route_to_space(b, build_network(b), "k", b.space("doorless"), False) is None
    assert route_to_space(b, build_network(b), "nowhere", b.space("doorless"), False) is None


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
        route = route_to_space(b, network, "k", hall, step_free, avoid)
        assert route is not None
        return [(p.kind, p.via, p.from_floor, p.to_floor) for p in route.parts if isinstance(p, Ride)]

    assert rides(False) == [(STAIRS, "stairs", "2f", "1f")]
    assert rides(True) == [(LIFT, "lift", "2f", "1f")]
    assert rides(False, frozenset({"stairs"})) == [(LIFT, "lift", "2f", "1f")]
    assert route_to_space(b, network, "k", hall, True, frozenset({"lift"})) is None
    assert synthetic_steps(b, "hall", True, "en")[1] == "Take the lift down to 1F"


def test_a_kiosk_in_the_lobby_with_the_lift_walks_straight_to_the_lift_first():
    lobby = {**synthetic.space("lobby", "1f", [20, 10], "Lobby"), "walkable": True, "shape": [0, 0, 20, 20]}
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        [lobby, synthetic.space("up", "2f", [30, 12], "Up")],
        [synthetic.facility("lift", "lift", ["1f", "2f"], [15, 5])],
        at=(5, 5),
    )
    route = route_to_space(b, build_network(b), "k", b.space("up"), True)
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
    route = route_to_space(b, build_network(b), "k", b.space("up"), False)
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
    route = route_to_space(b, build_network(b), "k", b.space("top"), True)
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
        route = route_to_space(b, build_network(b), "k", b.space("top"), False)
        assert route is not None
        assert [(p.kind, p.from_floor, p.to_floor) for p in route.parts if isinstance(p, Ride)] == [
            (STAIRS, "1f", "3f")
        ]
        routes.append(route)
    skipping, stopping = routes
    assert skipping.seconds == stopping.seconds
    assert summary(skipping, "en") == summary(stopping, "en")
