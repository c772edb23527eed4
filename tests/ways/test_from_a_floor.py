"""A visitor who says only their floor ("I am on 9F") gets a route, as from a kiosk.

The route starts at the lift or stairs on that floor quickest to the place, marked on the plan (no
made-up "you are here"); the nearest facility of a kind is picked by the same walking network the kiosk
uses, step-free where asked; the rides name the lifts that really stop on both floors, with the change of
lifts where one is needed. "Marked on the plan" is said only when something is marked.
On the shipped building, tower-v2 (zoned lifts, a mezzanine the west stairs do not stop at) and riverside.
"""

from __future__ import annotations

import html as html_lib
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from kiosk.model.vocabulary import STEP_FREE_KINDS, VERTICAL_KINDS
from kiosk.ways.routing import build_network, facility_targets, floor_hops, landings_on, route_from_floor
from tests.helpers.buildings import BUNDLED, ROOT, TOWER

RIVERSIDE = ROOT / "tests" / "buildings" / "riverside.yaml"
BUILDINGS = [BUNDLED, TOWER, RIVERSIDE]
IDS = ["shipped", "tower-v2", "riverside"]


@pytest.fixture(params=BUILDINGS, ids=IDS)
def case(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> tuple[Building, FlaskClient]:
    path: Path = request.param
    return load_building(path), make_app(path).test_client()


def _route(client: FlaskClient, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    match = re.search(r'<section class="route[^"]*" id="directions".*?</section>', page.get_data(as_text=True), re.S)
    assert match is not None, url
    return html_lib.unescape(match.group(0))


def _steps(route: str) -> list[tuple[str, str]]:
    """The numbered steps: (data-ride kind or "", text)."""
    found = re.findall(
        r'<li data-stage="\d+"(?: data-ride="([^"]+)")?[^>]*>.*?<span class="step-text">(.*?)</span>', route
    )
    return [(ride, text) for ride, text in found]


def _plan_floors(building: Building) -> Iterator[str]:
    return (f.id for f in building.floors if f.plan is not None)


def _kinds(building: Building) -> list[str]:
    return [k.id for k in building.kinds_present() if k.id not in VERTICAL_KINDS and building.facilities_of(k.id)]


def _says_marked_only_when_marked(route: str) -> None:
    if "marked on the plan" in route:
        assert "is-marked" in route or "is-target" in route


@pytest.mark.parametrize("mode", ["step-free", "any"])
def test_every_floor_gets_a_route_to_the_nearest_of_every_kind(case: tuple[Building, FlaskClient], mode: str):
    building, client = case
    for floor in _plan_floors(building):
        for kind in _kinds(building):
            route = _route(client, f"/en/facilities/{kind}?from={floor}&route={mode}")
            _says_marked_only_when_marked(route)
            steps = _steps(route)
            if "route-problem" in route:
                continue  # none reachable this way: said plainly (tested in test_routing)
            assert "Floors with one:" not in route and "There is no" not in route, (floor, kind)
            assert "plan-here" not in route and "is-marked" in route, (floor, kind)
            assert len(steps) >= 2, (floor, kind, steps)
            subject = re.search(r'<p class="route-subject">(.*?) on ([^<]+)</p>', route)
            assert subject is not None, (floor, kind)
            assert subject.group(2) in {f.label for f in building.floors_with(kind)}
            if mode == "step-free":
                assert all(ride in STEP_FREE_KINDS for ride, _ in steps if ride), (floor, kind, steps)


def test_the_nearest_is_the_quickest_from_any_landing_on_the_floor(case: tuple[Building, FlaskClient]):
    building, _ = case
    network = build_network(building)
    for floor in _plan_floors(building):
        for kind in _kinds(building):
            for step_free in (True, False):
                targets = facility_targets(building, network, kind, frozenset())
                found = route_from_floor(building, network, floor, targets, step_free)
                costs = [
                    network.cost(source, target, step_free)
                    for _, source in landings_on(building, network, floor, step_free)
                    for target in targets
                ]
                reachable = [c for c in costs if not math.isinf(c)]
                assert (found is None) == (not reachable), (floor, kind)
                if found is not None:
                    assert found.route.seconds == pytest.approx(min(reachable))
                    assert found.target.ref in {f.id for f in building.facilities_of(kind)}
                    assert not (step_free and found.route.uses_stairs)


def test_zoned_lifts_name_the_change_of_lifts(make_app: Callable[..., Flask]):
    building = load_building(TOWER)
    client = make_app(TOWER).test_client()
    lifts = [f for f in building.facilities if f.kind == "lift"]
    low, high = "b2", "7f"
    assert not any(low in f.floors and high in f.floors for f in lifts), "no lift joins B2 and 7F"
    space = next(s for s in building.spaces if s.floor == high and s.door is not None)
    route = _route(client, f"/en/spaces/{space.id}?from={low}&route=step-free")
    rides = [text for ride, text in _steps(route) if ride]
    assert len(rides) >= 2, rides
    first = next(f for f in lifts if f.name and f.name("en") in rides[0])
    last = next(f for f in lifts if f.name and f.name("en") in rides[-1])
    assert low in first.floors and high in last.floors and first.id != last.id
    _says_marked_only_when_marked(route)


def test_the_mezzanine_is_left_by_what_stops_there(make_app: Callable[..., Flask]):
    building = load_building(TOWER)
    client = make_app(TOWER).test_client()
    ways = {f.name("en"): f for f in building.facilities if f.kind in VERTICAL_KINDS and f.name}
    for space in (s for s in building.spaces if s.door is not None and s.floor not in ("m", "g")):
        for mode in ("any", "step-free"):
            route = _route(client, f"/en/spaces/{space.id}?from=m&route={mode}")
            rides = [text for ride, text in _steps(route) if ride]
            assert rides, (space.id, mode)
            used = [f for name, f in ways.items() if name in rides[0]]
            assert used and all("m" in f.floors for f in used), (space.id, rides[0])
            assert "take a lift or the stairs" not in route


@pytest.mark.parametrize("path", BUILDINGS, ids=IDS)
def test_floor_hops_join_every_pair_of_floors_by_what_stops_at_both(path: Path):
    building = load_building(path)
    floors = [f.id for f in building.floors]
    for step_free in (True, False):
        for here in floors:
            for there in floors:
                hops = floor_hops(building, here, there, step_free)
                if hops is None:
                    continue
                at = here
                for way, to in hops:
                    assert at in way.floors and to in way.floors
                    assert not step_free or way.kind in STEP_FREE_KINDS
                    at = to
                assert at == there


def test_floor_hops_change_lifts_between_zones():
    building = load_building(TOWER)
    hops = floor_hops(building, "b2", "7f", step_free=True)
    assert hops is not None and len(hops) == 2  # no lift joins them: one change, at a floor both stop at
    assert hops[0][0].id != hops[1][0].id


def test_a_floor_without_a_plan_names_the_lifts_not_a_made_up_route(tmp_path: Path, make_app: Callable[..., Flask]):
    text = TOWER.read_text(encoding="utf-8")
    b2_plan = text[text.index("    plan:", text.index("  - id: b2")) : text.index("  - id: b1")]
    copy = tmp_path / "tower.yaml"
    copy.write_text(text.replace(b2_plan, "", 1), encoding="utf-8")  # the same building, B2 not drawn
    building = load_building(copy)
    assert building.floor("b2").plan is None  # type: ignore[union-attr]
    client = make_app(copy).test_client()
    for space in (s for s in building.spaces if s.floor in ("7f", "3f") and s.door is not None):
        route = _route(client, f"/en/spaces/{space.id}?from=b2&route=step-free")
        steps = [text for _, text in _steps(route)]
        hops = floor_hops(building, "b2", space.floor, step_free=True)
        assert hops is not None
        assert len(steps) == len(hops) + 1  # a ride per lift, then where to find the place
        for (way, _), step in zip(hops, steps, strict=False):
            assert way.name is not None and way.name("en") in step
        assert "take a lift or the stairs" not in route
        _says_marked_only_when_marked(route)
