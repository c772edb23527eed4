"""Directions in the places the representative routes never pass, word for word.

A lift set back a metre from the corridor, toilets side by side just out of the lift, a door
drawn on the corridor line among the doors a visitor counts, steps with nothing to walk (a kiosk
at the lift, or right at the door), and distances just over 10 m. Small buildings drawn here (as
in tests/test_directions.py), each checked against what a visitor standing there would be told.
"""

from __future__ import annotations

import pytest

from kiosk.ways.directions import describe_staged, round_metres, summary
from kiosk.ways.routing import build_network, route_to_space
from tests import test_routing as synthetic
from tests.test_directions import CORRIDOR, synthetic_steps


def _two_floors(spaces, lift_at, at, facing="N"):
    return synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        spaces,
        [synthetic.facility("lift", "lift", ["1f", "2f"], lift_at)],
        facing=facing,
        at=at,
    )


def test_out_of_a_lift_set_back_a_metre_from_the_corridor_the_visitor_turns_into_it():
    # The visitor leaves the lift facing the corridor (south); east along it is to their left.
    b = _two_floors([synthetic.space("east", "2f", [35, 12], "East")], lift_at=[20, 9], at=(15, 8))
    assert synthetic_steps(b, "east", True, "en") == [
        "Turn right and walk 8 m to the lift",
        "Take the lift up to 2F",
        "Leave the lift, turn left and walk 20 m. East: the first door on your right",
    ]
    assert synthetic_steps(b, "east", True, "zh")[-1] == "出电梯后左转，走20米，右手边第一个门就是East"


def test_toilets_side_by_side_just_out_of_the_lift_are_counted_on_their_side():
    # Two doors half a metre off the corridor, 1 m and 2 m from where the lift meets it.
    b = _two_floors(
        [synthetic.space("men", "2f", [21, 10.5], "Men"), synthetic.space("women", "2f", [22, 10.5], "Women")],
        lift_at=[20, 8],
        at=(20, 8),
    )
    assert (
        synthetic_steps(b, "men", True, "en")[-1]
        == "Leave the lift, turn left and walk 4 m. Men: the first door on your right"
    )
    assert synthetic_steps(b, "women", True, "en")[-1] == (
        "Leave the lift, turn left and walk 4 m. Women: the second door on your right"
    )
    assert synthetic_steps(b, "women", True, "zh")[-1] == "出电梯后左转，走4米，右手边第二个门就是Women"


def test_a_door_drawn_on_the_corridor_line_is_not_counted_but_one_a_metre_off_it_is():
    # Which side a door on the line is on cannot be told, so a visitor is never asked to count it.
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR)],
        [
            synthetic.space("online", "1f", [15, 10], "Online"),
            synthetic.space("near", "1f", [20, 9], "Near"),
            synthetic.space("t", "1f", [30, 8], "T"),
        ],
        facing="E",
        at=(5, 12),
    )
    assert synthetic_steps(b, "t", False, "en") == ["Walk 30 m ahead. T: the second door on your left"]
    assert synthetic_steps(b, "t", False, "zh") == ["向前走30米，左手边第二个门就是T"]


def test_steps_with_nothing_to_walk_say_no_metres_so_the_total_is_the_walk_alone():
    # The kiosk stands at the lift, and the room is at the lift upstairs.
    b = _two_floors([synthetic.space("up", "2f", [20, 8], "Up")], lift_at=[20, 8], at=(20, 8))
    network = build_network(b)
    route = route_to_space(b, network, "k", b.space("up"), True)
    assert route is not None
    steps = describe_staged(route, b, network, "en", 0.0, "Up")
    assert [(s.stage, s.text, s.metres) for s in steps] == [
        (0, "Go to the lift", 0),
        (1, "Take the lift up to 2F", 0),
        (2, "Leave the lift. Up: straight ahead", 0),
    ]
    assert summary(route, "en", sum(s.metres for s in steps)).startswith("About 0 m, ")


@pytest.mark.parametrize(("metres", "said"), [(10.4, 10), (10.6, 10), (11.0, 10), (12.4, 10)])
def test_just_over_10_m_is_said_to_5_m(metres, said):
    assert round_metres(metres) == said


def test_a_kiosk_right_at_the_door_says_the_place_is_straight_ahead_with_no_metres():
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR)], [synthetic.space("t", "1f", [10, 12], "Here")], facing="E", at=(10, 12)
    )
    network = build_network(b)
    route = route_to_space(b, network, "k", b.space("t"), False)
    assert route is not None
    steps = describe_staged(route, b, network, "en", 90.0, "Here")
    assert [(s.text, s.metres) for s in steps] == [("Here: straight ahead", 0)]
    assert synthetic_steps(b, "t", False, "zh") == ["正前方就是Here"]
