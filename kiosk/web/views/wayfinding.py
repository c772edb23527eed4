"""Plans and routes for the pages: the floor plan, directions to a space, the nearest facility.

The directory views call these with their `PageContext` and pass the results to templates
as view models. The route graph behind them is built once per loaded site (`Site.network`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, Flask, abort, send_file, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from kiosk.load.site import Site
from kiosk.model.building import Facility, FacilityKindDef, Floor, Kiosk, Space, Text
from kiosk.model.geometry import contains, distance
from kiosk.model.geometry import heading as compass
from kiosk.model.i18n import kind_name
from kiosk.model.vocabulary import VERTICAL_KINDS
from kiosk.timetable import status
from kiosk.ways.backgrounds import TYPES as BACKGROUND_TYPES
from kiosk.ways.backgrounds import background_file
from kiosk.ways.directions import describe_staged, summary
from kiosk.ways.plans import PlanRequest, floor_changes, legend_kinds
from kiosk.ways.routing import (
    FloorRoute,
    Ride,
    Route,
    Walk,
    facility_targets,
    floor_hops,
    nearest_facility,
    route_from_floor,
    route_to_space,
    start_kiosk,
)
from kiosk.ways.starts import chosen_floor, entrance_starts
from kiosk.web.context import PageContext, current_site, is_static_export
from kiosk.web.urls import ROUTE_ANY, ROUTE_STEP_FREE

bp = Blueprint("plans", __name__)
LARGE_TEXT_SCALE = 1.5  # as kiosk.css grows the page in large text (26 px → 39 px)


@bp.get("/plans/<floor_id>/background")
def background(floor_id: str) -> ResponseReturnValue:
    """The architect's drawing under a floor's plan."""
    site = current_site()
    floor = site.building.floor(floor_id) or abort(404)
    path = background_file(site.source.parent, floor) or abort(404)
    return send_file(path, mimetype=BACKGROUND_TYPES[path.suffix.lower()], max_age=3600)


def background_url(site: Site, floor: Floor) -> str | None:
    """The address of the drawing under a floor's plan, when it has one the server will send."""
    return url_for("plans.background", floor_id=floor.id) if background_file(site.source.parent, floor) else None


@dataclass(frozen=True)
class FloorPlan:
    """A floor's plan as the floor page shows it: the drawing and its legend."""

    svg: Markup
    legend: tuple[FacilityKindDef, ...]
    legend_names: tuple[str, ...]
    with_here: bool


def _plan(
    page: PageContext,
    floor: Floor,
    origin: Kiosk | None,
    route: Route | None,
    target: str | None,
    marked_too: tuple[str, ...] = (),
) -> Markup:
    """One floor's plan, turned to the origin kiosk's facing, with the route's walk on it."""
    walk = route.walk_on(floor.id) if route else None
    marked = tuple(p.via for p in route.parts if isinstance(p, Ride)) if route else ()
    marked = (*marked_too, *marked)
    return page.site.plans.get(
        page.building,
        PlanRequest(
            floor=floor,
            lang=page.lang,
            space_url=lambda s: page.url("directory.space", space_id=s.id),
            sprite=url_for("static", filename="icons.svg"),
            facing=origin.facing if origin else 0.0,
            here=origin,
            walk=walk,
            target=target,
            marked=marked,
            background_url=background_url(page.site, floor),
            text_scale=LARGE_TEXT_SCALE if page.large_text else 1.0,
            changes=floor_changes(route, floor.id, page.lang, _label_of(page)) if route else (),
        ),
    )


def _label_of(page: PageContext) -> Callable[[str], str]:
    """A floor's label by its id (the id itself for a floor the building no longer has)."""

    def label(floor_id: str) -> str:
        found = page.building.floor(floor_id)
        return found.label if found is not None else floor_id

    return label


def floor_plan(page: PageContext, floor: Floor) -> FloorPlan | None:
    """The floor page's plan (None when the floor has no plan)."""
    if floor.plan is None:
        return None
    origin = page.origin
    legend = tuple(legend_kinds(page.building, [floor]))
    return FloorPlan(
        _plan(page, floor, origin, None, None),
        legend,
        tuple(kind_name(k, page.lang) for k in legend),
        origin is not None and origin.floor == floor.id,
    )


