"""A page opened without `from` asks where the visitor is: a kiosk, an entrance or a floor (no JS needed).

Choosing an entrance gives a route from it, with "you are here" at that entrance; choosing a floor gives
that floor's plan (and the destination's) with no "you are here" and no route from a made-up point.
Both buildings: the shipped one draws its entrance on the 1F outline, tower-v2 has `entrance` facilities.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from kiosk.ways.starts import entrance_starts
from tests.helpers.buildings import BUNDLED, TOWER


def _choices(page: str, css_class: str) -> dict[str, str]:
    """The chooser's buttons in one of its lists: text → link."""
    block = re.search(rf'<nav class="[^"]*{css_class}"[^>]*>(.*?)</nav>', page, re.S)
    assert block is not None, f"no {css_class} list"
    found = re.findall(r'<a class="button" href="([^"]+)">([^<]+)</a>', block.group(1))
    return {html_lib.unescape(text): html_lib.unescape(link) for link, text in found}


def _route_section(page: str) -> str:
    match = re.search(r'<section class="route[^"]*" id="directions".*?</section>', page, re.S)
    assert match is not None
    return match.group(0)


def _a_space_off(building: Building, floor_ids: set[str]) -> str:
    """A space with a door on a floor with a plan, not on any of `floor_ids`."""
    return next(
        s.id
        for s in building.spaces
        if s.door is not None and s.floor not in floor_ids and (f := building.floor(s.floor)) and f.plan
    )


@pytest.fixture(params=[BUNDLED, TOWER], ids=["shipped", "tower-v2"])
def case(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> tuple[Building, FlaskClient]:
    path: Path = request.param
    return load_building(path), make_app(path).test_client()


def test_the_chooser_offers_kiosks_entrances_and_floors(case: tuple[Building, FlaskClient]):
    building, client = case
    space = _a_space_off(building, set())
    lang = building.languages[1]
    page = client.get(f"/{lang}/spaces/{space}").get_data(as_text=True)
    starts = _choices(page, "route-ask-list")
    entrances = list(entrance_starts(building))
    assert entrances, "the test buildings both have entrances"
    for entrance in entrances:
        assert any(f"from={entrance.id}" in link for link in starts.values()), entrance.id
        assert any(entrance.name(lang) in text for text in starts)
    for kiosk in building.kiosks:
        assert any(f"from={kiosk.id}" in link for link in starts.values())
    floors = _choices(page, "route-ask-floors")
    assert list(floors) == [f.label for f in building.floors_top_down if f.plan is not None]
    assert "plan-here" not in _route_section(page)  # no false "you are here" while asking


def test_an_entrance_gives_a_route_from_it_with_you_are_here_there(case: tuple[Building, FlaskClient]):
    building, client = case
    entrance = next(iter(entrance_starts(building)))
    space = _a_space_off(building, {entrance.floor})
    page = client.get(f"/en/spaces/{space}?from={entrance.id}").get_data(as_text=True)
    route = _route_section(page)
    assert "route-ask" not in route
    assert "plan-route" in route and "plan-here" in route
    assert entrance.name("en") in html_lib.unescape(route)  # "From: Main entrance"
    assert '<ol class="route-steps">' in route
    # The start travels with the visitor's next taps, as a kiosk's `from` does.
    assert f"from={entrance.id}" in page


def test_a_floor_routes_from_its_lift_or_stairs_with_no_you_are_here(case: tuple[Building, FlaskClient]):
    building, client = case
    floors = [f for f in building.floors if f.plan is not None]
    here = floors[-1]
    space = _a_space_off(building, {here.id})
    there = building.floor(building.space(space).floor)  # type: ignore[union-attr]
    assert there is not None
    page = client.get(f"/en/spaces/{space}?from={here.id}").get_data(as_text=True)
    route = html_lib.unescape(_route_section(page))
    assert f"You are somewhere on {here.label}." in route
    assert f"on {here.label} (marked on the plan" in route  # "Go to the lift on 7F (marked on the plan of 7F)"
    assert "plan-here" not in route  # the visitor is somewhere on the floor, not at the lift
    assert "is-marked" in route  # the lift or stairs to start from is marked
    assert f'id="plan-view-{here.id}"' in route and f'id="plan-view-{there.id}"' in route
    assert "is-target" in route  # the destination is marked on its floor


def test_the_floor_of_the_destination_says_it_is_on_this_floor(case: tuple[Building, FlaskClient]):
    building, client = case
    space = _a_space_off(building, set())
    floor = building.space(space).floor  # type: ignore[union-attr]
    page = client.get(f"/zh/spaces/{space}?from={floor}").get_data(as_text=True)
    route = html_lib.unescape(_route_section(page))
    assert "就在这一层" in route
    assert route.count('class="plan"') == 1


def test_a_floor_for_the_nearest_toilet_routes_to_one(case: tuple[Building, FlaskClient]):
    building, client = case
    with_toilets = {f.id for f in building.floors_with("toilet")}
    for floor in (f for f in building.floors if f.plan is not None):
        page = html_lib.unescape(client.get(f"/en/facilities/toilet?from={floor.id}").get_data(as_text=True))
        route = _route_section(page)
        assert "Floors with one:" not in route
        assert "plan-here" not in route, (floor.id, route[route.find("plan-here") - 400 : route.find("plan-here") + 40])
        assert "plan-route" in route and "is-marked" in route
        subject = re.search(r'<p class="route-subject">[^<]* on ([^<]+)</p>', route)
        assert subject is not None, floor.id
        assert subject.group(1) in {f.label for f in building.floors if f.id in with_toilets}


def test_a_made_up_from_is_dropped_and_the_chooser_asks(client: FlaskClient):
    page = client.get("/en/spaces/library?from=nowhere-9").get_data(as_text=True)
    assert "route-ask" in page and "from=nowhere-9" not in page
    # `kiosk=` stays a kiosk: an entrance id never puts a page in kiosk mode.
    entrance = next(iter(entrance_starts(load_building(BUNDLED))))
    page = client.get(f"/en/spaces/library?kiosk={entrance.id}").get_data(as_text=True)
    assert "mode-kiosk" not in page
