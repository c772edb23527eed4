"""Every step of representative routes, word for word, as a visitor reads them, in Chinese and English.

Both the shipped building and the very different tower (tests/buildings/tower-v2.yaml): same floor,
a floor change by stairs and the step-free one by lift, a door on the corridor line, a door counted
after a toilet, past the fifth door, a corridor with two bends, a wall-mounted facility, a walk
between two rides, and a place straight ahead at the end of the corridor.
"""

from __future__ import annotations

import pytest

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from kiosk.model.i18n import kind_name
from kiosk.ways.directions import describe, describe_staged, round_metres, summary, turn_word, walking_minutes
from kiosk.ways.routing import Network, Ride, Route, build_network, nearest_facility, route_to_space, start_kiosk
from tests.helpers import synthetic
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.synthetic import CORRIDOR, synthetic_steps

BUILDINGS = {"shipped": load_building(BUNDLED), "tower": load_building(TOWER)}
NETWORKS = {name: build_network(building) for name, building in BUILDINGS.items()}


def steps(name: str, kiosk_id: str, target: str, step_free: bool, lang: str) -> list[str]:
    """The steps shown for `target`: a space id, or `kind:<kind>` for the nearest facility of a kind."""
    building, network = BUILDINGS[name], NETWORKS[name]
    route, place = _route(building, network, kiosk_id, target, step_free, lang)
    kiosk = building.kiosk(kiosk_id)
    assert kiosk is not None
    return describe(route, building, network, lang, kiosk.facing, place)


def _route(
    building: Building, network: Network, kiosk_id: str, target: str, step_free: bool, lang: str
) -> tuple[Route, str]:
    if target.startswith("kind:"):
        found = nearest_facility(building, network, kiosk_id, target.removeprefix("kind:"), step_free)
        assert found is not None, target
        facility, _, route = found
        place = facility.name(lang) if facility.name else kind_name(building.kind(facility.kind), lang)
        return route, place
    space = building.space(target)
    assert space is not None, target
    route = route_to_space(building, network, kiosk_id, space, step_free)
    assert route is not None, target
    return route, space.name(lang)


