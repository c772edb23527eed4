"""Plans, directions and nearest facility on the shipped building, through the app."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from kiosk.cli import main
from kiosk.load.loader import check_building, load_building
from kiosk.ways.routing import build_network, route_to_space
from tests.helpers.buildings import BUNDLED

SVG = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="plan-svg".*?</svg>', re.S)
NS = "{http://www.w3.org/2000/svg}"
SHIPPED = load_building(BUNDLED)
SHIPPED_NETWORK = build_network(SHIPPED)


def plans_in(html: str) -> list[ET.Element]:
    return [ET.fromstring(match) for match in SVG.findall(html)]


def step_texts(html: str) -> list[str]:
    return re.findall(r'<span class="step-text">(.*?)</span>', html)


@pytest.mark.parametrize("floor", SHIPPED.floors, ids=lambda f: f.id)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_floor_plan_is_xml_with_every_room_linked_to_its_page(client: FlaskClient, floor, lang):
    response = client.get(f"/{lang}/floors/{floor.id}")
    assert response.status_code == 200
    (plan,) = plans_in(response.get_data(as_text=True))
    assert plan.find(f"{NS}title") is not None and floor.label in plan.find(f"{NS}title").text
    links = {a.get("href"): a.get("aria-label") for a in plan.iter(f"{NS}a")}
    labels = {"".join(tspan.text for tspan in text).replace(" ", "") for text in plan.iter(f"{NS}text")}
    for space in SHIPPED.spaces_on(floor.id):
        assert links[f"/{lang}/spaces/{space.id}"] == space.name(lang)
        assert space.name(lang).replace(" ", "") in labels
    assert len(links) == len(SHIPPED.spaces_on(floor.id))


def test_every_space_has_a_route_from_every_kiosk_in_both_modes():
    for kiosk in SHIPPED.kiosks:
        for space in SHIPPED.spaces:
            for step_free in (False, True):
                route = route_to_space(SHIPPED, SHIPPED_NETWORK, kiosk.id, space, step_free)
                assert route is not None, (kiosk.id, space.id, step_free)
                assert route.walks[-1].floor == space.floor
                assert route.walks[-1].points[-1] == space.door


def test_the_shipped_file_passes_the_geometry_checks():
    building, problems = check_building(BUNDLED)
    assert building is not None
    assert [str(p) for p in problems if "public_url" not in p.message] == []


def test_library_from_the_lobby_kiosk_goes_by_lift_with_both_floors_drawn(client: FlaskClient):
    html = client.get("/en/spaces/library?kiosk=lobby").get_data(as_text=True)
    steps = step_texts(html)
    assert 3 <= len(steps) <= 6
    assert "Take the lift up to 3F" in steps
    assert steps[-1].startswith("Leave the lift, turn left")
    assert "Library: the first door on your right" in steps[-1]
    plans = plans_in(html)
    assert [p.find(f"{NS}title").text.split(":")[0] for p in plans] == ["Plan of 1F", "Plan of 3F"]
    first, last = plans
    assert first.find(f".//{NS}g[@class='plan-here']") is not None  # you are here, on the lobby floor only
    assert last.find(f".//{NS}g[@class='plan-here']") is None
    assert first.find(f".//{NS}polyline[@class='plan-route']") is not None
    assert last.find(f".//{NS}a[@class='plan-room is-target']").get("href") == "/en/spaces/library?kiosk=lobby"
    assert "About 45 m, about 2 min" in html


def change_labels(plan: ET.Element) -> list[str]:
    changes = [t for t in plan.iter(f"{NS}text") if "plan-change-label" in t.get("class", "")]
    return [" ".join("".join(t.itertext()).split()) for t in changes]


@pytest.mark.parametrize(
    ("lang", "leave", "arrive"), [("en", "Lift to 3F", "From 1F"), ("zh", "乘电梯到 3F", "从 1F 到达")]
)
def test_the_route_line_says_where_a_lift_goes_and_where_it_came_from(client: FlaskClient, lang, leave, arrive):
    first, last = plans_in(client.get(f"/{lang}/spaces/library?kiosk=lobby").get_data(as_text=True))
    assert change_labels(first) == [leave]
    assert change_labels(last) == [arrive]


def test_stairs_are_named_on_the_line_and_a_walk_on_one_floor_has_no_marker(client: FlaskClient):
    quick = client.get("/en/spaces/baby-day-care?kiosk=lobby&route=any").get_data(as_text=True)
    assert [change_labels(p) for p in plans_in(quick)] == [["Stairs to 2F"], ["From 1F"]]
    step_free = client.get("/en/spaces/baby-day-care?kiosk=lobby&route=step-free").get_data(as_text=True)
    assert [change_labels(p) for p in plans_in(step_free)] == [["Lift to 2F"], ["From 1F"]]
    same_floor = plans_in(client.get("/en/spaces/service-desk?kiosk=lobby").get_data(as_text=True))
    assert same_floor and all(change_labels(p) == [] for p in same_floor)


def test_the_step_free_switch_changes_a_route_that_used_stairs(client: FlaskClient):
    # A family place opens step-free by default, so the shortest route is asked for by name.
    quick = client.get("/en/spaces/baby-day-care?kiosk=lobby&route=any").get_data(as_text=True)
    step_free = client.get("/en/spaces/baby-day-care?kiosk=lobby&route=step-free").get_data(as_text=True)
    assert any("stairs" in s for s in step_texts(quick))
    assert not any("stairs" in s for s in step_texts(step_free))
    assert "Take the lift up to 2F" in step_texts(step_free)
    assert 'href="/en/spaces/baby-day-care?kiosk=lobby&amp;route=step-free#directions"' in quick
    # The choice is carried on: links from the step-free page keep it.
    assert 'href="/en/floors/2f?kiosk=lobby&amp;route=step-free"' in step_free


def test_large_text_mode_makes_step_free_the_default_unless_overridden(client: FlaskClient):
    large = client.get("/en/spaces/baby-day-care?kiosk=lobby&text=large").get_data(as_text=True)
    assert not any("stairs" in s for s in step_texts(large))
    chosen = client.get("/en/spaces/baby-day-care?kiosk=lobby&text=large&route=any").get_data(as_text=True)
    assert any("stairs" in s for s in step_texts(chosen))


def test_a_place_without_a_step_free_way_says_so(edited, make_app):
    path = edited(
        "floors: [1f, 2f, 3f, 4f, 5f, 6f, 7f]\n    location: {zh: 各层中部",
        "floors: [1f, 2f, 4f, 5f, 6f, 7f]\n    location: {zh: 各层中部",
    )
    app = make_app(path)
    html = app.test_client().get("/en/spaces/library?route=step-free&from=lobby").get_data(as_text=True)
    assert "Library cannot be reached without stairs" in html
    assert step_texts(html) == []


def test_a_phone_that_scanned_at_the_kiosk_gets_the_same_route(client: FlaskClient):
    kiosk = step_texts(client.get("/zh/spaces/library?kiosk=lobby").get_data(as_text=True))
    phone = step_texts(client.get("/zh/spaces/library?from=lobby").get_data(as_text=True))
    assert kiosk == phone
    assert phone[1] == "乘电梯到3F"


def test_the_nearest_toilet_is_on_the_kiosk_floor_with_its_route(client: FlaskClient):
    html = client.get("/en/facilities/toilet?from=lobby").get_data(as_text=True)
    assert "Nearest from here" in html
    assert '<p class="route-subject">Toilets on 1F</p>' in html
    assert len(plans_in(html)) == 1
    nursing = client.get("/zh/facilities/nursing-room?kiosk=lobby").get_data(as_text=True)
    assert "1F的母婴室" in nursing


def test_a_kiosk_facing_east_turns_the_plan_on_its_side(edited, make_app):
    path = edited("facing: N   #", "facing: E   #")
    app = make_app(path)
    html = app.test_client().get("/en/floors/1f?kiosk=lobby").get_data(as_text=True)
    (plan,) = plans_in(html)
    width, height = map(float, plan.get("viewBox").split()[2:])
    assert (width, height) == (560, 860)  # 50 m + margins across, 80 m + margins down
    needle = plan.find(f".//{NS}path[@class='plan-compass-needle']")
    assert needle.get("transform") == "rotate(-90)"  # north now points left
    steps = step_texts(app.test_client().get("/en/spaces/library?kiosk=lobby").get_data(as_text=True))
    assert steps[0].startswith("Turn left")  # the lift is north: left of someone looking east


def test_a_building_without_geometry_still_loads_and_shows_no_plans(tmp_path, make_app):
    text = BUNDLED.read_text(encoding="utf-8")
    plan = r"    plan:\n      size: .*\n      corridors:\n(        - .*\n)+(      entrances:\n(        .*\n)+)?"
    text = re.sub(plan, "", text)
    text = re.sub(r"    (shape|door|at|facing|walkable): .*\n", "", text)
    path = tmp_path / "floors.yaml"
    path.write_text(text, encoding="utf-8")
    building, problems = check_building(path)
    assert building is not None and all(p.severity == "warning" for p in problems)
    client = make_app(path).test_client()
    for url in ("/en/floors/1f?kiosk=lobby", "/en/spaces/library?kiosk=lobby", "/en/facilities/toilet?kiosk=lobby"):
        response = client.get(url)
        assert response.status_code == 200
        assert plans_in(response.get_data(as_text=True)) == []


def test_kiosk_check_names_the_line_of_each_geometry_mistake(edited):
    path = edited("    shape: [46, 29, 28, 19]\n    door: [52, 29]", "    shape: [46, 29, 38, 19]\n    door: [52, 40]")
    lines = path.read_text(encoding="utf-8").splitlines()
    shape_line = lines.index("    shape: [46, 29, 38, 19]") + 1
    outcome = CliRunner().invoke(main, ["check", str(path)])
    assert outcome.exit_code == 1
    assert f"floors.yaml:{shape_line}:12: the shape of `library` is not inside floor 3F" in outcome.output
    assert (
        f"floors.yaml:{shape_line + 1}:11: the door of `library` on 3F is 15.0 m from the nearest corridor"
        in outcome.output
    )


def test_background_drawing_is_served_only_from_beside_the_file(edited, make_app):
    path = edited(
        "    plan:\n      size: [80, 50]\n", "    plan:\n      size: [80, 50]\n      background: plans/1f.png\n"
    )
    (path.parent / "plans").mkdir()
    (path.parent / "plans" / "1f.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    client = make_app(path).test_client()
    assert client.get("/plans/1f/background").data.startswith(b"\x89PNG")
    assert 'href="/plans/1f/background"' in client.get("/en/floors/1f").get_data(as_text=True)
    assert client.get("/plans/2f/background").status_code == 404
    assert client.get("/plans/nope/background").status_code == 404


def test_background_outside_the_folder_is_refused(edited, make_app):
    path = edited(
        "    plan:\n      size: [80, 50]\n", "    plan:\n      size: [80, 50]\n      background: ../../etc/passwd\n"
    )
    client = make_app(path).test_client()
    assert client.get("/plans/1f/background").status_code == 404
    assert "background" not in client.get("/en/floors/1f").get_data(as_text=True).split("plan-svg")[1][:2000]


@pytest.mark.parametrize(
    "query", ["route=junk", "route=", "route=step-free&kiosk=nope", "from=%00", "route=any&text=large"]
)
def test_odd_parameters_never_break_a_page(client: FlaskClient, query):
    for url in ("/en/spaces/library", "/zh/floors/3f", "/en/facilities/accessible-toilet"):
        assert client.get(f"{url}?{query}").status_code == 200
