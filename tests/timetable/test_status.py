"""Status of things: broken lifts and step-free routes, emergency-only stairs, moved spaces, urgent notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from kiosk import create_app
from kiosk.load.loader import check_building, load_building
from kiosk.model.vocabulary import TOILET
from kiosk.timetable import status
from kiosk.ways import routing
from kiosk.ways.routing import build_network
from tests.helpers.buildings import SHANGHAI, line_of
from tests.helpers.tower import ESCALATOR, OUTAGES, edit

LIFT = "    shape: [36, 14, 8, 7]   # the lift lobby, drawn as a room\n  - id: stairs-east"
BROKEN_LIFT = (
    "    shape: [36, 14, 8, 7]   # the lift lobby, drawn as a room\n"
    "    out_of_service:\n"
    "      - {starts: 2026-11-26, ends: 2026-11-28 18:00, reason: {zh: 年检, en: Annual inspection}}\n"
    "  - id: stairs-east"
)


def client_for(path: Path, now: dt.datetime):
    return create_app(path, test_config={"TESTING": True, "CLOCK": lambda: now}).test_client()


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


def test_a_broken_lift_leaves_no_step_free_route_and_says_so(edited: Callable[..., Path]) -> None:
    path = edited(LIFT, BROKEN_LIFT)
    html = client_for(path, at(27, 10)).get("/zh/spaces/library?kiosk=lobby&route=step-free").get_data(as_text=True)
    assert "电梯暂停使用，目前无法不走楼梯到达图书馆。" in html  # the lift's kind, never its id ("lifts")
    assert "/zh/spaces/service-desk" in html and "去服务台" in html
    english = client_for(path, at(27, 10)).get("/en/spaces/library?kiosk=lobby&route=step-free").get_data(as_text=True)
    assert "Library cannot be reached without stairs right now (out of service: Lifts)." in english


def test_the_broken_lift_is_avoided_only_while_out_of_service(edited: Callable[..., Path]) -> None:
    building = load_building(edited(LIFT, BROKEN_LIFT))
    network = build_network(building)
    library = building.space("library")
    assert library is not None
    broken = status.out_of_service(building, at(27, 10))
    assert routing.route_to_space(building, network, "lobby", library, True, broken) is None
    after = status.out_of_service(building, at(28, 18, 0))
    assert after == frozenset() and routing.route_to_space(building, network, "lobby", library, True, after) is not None
    # Stairs still work while the lift is broken.
    stairs_route = routing.route_to_space(building, network, "lobby", library, False, broken)
    assert stairs_route is not None and stairs_route.uses_stairs
    same_file = edited("    out_of_service:", "    out_of_service:")
    html = client_for(same_file, at(28, 18)).get("/en/facilities/lift").get_data(as_text=True)
    assert "Out of service" not in html  # the outage ended at 18:00


def test_the_lift_page_says_out_of_service_with_reason(edited: Callable[..., Path]) -> None:
    html = client_for(edited(LIFT, BROKEN_LIFT), at(27, 10)).get("/en/facilities/lift").get_data(as_text=True)
    assert "Out of service · Annual inspection · until 2026-11-28 18:00" in html


def test_emergency_only_stairs_are_drawn_but_never_routed(edited: Callable[..., Path]) -> None:
    path = edited(
        '    location: {zh: 各层西端, en: "West end of every floor"}\n',
        '    location: {zh: 各层西端, en: "West end of every floor"}\n    emergency_only: true\n',
    )
    building = load_building(path)
    network = build_network(building)
    for space in building.spaces:
        route = routing.route_to_space(building, network, "lobby", space, False)
        assert route is None or all(
            part.via != "stairs-west" for part in route.parts if isinstance(part, routing.Ride)
        ), space.id
    assert any(n.ref == "stairs-west" for n in network.nodes)  # still on the plan
    html = client_for(path, at(27, 10)).get("/en/facilities/stairs").get_data(as_text=True)
    assert "Emergency exit only" in html


def test_a_moved_space_keeps_its_page_says_where_and_routes_there(edited: Callable[..., Path]) -> None:
    path = edited("  - id: heritage-studio\n", "  - id: heritage-studio\n    status: {state: moved, to: library}\n")
    html = client_for(path, at(27, 10)).get("/en/spaces/heritage-studio?kiosk=lobby").get_data(as_text=True)
    assert "This has moved: it is now at Library" in html
    assert 'href="/en/spaces/library?kiosk=lobby"' in html
    assert "Closed now" in html
    # The directions lead to the library's door, not to the old studio on 6F.
    route = html[html.index('id="directions"') :]
    route = route[: route.index("</section>")]
    assert "Library" in route and "Intangible" not in route


def test_a_space_closed_for_good(edited: Callable[..., Path]) -> None:
    path = edited("  - id: heritage-studio\n", "  - id: heritage-studio\n    status: {state: closed}\n")
    html = client_for(path, at(27, 10)).get("/zh/spaces/heritage-studio?kiosk=lobby").get_data(as_text=True)
    assert "此空间已停止开放" in html and 'id="directions"' not in html


def test_urgent_notice_is_a_banner_on_every_page_until_it_ends(edited: Callable[..., Path]) -> None:
    path = edited(
        "notices:\n",
        "notices:\n  - text: {zh: 三楼今日漏水关闭, en: 3F closed today for a water leak}\n"
        "    level: urgent\n    starts: 2026-11-27 08:00\n    ends: 2026-11-27 17:30\n",
    )
    for page in ("/en/", "/en/spaces/library", "/en/facilities/", "/en/?kiosk=lobby"):
        html = client_for(path, at(27, 10)).get(page).get_data(as_text=True)
        assert 'class="urgent"' in html and "3F closed today for a water leak" in html, page
    assert "water leak" not in client_for(path, at(27, 17, 30)).get("/en/").get_data(as_text=True)
    assert "water leak" not in client_for(path, at(27, 7, 59)).get("/en/").get_data(as_text=True)


def test_an_ordinary_notice_is_not_a_banner(client) -> None:
    assert 'class="urgent"' not in client.get("/zh/").get_data(as_text=True)


def test_nearest_skips_a_toilet_out_of_service(edited: Callable[..., Path]) -> None:
    path = edited(
        "    at: [47, 22]\n",
        "    at: [47, 22]\n    out_of_service: [{reason: {zh: 维修, en: Under repair}}]\n",
    )
    building = load_building(path)
    broken = status.out_of_service(building, at(27, 10))
    assert broken == frozenset({"toilet-1f"})
    network = build_network(building)
    found = routing.nearest_facility(building, network, "lobby", TOILET, False, broken)
    assert found is not None and found[0].id != "toilet-1f"
    usual = routing.nearest_facility(building, network, "lobby", TOILET, False)
    assert usual is not None and usual[0].id == "toilet-1f"
    html = client_for(path, at(27, 10)).get("/en/facilities/toilet?kiosk=lobby").get_data(as_text=True)
    assert "Out of service · Under repair" in html


def test_only_stairs_may_be_emergency_only(edited: Callable[..., Path]) -> None:
    path = edited(LIFT, LIFT.replace("  - id: stairs-east", "    emergency_only: true\n  - id: stairs-east"))
    building, problems = check_building(path)
    (problem,) = [p for p in problems if p.severity == "error"]
    assert building is None and "only stairs can be emergency-only" in problem.message
    assert problem.line == line_of(path, "emergency_only: true")


def test_a_closure_naming_a_missing_space_is_placed_at_its_line(edited: Callable[..., Path]) -> None:
    closure = "closures:\n  - date: 2026-12-24\n    reason: {zh: 测试, en: Test}\n    spaces: [libary]\n"
    path = edited("events:\n", closure + "events:\n")
    _, problems = check_building(path)
    (problem,) = [p for p in problems if p.severity == "error"]
    assert "space `libary` in closures does not exist" in problem.message and "library" in problem.hint
    assert problem.line == line_of(path, "spaces: [libary]")


# --- broken_links: every lift, escalator and staircase out of service, and nothing else ---------


def test_broken_links_are_the_vertical_facilities_out_of_service_in_the_second_building(tower: Path) -> None:
    edit(tower, *OUTAGES)  # the hall staircase: 26–28 November
    edit(tower, *ESCALATOR)  # the hall escalator: no end date
    edit(tower, "    at: [12, 17]\n", "    at: [12, 17]\n    out_of_service: [{reason: {zh: 维修, en: Repairs}}]\n")
    building = load_building(tower)
    friday = at(27, 10)
    # The toilets are out of service too, but no route goes between floors through a toilet.
    assert status.out_of_service(building, friday) == {"stairs-hall", "escalator-g-m", "toilets"}
    assert [f.id for f in status.broken_links(building, friday)] == ["stairs-hall", "escalator-g-m"]
    assert status.broken_lifts(building, friday) == ()
    # The staircase reopens after its last day; the escalator stays out.
    assert [f.id for f in status.broken_links(building, at(29, 0))] == ["escalator-g-m"]


def test_broken_links_in_the_shipped_building_before_and_during_an_outage(edited: Callable[..., Path]) -> None:
    building = load_building(edited(LIFT, BROKEN_LIFT))
    assert [f.id for f in status.broken_links(building, at(27, 10))] == ["lifts"]
    assert [f.id for f in status.broken_lifts(building, at(27, 10))] == ["lifts"]
    assert status.broken_links(building, at(25, 23, 59)) == ()  # the day before it starts


def test_no_route_at_all_names_every_broken_link_and_sends_to_the_help_desk(edited: Callable[..., Path]) -> None:
    edited(LIFT, BROKEN_LIFT)
    for stairs in ("    at: [76, 25]\n", "    at: [4, 25]\n"):
        path = edited(stairs, stairs + "    out_of_service: [{reason: {zh: 维修, en: Repairs}}]\n")
    client = client_for(path, at(27, 10))
    english = client.get("/en/spaces/library?kiosk=lobby&route=any").get_data(as_text=True)
    assert (
        '<p class="route-problem">We cannot show a route to Library right now '
        "(out of service: Lifts, East stairs, West stairs)." in english
    )
    assert 'href="/en/spaces/service-desk?kiosk=lobby&amp;route=any">Find the Service desk' in english
    chinese = client.get("/zh/spaces/library?kiosk=lobby&route=any").get_data(as_text=True)
    assert "电梯、东楼梯、西楼梯暂停使用，目前无法显示到图书馆的路线。" in chinese
    # A place on the kiosk's own floor still has its route.
    assert 'class="route-problem"' not in client.get("/en/spaces/service-desk?kiosk=lobby&route=any").get_data(
        as_text=True
    )