@dataclass
class Directions:
    """Everything `_route.html` shows: steps, totals, plans per floor, the mode switch."""

    heading: str
    origin: Kiosk
    place: str
    step_free: bool
    subject: str = ""  # "Nearest: Toilets on 2F", for the nearest facility
    route: Route | None = None
    steps: list[str] = field(default_factory=list)
    stages: list[int] = field(default_factory=list)  # the route part each step belongs to (the kiosk's stepper)
    rides: dict[int, tuple[str, str]] = field(default_factory=dict)  # stage → (lift or stairs, floor label)
    plan_stages: list[int] = field(default_factory=list)  # the route part each plan shows
    changes_floor: bool = True  # False: a same-floor route, where lifts and stairs have no say
    # Opened without `from` (a shared link, a poster): where could the visitor be? (name, link)
    ask_from: list[tuple[str, str]] = field(default_factory=list)
    ask_floors: list[tuple[str, str]] = field(default_factory=list)  # or "I am on this floor" (label, link)
    on_floor: str = ""  # the visitor said which floor they are on: said instead of "from the kiosk"
    total: str = ""
    plans: list[tuple[Floor, Markup]] = field(default_factory=list)
    legend_names: tuple[str, ...] = ()
    legend_icons: tuple[str, ...] = ()
    problem: str = ""  # said plainly when there is no route
    help_url: str = ""  # the help desk's page, when the problem sends the visitor there
    help_name: str = ""
    any_url: str = ""
    step_free_url: str = ""


def _avoided(page: PageContext) -> frozenset[str]:
    """Facilities routes must go around right now (a lift or escalator out of service)."""
    return status.out_of_service(page.building, page.now)


def _facility_name(page: PageContext, facility: Facility, lang: str | None = None) -> str:
    """A facility's own name, else its kind's ("Lift"): a visitor never reads its id."""
    kind = page.building.kind(facility.kind)
    assert kind is not None  # the loader refuses a facility of an unknown kind
    lang = lang or page.lang
    return facility.name(lang) if facility.name else kind_name(kind, lang)


def _no_route_problem(page: PageContext, found: Directions, place: str) -> None:
    """Say plainly why there is no route, naming a broken lift, and point to the help desk."""
    broken = status.broken_lifts(page.building, page.now) if found.step_free else ()
    if not found.step_free:
        broken = status.broken_links(page.building, page.now)
    if broken:
        names = page.t("list_separator").join(_facility_name(page, f) for f in broken)
        key = "route.no_step_free_outage" if found.step_free else "route.no_route_outage"
        found.problem = page.t(key, place=place, lifts=names)
    else:
        found.problem = page.t("route.no_step_free" if found.step_free else "route.no_route", place=place)
    desk = status.help_desk(page.building)
    if desk is not None:
        found.help_url = page.url("directory.space", space_id=desk.id)
        found.help_name = desk.name(page.lang)


def _directions(
    page: PageContext, heading: str, origin: Kiosk, place: str, route: Route | None, target: str, start_marked: str = ""
) -> Directions:
    """Directions along a route; `start_marked`: the route starts at that lift or stairs, not at a kiosk."""
    step_free = page.step_free
    found = Directions(heading, origin, place, step_free, route=route)
    found.any_url = page.same_page(route=ROUTE_ANY) + "#directions"
    found.step_free_url = page.same_page(route=ROUTE_STEP_FREE) + "#directions"
    if route is None:
        _no_route_problem(page, found, place)
        return found
    staged = describe_staged(route, page.building, page.site.network, page.lang, origin.facing, place)
    found.stages = [step.stage for step in staged]
    found.steps = [step.text for step in staged]
    found.total = summary(route, page.lang, metres=sum(step.metres for step in staged))
    found.changes_floor = any(isinstance(part, Ride) for part in route.parts)
    shown = None if start_marked else origin  # a lift landing is where to start, not "you are here"
    marked = (start_marked,) if start_marked else ()
    if start_marked and not isinstance(route.parts[0], Walk):
        start_floor = page.building.floor(origin.floor)
        assert start_floor is not None
        found.plans.append((start_floor, _plan(page, start_floor, None, route, None, marked)))
        found.plan_stages.append(0)
    for stage, part in enumerate(route.parts):
        floor = page.building.floor(part.to_floor if isinstance(part, Ride) else part.floor)
        assert floor is not None
        if isinstance(part, Ride):
            found.rides[stage] = (part.kind, floor.label)
            continue
        is_last = part is route.walks[-1]
        found.plans.append((floor, _plan(page, floor, shown, route, target if is_last else None, marked)))
        found.plan_stages.append(stage)
    _add_legend(page, found)
    return found