# (building, kiosk, target, step-free, English steps, Chinese steps)
ROUTES = [
    # The lobby's door lies on the corridor line: its side comes from the room's middle.
    ("shipped", "lobby", "lobby", False,
     ["Walk 15 m ahead. Lobby: the first door on your right"],
     ["向前走15米，右手边第一个门就是大厅"]),
    ("shipped", "lobby", "service-desk", False,
     ["Turn right and walk 15 m. Service desk: the first door on your left"],
     ["右转，走15米，左手边第一个门就是服务台"]),
    # The toilet is the first door on the left: the liaison office is the second.
    ("shipped", "lobby", "party-liaison", False,
     ["Walk 20 m ahead, then turn right",
      "Walk 25 m. Party-Member Service Liaison: the second door on your left"],
     ["向前走20米，右转", "走25米，左手边第二个门就是党群服务站"]),
    ("shipped", "lobby", "kind:toilet", False,
     ["Walk 20 m ahead, then turn right", "Walk 10 m. Toilets: the first door on your left"],
     ["向前走20米，右转", "走10米，左手边第一个门就是卫生间"]),
    ("shipped", "lobby", "baby-day-care", False,
     ["Walk 20 m ahead, then turn left",
      "Walk 35 m to the West stairs",
      "Take the West stairs up to 2F",
      "Leave the West stairs and walk 20 m ahead. Baby Day Care (ages 0–3): the first door on your right"],
     ["向前走20米，左转", "走35米，到西楼梯", "走西楼梯上到2F",
      "出西楼梯后向前走20米，右手边第一个门就是宝宝屋（0—3岁托育）"]),
    ("shipped", "lobby", "baby-day-care", True,
     ["Walk 25 m ahead to the lift",
      "Take the lift up to 2F",
      "Leave the lift, turn right and walk 30 m. Baby Day Care (ages 0–3): the second door on your left"],
     ["向前走25米，到电梯", "乘电梯到2F", "出电梯后右转，走30米，左手边第二个门就是宝宝屋（0—3岁托育）"]),
    ("shipped", "lobby", "library", False,
     ["Walk 25 m ahead to the lift",
      "Take the lift up to 3F",
      "Leave the lift, turn left and walk 20 m. Library: the first door on your right"],
     ["向前走25米，到电梯", "乘电梯到3F", "出电梯后左转，走20米，右手边第一个门就是图书馆"]),
    ("shipped", "lobby", "kind:aed", False,
     ["Walk 10 m ahead. AED (defibrillator): on the wall on your left"],
     ["向前走10米，AED 除颤仪就在左手边的墙上"]),
    # A lift is no door to count: it is simply on one side.
    ("shipped", "lobby", "kind:lift", False,
     ["Walk 25 m ahead. Lifts: on your left"],
     ["向前走25米，电梯在左手边"]),
    ("tower", "g-hall", "counter-03", False,
     ["Walk 20 m ahead, then turn left",
      "Walk 20 m. Counter 3 Medical insurance: the fourth door on your right"],
     ["向前走20米，左转", "走20米，右手边第四个门就是3号窗口 医保服务"]),
    ("tower", "g-hall", "counter-11", False,
     ["Walk 20 m ahead, then turn right", "Walk 25 m. Counter 11 General applications: the fifth door on your left"],
     ["向前走20米，右转", "走25米，左手边第五个门就是11号窗口 综合受理"]),
    # The sixth door: counting stops after the fifth.
    ("tower", "g-hall", "counter-01", False,
     ["Walk 20 m ahead, then turn left", "Walk 30 m. Counter 1 Social security cards: on your right"],
     ["向前走20米，左转", "走30米，1号窗口 社保卡服务在右手边"]),
    ("tower", "g-hall", "counter-13", False,
     ["Walk 20 m ahead, then turn left",
      "Walk 30 m to the Hall staircase (G–2F)",
      "Take the Hall staircase (G–2F) up to M",
      "Leave the Hall staircase (G–2F), turn left and walk 15 m. "
      "Counter 13 Property registration: the second door on your right"],
     ["向前走20米，左转", "走30米，到大厅楼梯", "走大厅楼梯上到M",
      "出大厅楼梯后左转，走15米，右手边第二个门就是13号窗口 不动产登记"]),
    ("tower", "g-hall", "counter-13", True,
     ["Walk 20 m ahead, then turn left",
      "Walk 45 m to the Low-zone lifts (B2–6F)",
      "Take the Low-zone lifts (B2–6F) up to M",
      "Leave the Low-zone lifts (B2–6F), turn left and walk 8 m. "
      "Counter 13 Property registration: the first door on your right"],
     ["向前走20米，左转", "走45米，到低区电梯", "乘低区电梯到M",
      "出低区电梯后左转，走8米，右手边第一个门就是13号窗口 不动产登记"]),
    # 8F: out of the lift, the corridor bends twice.
    ("tower", "g-hall", "volunteer-association", False,
     ["Walk 20 m ahead, then turn left",
      "Walk 35 m to the High-zone lifts (G, 7F–11F)",
      "Take the High-zone lifts (G, 7F–11F) up to 8F",
      "Leave the High-zone lifts (G, 7F–11F), turn right and walk 7 m, then turn right",
      "Walk 10 m, then turn left",
      "Walk 15 m. District Volunteer Association: the first door on your right"],
     ["向前走20米，左转", "走35米，到高区电梯", "乘高区电梯到8F", "出高区电梯后右转，走7米，右转",
      "走10米，左转", "走15米，右手边第一个门就是区志愿者协会"]),
    ("tower", "g-hall", "car-park-office", True,
     ["Walk 20 m ahead, then turn left",
      "Walk 45 m to the Low-zone lifts (B2–6F)",
      "Take the Low-zone lifts (B2–6F) down to B1",
      "Leave the Low-zone lifts (B2–6F), turn right and walk 35 m. Car park office: the first door on your right"],
     ["向前走20米，左转", "走45米，到低区电梯", "乘低区电梯到B1",
      "出低区电梯后右转，走35米，右手边第一个门就是停车场管理处"]),
    # The main door ends the corridor behind the kiosk.
    ("tower", "g-hall", "kind:entrance", False,
     ["Turn around and walk 7 m. Main entrance (south): straight ahead"],
     ["向后转，走7米，正前方就是正门（南门）"]),
    # The check-point is 3 m to the kiosk's right, where it meets the corridor: no corridor to follow.
    ("tower", "g-hall", "kind:security-check", False,
     ["Turn right and walk 3 m. Security check: straight ahead"],
     ["右转，走3米，正前方就是安检口"]),
    ("tower", "g-hall", "kind:atm", False,
     ["Walk 20 m ahead, then turn right", "Walk 30 m. Cash machines (ATM): on the wall on your right"],
     ["向前走20米，右转", "走30米，自动取款机就在右手边的墙上"]),
    # From the 7F sky lobby: down by lift, a short walk across G, up the stairs to M.
    ("tower", "sky-lobby", "counter-13", False,
     ["Turn around and walk 20 m to the High-zone lifts (G, 7F–11F)",
      "Take the High-zone lifts (G, 7F–11F) down to G",
      "Leave the High-zone lifts (G, 7F–11F), turn right and walk 10 m to the Hall staircase (G–2F)",
      "Take the Hall staircase (G–2F) up to M",
      "Leave the Hall staircase (G–2F), turn left and walk 15 m. "
      "Counter 13 Property registration: the second door on your right"],
     ["向后转，走20米，到高区电梯", "乘高区电梯到G", "出高区电梯后右转，走10米，到大厅楼梯",
      "走大厅楼梯上到M", "出大厅楼梯后左转，走15米，右手边第二个门就是13号窗口 不动产登记"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kiosk_id", "target", "step_free", "english", "chinese"),
    ROUTES,
    ids=[f"{r[0]}-{r[1]}-{r[2]}{'-step-free' if r[3] else ''}" for r in ROUTES],
)
def test_every_step_of_the_route_reads_as_expected(name, kiosk_id, target, step_free, english, chinese):
    assert steps(name, kiosk_id, target, step_free, "en") == english
    assert steps(name, kiosk_id, target, step_free, "zh") == chinese


# --- small buildings drawn here, for the sentences the two buildings never need -------------------


def test_a_kiosk_beside_the_lift_and_a_room_beside_the_lift_upstairs():
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        [synthetic.space("up", "2f", [20, 8], "Up")],
        [synthetic.facility("lift", "lift", ["1f", "2f"], [20, 8])],
        facing="N",
        at=(20, 8),
    )
    assert synthetic_steps(b, "up", True, "en") == [
        "Go to the lift",
        "Take the lift up to 2F",
        "Leave the lift. Up: straight ahead",
    ]
    assert synthetic_steps(b, "up", True, "zh") == ["去电梯", "乘电梯到2F", "出电梯，正前方就是Up"]


def test_a_door_across_the_corridor_from_the_kiosk_is_straight_ahead_once_turned_round():
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR)], [synthetic.space("opp", "1f", [10, 12], "Opp")], facing="N", at=(10, 8)
    )
    assert synthetic_steps(b, "opp", False, "en") == ["Turn around and walk 4 m. Opp: straight ahead"]
    assert synthetic_steps(b, "opp", False, "zh") == ["向后转，走4米，正前方就是Opp"]


