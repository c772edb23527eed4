"""Plans and routes for templates: the floor plan, directions to a space, the nearest facility.

Templates call these helpers from their partials (`_plan.html`, `_directions.html`,
`_nearest.html`), so the directory views stay as they are. The graph behind them is built
once per loaded building (see `Building.network`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, g, request, send_file, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from kiosk.building import FacilityKind, Floor, Kiosk, Space
from kiosk.directions import describe, summary
from kiosk.geometry import contains
from kiosk.i18n import translate
from kiosk.plancache import cached_plan_svg
from kiosk.plans import PlanRequest, legend_kinds
from kiosk.routing import Ride, Route, nearest_facility, route_to_space, start_kiosk
from kiosk.urls import ROUTE_ANY as ANY
from kiosk.urls import ROUTE_STEP_FREE as STEP_FREE
from kiosk.urls import origin_kiosk, page_url
from kiosk.views.context import building, request_lang

bp = Blueprint("plans", __name__)
BACKGROUND_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def wants_step_free() -> bool:
    """Step-free when asked for, and by default in large-text mode (older visitors)."""
    chosen = g.get("carried", {}).get("route")
    if chosen:
        return chosen == STEP_FREE
    return g.get("carried", {}).get("text") == "large"


def _background_url(floor: Floor) -> str | None:
    if floor.plan is None or not floor.plan.background or _background_file(floor) is None:
        return None
    return url_for("plans.background", floor_id=floor.id)


def _background_file(floor: Floor) -> Path | None:
    """The floor's drawing, only if it is an image file next to floors.yaml (never elsewhere)."""
    if floor.plan is None or not floor.plan.background:
        return None
    base = Path(current_app.extensions["kiosk.store"].path).resolve().parent
    candidate = (base / floor.plan.background).resolve()
    if base not in candidate.parents or candidate.suffix.lower() not in BACKGROUND_TYPES or not candidate.is_file():
        return None
    return candidate


@bp.get("/plans/<floor_id>/background")
def background(floor_id: str) -> ResponseReturnValue:
    """The architect's drawing under a floor's plan."""
    floor = building().floor(floor_id) or abort(404)
    path = _background_file(floor) or abort(404)
    return send_file(path, mimetype=BACKGROUND_TYPES[path.suffix.lower()], max_age=3600)


def _plan(floor: Floor, origin: Kiosk | None, route: Route | None = None, target: str | None = None) -> Markup:
    """One floor's plan, turned to the origin kiosk's facing, with the route's walk on it."""
    walk = route.walk_on(floor.id) if route else None
    marked = tuple(p.via for p in route.parts if isinstance(p, Ride)) if route else ()
    return cached_plan_svg(  # drawn once per building snapshot and request (issue 12)
        building(),
        PlanRequest(
            floor=floor,
            lang=request_lang(),
            space_url=lambda s: page_url("directory.space", lang=request_lang(), space_id=s.id),
            sprite=url_for("static", filename="icons.svg"),
            facing=origin.facing if origin else 0.0,
            here=origin,
            walk=walk,
            target=target,
            marked=marked,
            background_url=_background_url(floor),
        ),
    )


def floor_plan(floor: Floor) -> Markup | None:
    """The floor page's plan (None when the floor has no plan)."""
    if floor.plan is None:
        return None
    return _plan(floor, origin_kiosk(building()))


@dataclass
class Directions:
    """Everything `_directions.html` shows: steps, totals, plans per floor, the mode switch."""

    origin: Kiosk
    place: str
    step_free: bool
    route: Route | None = None
    steps: list[str] = field(default_factory=list)
    total: str = ""
    plans: list[tuple[Floor, Markup]] = field(default_factory=list)
    problem: str = ""  # said plainly when there is no route
    any_url: str = ""
    step_free_url: str = ""


def _directions(origin: Kiosk, place: str, route: Route | None, target: str, step_free: bool) -> Directions:
    lang = request_lang()
    found = Directions(origin, place, step_free, route)
    values = dict(request.view_args or {})
    found.any_url = page_url(request.endpoint or "directory.home", **values, route=ANY) + "#directions"
    found.step_free_url = page_url(request.endpoint or "directory.home", **values, route=STEP_FREE) + "#directions"
    if route is None:
        found.problem = translate(lang, "route.no_step_free" if step_free else "route.no_route", place=place)
        return found
    found.steps = describe(route, building(), lang, origin.facing, place)
    found.total = summary(route, lang)
    for walk in route.walks:
        floor = building().floor(walk.floor)
        assert floor is not None
        is_last = walk is route.walks[-1]
        found.plans.append((floor, _plan(floor, origin, route, target if is_last else None)))
    return found


def _route_origin() -> Kiosk | None:
    """Where routes start: the visitor's kiosk, else the first kiosk on a plan (the main one)."""
    visitor = origin_kiosk(building())
    return start_kiosk(building(), visitor.id if visitor else None)


def directions_to(space: Space) -> Directions | None:
    """Directions from the visitor's kiosk to a space (None when the building has no geometry)."""
    here = building()
    origin = _route_origin()
    if origin is None or space.door is None:
        return None
    lang, step_free = request_lang(), wants_step_free()
    if origin.floor == space.floor and space.shape and origin.at and contains(space.shape, origin.at):
        found = Directions(origin, space.name(lang), step_free)
        found.steps = [translate(lang, "route.already_here", place=space.name(lang))]
        floor = here.floor(space.floor)
        assert floor is not None
        found.plans = [(floor, _plan(floor, origin, None, space.id))]
        return found
    route = route_to_space(here, origin.id, space, step_free)
    return _directions(origin, space.name(lang), route, space.id, step_free)


def nearest(kind: FacilityKind) -> tuple[Directions, str] | None:
    """Directions to the nearest facility of a kind, and its name with its floor."""
    here = building()
    origin = _route_origin()
    if origin is None:
        return None
    lang, step_free = request_lang(), wants_step_free()
    found = nearest_facility(here, origin.id, kind, step_free)
    generic = translate(lang, f"facility.{kind.value}")
    if found is None:
        return _directions(origin, generic, None, "", step_free), ""
    facility, floor_id, route = found
    name = facility.name(lang) if facility.name else generic
    floor = here.floor(floor_id)
    label = floor.label if floor else floor_id
    return _directions(origin, name, route, facility.id, step_free), translate(
        lang, "route.nearest_found", name=name, label=label
    )


def init_app(app: Flask) -> None:
    """Give templates the plan and route helpers, and serve plan backgrounds."""
    app.register_blueprint(bp)

    @app.context_processor
    def wayfinding_helpers() -> dict[str, object]:
        return {
            "floor_plan": floor_plan,
            "directions_to": directions_to,
            "nearest": nearest,
            "plan_legend": lambda floor: legend_kinds(building(), floor),
        }