def _landing_start(page: PageContext, start: Facility, floor: Floor) -> Kiosk:
    """A lift or stairs landing as the start of a route: facing out of it, towards its corridor."""
    at = start.position_on(floor.id)
    assert at is not None  # a landing in the network has a position on its floor
    node = page.site.network.node_of("facility", start.id, floor.id)
    foot = page.site.network.foot_of(page.site.network.nodes[node]) if node is not None else at
    facing = compass(at, foot) if distance(at, foot) >= 0.5 else 0.0
    name = Text({lang: _facility_name(page, start, lang) for lang in page.building.languages})
    return Kiosk(id=start.id, name=name, floor=floor.id, location=start.location, at=at, facing=facing)


def _from_floor(page: PageContext, heading: str, here: Floor, place: str, found: FloorRoute) -> Directions:
    """Directions from the lift or stairs on the floor the visitor named (the one quickest to the place)."""
    origin = _landing_start(page, found.start, here)
    directions = _directions(page, heading, origin, place, found.route, found.target.ref, found.start.id)
    via = _facility_name(page, found.start, page.lang)
    first = "route.floor_start_ride" if isinstance(found.route.parts[0], Ride) else "route.floor_start_walk"
    directions.steps.insert(0, page.t(first, via=via, label=here.label))
    directions.stages.insert(0, 0)
    directions.on_floor = page.t("route.on_floor", label=here.label)
    return directions


def _route_from_floor(page: PageContext, here: Floor, targets: list[int]) -> FloorRoute | None:
    return route_from_floor(page.building, page.site.network, here.id, targets, page.step_free, _avoided(page))


def _add_legend(page: PageContext, found: Directions) -> None:
    kinds = legend_kinds(page.building, [floor for floor, _ in found.plans])
    found.legend_names = tuple(kind_name(k, page.lang) for k in kinds)
    found.legend_icons = tuple(k.icon for k in kinds)


def _route_origin(page: PageContext) -> Kiosk | None:
    """Where routes start: the visitor's kiosk (or entrance), else the first kiosk on a plan (the main one)."""
    visitor = page.origin
    if visitor is not None and visitor.at is not None:
        return visitor
    return start_kiosk(page.building, None)


def _asking_where(page: PageContext, heading: str, origin: Kiosk, place: str) -> Directions:
    """No kiosk and no `from`: nobody knows where the visitor stands, so ask rather than guess.

    The choices: the kiosks and the entrances (a route from there), and the floors (that floor's plan).
    """
    found = Directions(heading, origin, place, page.step_free, changes_floor=False)
    for start in (*page.building.kiosks, *entrance_starts(page.building)):
        floor = page.building.floor(start.floor)
        if start.at is not None and floor is not None:
            name = page.t("route.start_at", name=start.name(page.lang), label=floor.label)
            found.ask_from.append((name, page.same_page(**{"from": start.id}) + "#directions"))
    if is_static_export():
        return (
            found  # a static site has a page for each kiosk and entrance, not for each floor (kiosk/publish/build.py)
        )
    for floor in page.building.floors_top_down:
        if floor.plan is not None:
            found.ask_floors.append((floor.label, page.same_page(**{"from": floor.id}) + "#directions"))
    return found


def _on_floor(page: PageContext, heading: str, origin: Kiosk, place: str, here: Floor) -> Directions:
    """The visitor said only which floor they are on: no route from a made-up point, no "you are here"."""
    found = Directions(heading, origin, place, page.step_free, changes_floor=False)
    found.on_floor = page.t("route.on_floor", label=here.label)
    return found


def _hop_steps(page: PageContext, here: Floor, there: Floor, place: str, marked: bool) -> list[str]:
    """Which lifts or stairs join the two floors (changes included), when no route can be drawn."""
    hops = floor_hops(page.building, here.id, there.id, page.step_free)
    if hops is None:
        key = "route.no_step_free" if page.step_free else "route.no_route"
        return [page.t(key, place=place)]
    labels = {f.id: f.label for f in page.building.floors}
    steps = [page.t("route.on_floor_hop", via=_facility_name(page, way), label=labels[to]) for way, to in hops]
    key = "route.on_floor_find" if marked else "route.on_floor_find_unmarked"
    return [*steps, page.t(key, place=place, label=there.label)]