def test_going_down_the_stairs_unnamed_and_out_of_them():
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        [synthetic.space("low", "1f", [30, 12], "Low")],
        [synthetic.facility("st", "stairs", ["1f", "2f"], [5, 8])],
        facing="W",
        at=(20, 8),
        kiosk_floor="2f",
    )
    assert synthetic_steps(b, "low", False, "en") == [
        "Walk 20 m ahead to the stairs",  # 2 m to the corridor, 15 m along it, 2 m to the door,
        "Take the stairs down to 1F",
        "Leave the stairs, turn left and walk 30 m. Low: the first door on your right",
    ]
    assert synthetic_steps(b, "low", False, "zh")[1] == "走楼梯下到1F"


def test_a_route_with_nothing_to_walk_says_you_are_there():
    b = synthetic.building([synthetic.floor("1f", 1, CORRIDOR)], [synthetic.space("here", "1f", [10, 12], "Here")])
    route = Route(parts=(), seconds=0.0, step_free=False)
    assert describe(route, b, build_network(b), "en", 0.0, "Here") == ["You are at Here"]
    assert describe(route, b, build_network(b), "zh", 0.0, "这里") == ["您就在这里"]
    (step,) = describe_staged(route, b, build_network(b), "en", 0.0, "Here")
    assert step.stage == 0 and step.metres == 0  # the kiosk's stepper shows it as the first and only screen


