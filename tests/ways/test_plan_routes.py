"""Routes on the drawn plans: steps that add up, open areas crossed directly, facilities on walls, plan checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from kiosk.load.loader import load_building
from kiosk.ways.directions import describe_staged, summary
from kiosk.ways.routing import build_network, nearest_facility, route_to_space
from tests.helpers.buildings import ATRIUM, BUNDLED, TOWER

BUILDINGS = {"shipped": load_building(BUNDLED), "atrium": load_building(ATRIUM), "tower-v2": load_building(TOWER)}
NETWORKS = {name: build_network(building) for name, building in BUILDINGS.items()}


@pytest.mark.parametrize("name", BUILDINGS)
@pytest.mark.parametrize("step_free", [False, True])
def test_step_distances_add_up_to_the_total(name: str, step_free: bool):
    building, network = BUILDINGS[name], NETWORKS[name]
    kiosk = building.kiosks[0]
    for space in building.spaces:
        route = route_to_space(building, network, kiosk.id, space, step_free)
        if route is None:
            continue
        steps = describe_staged(route, building, network, "en", kiosk.facing, space.name("en"))
        said = [int(m) for step in steps for m in re.findall(r"(\d+) m\b", step.text)]
        assert said == [step.metres for step in steps if step.metres], space.id
        total = summary(route, "en", metres=sum(said))
        assert f"About {sum(said)} m" in total
        assert abs(sum(said) - route.metres) <= 2.5 * len(said) + 1, space.id  # rounding, never a lost stretch


def test_the_lobby_is_crossed_directly_not_along_its_corridor_lines():
    building = BUILDINGS["shipped"]
    route = route_to_space(building, NETWORKS["shipped"], "lobby", building.space("library"), step_free=True)
    first = route.walks[0]
    # From the screen straight to the lobby's north side: no detour out to a corridor line and back.
    assert first.points[:2] == (building.kiosk("lobby").at, building.space("lobby").door)
    assert first.metres < 25  # along the corridor lines it was 27 m


def test_same_floor_routes_show_no_lift_or_stairs_switch(client: FlaskClient):
    html = client.get("/zh/spaces/hongqiao-art-space?kiosk=lobby").get_data(as_text=True)
    route = html.split('id="directions"')[1].split("</section>")[0]
    assert "route-mode" not in route and "#fac-stairs" not in route.split("<svg")[0]
    multi = client.get("/zh/spaces/library?kiosk=lobby").get_data(as_text=True)
    assert "route-mode" in multi


def test_an_aed_is_on_the_wall_not_behind_a_door():
    building, network = BUILDINGS["shipped"], NETWORKS["shipped"]
    _, _, route = nearest_facility(building, network, "lobby", "aed", step_free=True)
    for lang, wall in (("en", "on the wall"), ("zh", "墙上"), ("ja", "壁")):
        steps = describe_staged(route, building, network, lang, 0.0, "AED")
        assert wall in steps[-1].text and "door" not in steps[-1].text and "门" not in steps[-1].text


def test_the_kiosk_stepper_knows_each_steps_part_of_the_route(client: FlaskClient):
    html = client.get("/en/spaces/library?kiosk=lobby").get_data(as_text=True)
    stages = re.findall(r'<li data-stage="(\d+)"', html)
    assert stages == sorted(stages) and len(set(stages)) == 3
    assert 'data-ride="lift" data-ride-to="3F"' in html
    assert re.findall(r'<figure class="plan" id="plan-view-\w+" data-stage="(\d+)"', html) == ["0", "2"]


@pytest.mark.parametrize("path", ["/zh/spaces/library", "/zh/facilities/toilet", "/en/spaces/lobby"])
def test_a_page_opened_without_from_asks_where_the_visitor_is(client: FlaskClient, path: str):
    html = client.get(path).get_data(as_text=True)
    route = html.split('id="directions"')[1].split("</section>")[0]
    assert "您在这里" not in route and "You are here" not in route and "plan-here" not in route
    assert "route-steps" not in route
    assert "from=lobby" in route  # a button to start at the lobby screen
    with_from = client.get(path + "?from=lobby").get_data(as_text=True)
    assert "plan-here" in with_from


def test_a_phone_can_open_a_route_plan_full_screen_without_javascript(client: FlaskClient):
    html = client.get("/zh/spaces/library?from=lobby").get_data(as_text=True)
    assert 'id="plan-view-3f"' in html and 'href="#plan-view-3f"' in html


def test_the_family_category_lists_the_nursing_room(client: FlaskClient):
    html = client.get("/zh/categories/family").get_data(as_text=True)
    assert "母婴室" in html and "宝宝屋" in html
    assert "Nursing room" in client.get("/en/categories/family").get_data(as_text=True)


def test_wall_mounted_kinds_are_vocabulary_not_code():
    from kiosk.model.vocabulary import DOOR_LIKE_KINDS, SHIPPED_KIND_IDS, WALL_MOUNTED_KINDS

    assert {"aed", "drinking-water"} <= WALL_MOUNTED_KINDS <= SHIPPED_KIND_IDS
    assert not WALL_MOUNTED_KINDS & DOOR_LIKE_KINDS


def _problems(path: Path) -> list[tuple[str, str]]:
    from kiosk.load.loader import check_building

    _, problems = check_building(path)
    return [(p.severity, p.message) for p in problems if "public_url" not in p.message]


def test_an_entrance_off_the_outline_is_reported_at_its_line(edited):
    main_door = "        - at: [40, 50]\n          name: {zh: 正门"
    inside = edited(main_door, main_door.replace("[40, 50]", "[40, 44]"))
    assert _problems(inside) == [("warning", "an entrance of 1F is inside the floor, not in its outer wall")]
    outside = edited("        - at: [40, 44]\n", "        - at: [40, 58]\n")
    assert ("error", "an entrance of 1F is not on the floor") in _problems(outside)


def test_a_walkable_space_needs_its_shape(edited):
    lobby = "    shape: [28, 29, 24, 19]\n    door: [40, 29]\n    walkable: true"
    path = edited(lobby, lobby.replace("    shape: [28, 29, 24, 19]\n", ""))
    found = _problems(path)
    assert ("warning", "`lobby` is walkable but has no shape, so routes cannot cross it") in found


def test_a_facility_room_is_on_its_floors_with_its_door_at_its_edge(edited):
    path = edited("    at: [32, 28]\n", "    at: [20, 28]\n")  # the nursing room's door, 10 m from its room
    assert ("warning", "the door of `nursing-room-2f` on 2F is away from its room") in _problems(path)
    path = edited("    shape: [30, 28, 5, 5]\n", "    shape: {3f: [30, 28, 5, 5]}\n")
    assert ("error", "`nursing-room-2f` has a shape on `3f`, which is not in its floors") in _problems(path)


def test_a_sites_plans_are_drawn_once_and_go_with_the_site():
    from kiosk.ways.plans import KeptPlans, PlanRequest

    building = BUILDINGS["shipped"]
    floor = building.floor("1f")
    request = PlanRequest(floor=floor, lang="zh", space_url=lambda s: f"/zh/spaces/{s.id}", sprite="/i.svg")
    kept = KeptPlans(limit=2)
    first = kept.get(building, request)
    assert kept.get(building, request) is first  # the same request: the kept drawing
    english = kept.get(building, PlanRequest(floor=floor, lang="en", space_url=request.space_url, sprite="/i.svg"))
    assert english is not first and len(kept) == 2
    kept.get(building, PlanRequest(floor=building.floor("2f"), lang="zh", space_url=request.space_url, sprite="/i.svg"))
    assert len(kept) == 2 and kept.get(building, request) is not first  # the oldest went past the limit
    assert KeptPlans().get(building, request) == first  # another Site draws its own, the same
