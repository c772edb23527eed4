"""The building directory: home, floors, spaces, categories and facilities, per language."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, redirect, request
from flask.typing import ResponseReturnValue

from kiosk.model.building import CategoryDef, Facility, FacilityKindDef, Floor, Lang, Space
from kiosk.model.i18n import category_name, kind_name, negotiate
from kiosk.web.context import HoursText, PageContext, current_page, current_site
from kiosk.web.models import events as event_models
from kiosk.web.models import things, week
from kiosk.web.render import render
from kiosk.web.urls import LANG
from kiosk.web.views import wayfinding

bp = Blueprint("directory", __name__)


@dataclass(frozen=True)
class SpaceCard:
    """A space as a card in a list: name, description, floor label, open now."""

    space: Space
    floor_label: str
    category: CategoryDef
    hours: HoursText


@dataclass(frozen=True)
class FloorRow:
    """One floor of the home page's stack: its label, name, what is on it, and whether you are there."""

    floor: Floor
    space_names: tuple[str, ...]
    is_here: bool


@dataclass(frozen=True)
class KindTile:
    """A facility kind as a button: its name, icon and the floors it is on."""

    kind: FacilityKindDef
    name: str
    floors: str


@dataclass(frozen=True)
class CategoryTile:
    """A category as a button: its id (for colour), name and icon."""

    category: CategoryDef
    name: str


def space_card(page: PageContext, space: Space) -> SpaceCard:
    """The card of one space, with its hours said for now."""
    building = page.building
    floor = building.floor(space.floor)
    category = building.category(space.category)
    assert floor is not None and category is not None  # the checks guarantee both
    # Closures, special hours and a move or renovation count: the card says what a visitor will find.
    return SpaceCard(space, floor.label, category, page.space_hours(space))


def kind_tile(page: PageContext, kind: FacilityKindDef) -> KindTile:
    """A facility kind's button: "on every floor" or the labels of its floors, bottom up."""
    building = page.building
    floors = building.floors_with(kind.id)
    where = (
        page.t("facility.every_floor")
        if len(floors) == len(building.floors)
        else page.t("facility.on_floors", labels=" ".join(f.label for f in floors))
    )
    return KindTile(kind, kind_name(kind, page.lang), where)


@bp.get("/")
def root() -> ResponseReturnValue:
    """Send the visitor to their language; a kiosk starts in the first, phones follow the browser."""
    site = current_site()
    page = current_page()
    if page.kiosk is not None:
        lang = site.default_language
    else:
        lang = negotiate(request.headers.get("Accept-Language"), site.languages)
    response = redirect(page.url("directory.home", lang=lang))
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.get(f"/{LANG}/")
def home(lang: Lang) -> ResponseReturnValue:
    """The building at a glance: hours, floors as a stack, categories, notices."""
    page = current_page()
    building = page.building
    origin = page.origin
    floors = tuple(
        FloorRow(f, tuple(s.name(lang) for s in building.spaces_on(f.id)), origin is not None and origin.floor == f.id)
        for f in building.floors_top_down
    )
    return render(
        "home.html",
        page,
        hours=page.space_hours(None),
        today_marks=week.today_marks(page),
        todays=event_models.today_events(page),
        categories=tuple(CategoryTile(c, category_name(c, lang)) for c in building.categories),
        floors=floors,
        notices=things.notices_now(page),
    )


@bp.get(f"/{LANG}/floors/<floor_id>")
def floor(lang: Lang, floor_id: str) -> ResponseReturnValue:
    """One floor: its plan, every space and facility on it."""
    page = current_page()
    building = page.building
    found = building.floor(floor_id) or abort(404)
    below, above = building.neighbours(found)
    return render(
        "floor.html",
        page,
        floor=found,
        plan=wayfinding.floor_plan(page, found),
        cards=tuple(space_card(page, s) for s in building.spaces_on(found.id)),
        facilities=facility_chips(page, building.facilities_on(found.id)),
        below=below,
        above=above,
    )


@dataclass(frozen=True)
class FacilityChip:
    """A facility as a small link to its kind's page."""

    kind: FacilityKindDef
    name: str
    out_of_service: bool = False


def facility_chips(page: PageContext, facilities: tuple[Facility, ...]) -> tuple[FacilityChip, ...]:
    """Facilities as chips, each named by its own name or its kind's."""
    chips = []
    for facility in facilities:
        kind = page.building.kind(facility.kind)
        assert kind is not None
        name = facility.name(page.lang) if facility.name else kind_name(kind, page.lang)
        chips.append(FacilityChip(kind, name, facility.is_out_of_service(page.now)))
    return tuple(chips)


@bp.get(f"/{LANG}/spaces/<space_id>")
def space(lang: Lang, space_id: str) -> ResponseReturnValue:
    """One space: where it is, when it is open, the way there, what is near it."""
    page = current_page()
    building = page.building
    found = building.space(space_id) or abort(404)
    card = space_card(page, found)
    return render(
        "space.html",
        page,
        space=found,
        card=card,
        floor=building.floor(found.floor),
        category_name=category_name(card.category, lang),
        status=things.space_status(page, found),
        week=week.week_of(page, found),
        coming=event_models.space_events(page, found),
        directions=wayfinding.directions_to(page, found),
        nearby=facility_chips(page, building.facilities_on(found.floor)),
    )


@bp.get(f"/{LANG}/categories/<category>")
def category(lang: Lang, category: str) -> ResponseReturnValue:
    """The spaces of one category, bottom floor first, and the facility kinds that belong to it."""
    page = current_page()
    building = page.building
    chosen = building.category(category) or abort(404)
    kinds = tuple(
        kind_tile(page, kind)
        for kind_id in chosen.facility_kinds
        if (kind := building.kind(kind_id)) is not None and building.facilities_of(kind_id)
    )
    return render(
        "category.html",
        page,
        category=CategoryTile(chosen, category_name(chosen, lang)),
        cards=tuple(space_card(page, s) for s in building.spaces_in(chosen.id)),
        kinds=kinds,
    )


@bp.get(f"/{LANG}/facilities/")
def facilities(lang: Lang) -> ResponseReturnValue:
    """Every kind of facility the building has, and the floors it is on."""
    page = current_page()
    return render("facilities.html", page, tiles=tuple(kind_tile(page, k) for k in page.building.kinds_present()))


@dataclass(frozen=True)
class FacilityRow:
    """One facility of a kind on one floor, nearest floors first."""

    floor: Floor
    name: str
    location: str
    is_here: bool
    outage: str | None = None  # "Out of service · reason · until …"
    emergency_only: bool = False


@bp.get(f"/{LANG}/facilities/<kind>")
def facility_kind(lang: Lang, kind: str) -> ResponseReturnValue:
    """One kind of facility (e.g. toilets) on every floor, the visitor's floor first, and the nearest."""
    page = current_page()
    building = page.building
    chosen = building.kind(kind) or abort(404)
    tile = kind_tile(page, chosen)
    found = building.facilities_of(chosen.id)
    origin = page.origin
    # From a kiosk or a scanned code, the visitor's own floor comes first, then the nearest.
    rows = tuple(
        FacilityRow(
            floor,
            f.name(lang) if f.name else tile.name,
            f.location(lang),
            origin is not None and origin.floor == floor.id,
            things.outage_note(page, f),
            f.emergency_only,
        )
        for floor in building.floors_nearest(origin.floor if origin else None)
        for f in found
        if floor.id in f.floors
    )
    return render("facility.html", page, tile=tile, rows=rows, nearest=wayfinding.nearest(page, chosen))