def test_out_of_a_lift_that_stands_on_the_corridor_the_first_step_is_ahead():
    # Nothing says which way the lift's door faces: the visitor simply walks on along the corridor.
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        [synthetic.space("east", "2f", [35, 12], "East")],
        [synthetic.facility("lift", "lift", ["1f", "2f"], [20, 10])],
        facing="N",
        at=(15, 8),
    )
    assert (
        synthetic_steps(b, "east", True, "en")[-1]
        == "Leave the lift and walk 15 m ahead. East: the first door on your right"
    )


def test_a_door_half_a_metre_off_the_corridor_is_counted_on_its_side():
    b = synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR)], [synthetic.space("near", "1f", [30, 10.5], "Near")], facing="E", at=(5, 8)
    )
    assert synthetic_steps(b, "near", False, "en") == [
        "Walk 30 m ahead. Near: the first door on your right"
    ]  # 2 + 25 + 0.5 m


@pytest.mark.parametrize(
    ("metres", "said"),
    [(0.2, 1), (1.4, 1), (1.6, 2), (9.4, 9), (9.6, 10), (10.0, 10), (12.4, 10), (12.6, 15), (47.6, 50)],
)
def test_distances_are_said_to_the_metre_when_short_and_to_five_metres_when_longer(metres, said):
    assert round_metres(metres) == said


@pytest.mark.parametrize(("seconds", "minutes"), [(0, 1), (59, 1), (60, 1), (61, 2), (179, 3), (181, 4)])
def test_walking_time_is_whole_minutes_rounded_up_and_never_zero(seconds, minutes):
    assert walking_minutes(seconds) == minutes


def test_the_summary_gives_the_distance_the_steps_add_up_to_and_the_minutes():
    route = Route(parts=(), seconds=125.0, step_free=False)
    assert summary(route, "en", metres=47) == "About 47 m, about 3 min"
    assert summary(route, "zh", metres=47) == "全程约47米，约3分钟"
    library, _ = _route(BUILDINGS["shipped"], NETWORKS["shipped"], "lobby", "library", False, "en")
    assert summary(library, "en") == f"About {round_metres(library.metres)} m, about 2 min"


@pytest.mark.parametrize(
    ("angle", "word"),
    [(0.0, "ahead"), (29.9, "ahead"), (-29.9, "ahead"), (30.0, "right"), (-30.0, "left"), (150.0, "right"),
     (-150.0, "left"), (150.1, "back"), (-170.0, "back")],
)  # fmt: skip
def test_a_bend_of_30_degrees_is_a_turn_and_past_150_is_turning_round(angle, word):
    assert turn_word(angle) == word


# --- which way round: stairs or lift, and what is out of use -------------------------------------------