def directions_to(page: PageContext, space: Space) -> Directions | None:
    """Directions from the visitor's kiosk to a space (None when the building has no geometry).

    A space that moved is routed to where it is now; one closed for good gets no directions.
    """
    building = page.building
    if space.status is not None and space.status.state == "closed":
        return None
    space = status.moved_to(building, space) or space
    origin = _route_origin(page)
    if origin is None or space.door is None:
        return None
    name = space.name(page.lang)
    heading = page.t("route.heading")
    here = chosen_floor(building, page.carried.get("from")) if page.origin is None else None
    there = building.floor(space.floor)
    if here is not None and there is not None:
        door = page.site.network.node_of("door", space.id, space.floor)
        routed = _route_from_floor(page, here, [door]) if door is not None and here.id != there.id else None
        if routed is not None:
            return _from_floor(page, heading, here, name, routed)
        found = _on_floor(page, heading, origin, name, here)
        marked = there.plan is not None and space.door is not None
        if here.id == there.id:
            found.steps = [page.t("route.on_floor_same" if marked else "route.on_floor_same_unmarked", place=name)]
        else:
            found.steps = _hop_steps(page, here, there, name, marked)
        for shown in dict.fromkeys((here, there)):
            if shown.plan is not None:
                found.plans.append((shown, _plan(page, shown, None, None, space.id if shown is there else None)))
        _add_legend(page, found)
        return found
    if page.origin is None:
        found = _asking_where(page, heading, origin, name)
        floor = building.floor(space.floor)
        if floor is not None and floor.plan is not None:
            found.plans = [(floor, _plan(page, floor, None, None, space.id))]
            _add_legend(page, found)
        return found
    if origin.floor == space.floor and space.shape and origin.at and contains(space.shape, origin.at):
        found = Directions(heading, origin, name, page.step_free, changes_floor=False)
        found.steps = [page.t("route.already_here", place=name)]
        floor = building.floor(space.floor)
        assert floor is not None
        found.plans = [(floor, _plan(page, floor, origin, None, space.id))]
        _add_legend(page, found)
        return found
    route = route_to_space(building, page.site.network, origin.id, space, page.step_free, _avoided(page))
    return _directions(page, heading, origin, name, route, space.id)


def nearest(page: PageContext, kind: FacilityKindDef) -> Directions | None:
    """Directions to the nearest facility of a kind (None for lifts and stairs, or without geometry)."""
    if kind.id in VERTICAL_KINDS:
        return None  # "the nearest lift" is a step of every route already
    building = page.building
    origin = _route_origin(page)
    if origin is None:
        return None
    generic = kind_name(kind, page.lang)
    heading = page.t("route.nearest_heading")
    here = chosen_floor(building, page.carried.get("from")) if page.origin is None else None
    if here is not None:
        targets = facility_targets(building, page.site.network, kind.id, _avoided(page))
        routed = _route_from_floor(page, here, targets)
        if routed is not None:
            facility = next(f for f in building.facilities if f.id == routed.target.ref)
            name = facility.name(page.lang) if facility.name else generic
            directions = _from_floor(page, heading, here, name, routed)
            there = building.floor(routed.target.floor)
            label = there.label if there else routed.target.floor
            directions.subject = page.t("route.nearest_found", name=name, label=label)
            return directions
        on_floor = _on_floor(page, heading, origin, generic, here)
        floors = building.floors_with(kind.id)
        if any(f.id == here.id for f in floors):
            shown = tuple(f.id for f in building.facilities_of(kind.id) if f.position_on(here.id) is not None)
            key = "route.on_floor_same" if shown and here.plan is not None else "route.on_floor_same_unmarked"
            on_floor.steps = [page.t(key, place=generic)]
            if here.plan is not None:
                on_floor.plans = [(here, _plan(page, here, None, None, None, shown))]
                _add_legend(page, on_floor)
            return on_floor
        else:
            labels = page.t("list_separator").join(f.label for f in floors)
            on_floor.steps = [page.t("route.on_floor_none", place=generic, label=here.label, labels=labels)]
        if here.plan is not None:
            on_floor.plans = [(here, _plan(page, here, None, None, None))]
            _add_legend(page, on_floor)
        return on_floor
    if page.origin is None:
        return _asking_where(page, heading, origin, generic)
    found = nearest_facility(building, page.site.network, origin.id, kind.id, page.step_free, _avoided(page))
    if found is None:
        return _directions(page, heading, origin, generic, None, "")
    facility, floor_id, route = found
    name = facility.name(page.lang) if facility.name else generic
    floor = building.floor(floor_id)
    directions = _directions(page, heading, origin, name, route, facility.id)
    directions.subject = page.t("route.nearest_found", name=name, label=floor.label if floor else floor_id)
    return directions


def init_app(app: Flask) -> None:
    """Serve plan backgrounds."""
    app.register_blueprint(bp)
