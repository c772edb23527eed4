"""Issue 9: steps that add up, open areas crossed directly, doorless facilities, placed labels."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from kiosk.directions import describe_staged, summary
from kiosk.labels import Box, Obstacles, lines_box, place_all, split_even, wrap
from kiosk.loader import load_building
from kiosk.routing import build_network, nearest_facility, route_to_space
from tests.conftest import BUNDLED, TOWER

ATRIUM = Path(__file__).parent / "buildings" / "atrium.yaml"
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


@pytest.mark.parametrize("text", ["新泾镇民间文化艺术展示馆", "非遗工作室", "社会保险与住房公积金服务大厅", "图书馆"])
def test_chinese_is_never_left_with_one_character_on_a_line(text: str):
    for count in range(1, 5):
        assert all(len(line) > 1 for line in split_even(text, count)) or len(text) == 1
    for width in range(40, 400, 20):
        lines = wrap(text, width, 20)
        assert "".join(lines) == text and (len(lines) == 1 or all(len(line) > 1 for line in lines))


def test_english_words_stay_whole_and_break_after_hyphens():
    assert wrap("Lobby", 10, 20) == ["Lobby"]
    assert wrap("Multi-purpose Lecture Theatre", 100, 20) == ["Multi-", "purpose", "Lecture", "Theatre"]


def test_names_that_do_not_fit_move_out_with_a_leader_and_never_overlap():
    obstacles = Obstacles(Box(0, 0, 600, 400))
    obstacles.add_box(Box(280, 180, 320, 220))  # an icon in the middle of the big room
    rooms = [
        ("Security Office", [(100, 100), (140, 100), (140, 140), (100, 140)], 24.0),  # far too small
        ("Great Hall", [(200, 100), (400, 100), (400, 300), (200, 300)], 24.0),
    ]
    placed = place_all(rooms, 20.0, obstacles)
    small, big = placed
    assert small.leader is not None
    assert big.leader is None and not lines_box(big.lines, big.x, big.y, big.font).overlaps(Box(280, 180, 320, 220))
    a, b = (lines_box(p.lines, p.x, p.y, p.font) for p in placed)
    assert not a.overlaps(b)


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