def two_floors(**stairs: object) -> Building:
    """1F and 2F: stairs by the kiosk at the west end, the lift far east; a toilet and a room upstairs."""
    return synthetic.building(
        [synthetic.floor("1f", 1, CORRIDOR), synthetic.floor("2f", 2, CORRIDOR)],
        [synthetic.space("room", "2f", [10, 12], "Room")],
        [
            {**synthetic.facility("st", "stairs", ["1f", "2f"], [4, 8], "West stairs"), **stairs},
            synthetic.facility("lift", "lift", ["1f", "2f"], [36, 8], "Lift"),
            synthetic.facility("wc", "toilet", ["2f"], [12, 8], "Toilet"),
        ],
        facing="W",
        at=(8, 8),
    )


def rides(route: Route | None) -> list[str]:
    assert route is not None
    return [part.via for part in route.parts if isinstance(part, Ride)]


def test_the_quick_way_up_is_the_near_stairs_and_the_step_free_way_the_far_lift():
    b = two_floors()
    network = build_network(b)
    room = b.space("room")
    assert rides(route_to_space(b, network, "k", room, False)) == ["st"]
    assert rides(route_to_space(b, network, "k", room, True)) == ["lift"]
    # "Nearest toilet" for a wheelchair: the one upstairs, by lift, even though the stairs are nearer.
    found = nearest_facility(b, network, "k", "toilet", True)
    assert found is not None and rides(found[2]) == ["lift"]
    assert rides(nearest_facility(b, network, "k", "toilet", False)[2]) == ["st"]


def test_stairs_out_of_use_are_walked_around_and_a_broken_lift_leaves_no_step_free_way():
    b = two_floors()
    network = build_network(b)
    room = b.space("room")
    assert rides(route_to_space(b, network, "k", room, False, avoid=frozenset({"st"}))) == ["lift"]
    assert route_to_space(b, network, "k", room, True, avoid=frozenset({"lift"})) is None
    assert nearest_facility(b, network, "k", "toilet", True, avoid=frozenset({"lift"})) is None
    assert nearest_facility(b, network, "k", "toilet", False, avoid=frozenset({"wc"})) is None


def test_emergency_only_stairs_are_never_in_a_route():
    b = two_floors(emergency_only=True)
    assert rides(route_to_space(b, build_network(b), "k", b.space("room"), False)) == ["lift"]


def test_routes_start_from_the_chosen_kiosk_or_the_first_one_on_the_plan():
    tower = BUILDINGS["tower"]
    assert start_kiosk(tower, "sky-lobby").id == "sky-lobby"
    assert start_kiosk(tower, "nowhere").id == "g-hall"
    assert start_kiosk(tower, None).id == "g-hall"
    drawn = synthetic.building([synthetic.floor("1f", 1, CORRIDOR)], [])
    unplaced = drawn.model_copy(update={"kiosks": (drawn.kiosks[0].model_copy(update={"at": None}),)})
    assert start_kiosk(unplaced, "k") is None


def test_an_l_shaped_hall_without_corridors_is_crossed_in_straight_lines_never_through_its_wall():
    # The hall's two arms meet at the north-west corner; the kiosk is in the east arm, the far door
    # in the south arm: the straight line between them would cut through the wall, so the way bends
    # at the corner room's door.
    hall = {
        **synthetic.space("hall", "1f", [2, 2], "Hall"),
        "shape": [[0, 0], [20, 0], [20, 10], [10, 10], [10, 30], [0, 30]],
        "walkable": True,
    }
    b = synthetic.building(
        [{**synthetic.floor("1f", 1), "plan": {"size": [40, 40], "corridors": []}}],
        [hall, synthetic.space("far", "1f", [3, 27], "Far"), synthetic.space("corner", "1f", [5, 5], "Corner")],
        facing="W",
        at=(18, 3),
    )
    network = build_network(b)
    route = route_to_space(b, network, "k", b.space("far"), False)
    assert route is not None
    assert route.walks[0].points == ((18.0, 3.0), (5.0, 5.0), (3.0, 27.0))
    assert describe(route, b, network, "en", 270.0, "Far") == [
        "Walk 15 m ahead, then turn left",
        "Walk 20 m. Far: straight ahead",
    ]


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
