"""The building layout page (扫码查看大楼布局) and each floor's plan full screen.

/<lang>/layout/                 the floors as they stand, what is on each, you-are-here
/<lang>/layout/<floor_id>       one floor's plan, full screen, every room a link

`?at=<floor id>` (from a printed floor board) or `?from=<kiosk>` marks where the visitor is;
anything else in `at` is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from kiosk.model.building import Floor, Kiosk, Lang, Text
from kiosk.model.i18n import kind_name, translate
from kiosk.ways.layout import Storey, at_the_lift, cross_section, marked_floor
from kiosk.ways.plans import PlanRequest, legend_kinds
from kiosk.web.context import PageContext, current_page
from kiosk.web.render import render
from kiosk.web.urls import LANG
from kiosk.web.views.wayfinding import LARGE_TEXT_SCALE, background_url

bp = Blueprint("layout", __name__)
SPACES_SHOWN = 6  # a floor of 12 counters lists the first few and "+6": its plan names them all
ZOOMS = (1, 2, 3)  # the plan's width: 1 = the phone's opening zoom (labels ≥ 12 px), then 2× and 3×


@dataclass(frozen=True)
class SpaceChip:
    """A space on a floor of the cross-section: its name and category (for its colour)."""

    name: str
    category: str


@dataclass(frozen=True)
class KindMark:
    """A key facility on a floor: its icon and name."""

    icon: str
    name: str


@dataclass(frozen=True)
class StoreyRow:
    """One floor of the layout page: lift-button label, name, spaces, key facilities, link to its plan."""

    floor: Floor
    name: str
    spaces: tuple[SpaceChip, ...]
    kinds: tuple[KindMark, ...]
    below_ground: bool
    is_here: bool
    link: str
    more: int = 0  # spaces not listed


@dataclass(frozen=True)
class Layout:
    """The layout page's view model: the rows top down, where the ground line goes, the marked floor."""

    rows: tuple[StoreyRow, ...]
    ground_before: int  # the index of the first row below ground (len(rows) when none is)
    here: Floor | None


def storey_row(page: PageContext, storey: Storey, here: Floor | None, at: str | None) -> StoreyRow:
    """A storey in the page's language, linked to its full-screen plan (keeping the `at` mark)."""
    lang = page.lang
    extra = {"at": at} if at else {}
    return StoreyRow(
        floor=storey.floor,
        name=storey.floor.name(lang),
        spaces=tuple(SpaceChip(s.name(lang), s.category) for s in storey.spaces[:SPACES_SHOWN]),
        kinds=tuple(KindMark(k.icon, kind_name(k, lang)) for k in storey.key_kinds),
        below_ground=storey.below_ground,
        is_here=here is not None and here.id == storey.floor.id,
        link=page.url("layout.floor_plan", floor_id=storey.floor.id, **extra),
        more=max(0, len(storey.spaces) - SPACES_SHOWN),
    )


def layout_of(page: PageContext, at: str | None) -> Layout:
    """The layout page's model: every floor in order, the visitor's floor marked."""
    here = marked_floor(page.building, at, page.origin)
    marker = at if here is not None and at == here.id else None
    rows = tuple(storey_row(page, s, here, marker) for s in cross_section(page.building))
    ground = next((i for i, row in enumerate(rows) if row.below_ground), len(rows))
    return Layout(rows, ground, here)


def here_on(page: PageContext, floor: Floor, at: str | None) -> Kiosk | None:
    """Who stands on this floor: the kiosk scanned from, else a board's `at` (you are at the lift)."""
    origin = page.origin
    if origin is not None and origin.floor == floor.id:
        return origin
    if at == floor.id:
        name = Text({lang: translate(lang, "layout.lift_lobby") for lang in page.site.languages})
        return at_the_lift(page.building, floor, name, name)
    return None


def plan_drawing(
    page: PageContext, floor: Floor, here: Kiosk | None, lang: Lang | None = None, here_also: Lang | None = None
) -> Markup:
    """A floor's plan as the floor page draws it, with rooms linking to their pages (and routes)."""
    return page.site.plans.get(
        page.building,
        PlanRequest(
            floor=floor,
            lang=lang or page.lang,
            space_url=lambda s: page.url("directory.space", space_id=s.id),
            sprite=url_for("static", filename="icons.svg"),
            facing=here.facing if here is not None else 0.0,
            here=here,
            background_url=background_url(page.site, floor),
            text_scale=LARGE_TEXT_SCALE if page.large_text else 1.0,
            here_also=here_also,
        ),
    )


def _at_argument() -> str | None:
    """The raw `at=` of the request (checked against the building by the caller)."""
    value = request.args.get("at")
    return value if isinstance(value, str) and value else None


@bp.get(f"/{LANG}/layout/")
def layout(lang: Lang) -> ResponseReturnValue:
    """The building as a cross-section: floors as they stand, basements below the ground line."""
    page = current_page()
    return render("layout.html", page, layout=layout_of(page, _at_argument()))


@bp.get(f"/{LANG}/layout/<floor_id>")
def floor_plan(lang: Lang, floor_id: str) -> ResponseReturnValue:
    """One floor's plan full screen, to zoom: every room links to its page and the way there."""
    page = current_page()
    building = page.building
    floor = building.floor(floor_id) or abort(404)
    at = _at_argument()
    here = here_on(page, floor, at)
    zoom = request.args.get("zoom", type=int)
    zoom = zoom if zoom in ZOOMS else 1
    keep = {"at": at} if at and building.floor(at) is not None else {}
    legend = tuple(legend_kinds(building, [floor]))
    below, above = building.neighbours(floor)
    return render(
        "layout_plan.html",
        page,
        floor=floor,
        svg=plan_drawing(page, floor, here) if floor.plan is not None else None,
        with_here=here is not None,
        legend_icons=tuple(k.icon for k in legend),
        legend_names=tuple(kind_name(k, lang) for k in legend),
        spaces=building.spaces_on(floor.id),
        zoom=zoom,
        zoom_in=page.url("layout.floor_plan", floor_id=floor.id, zoom=min(zoom + 1, ZOOMS[-1]), **keep),
        zoom_out=page.url("layout.floor_plan", floor_id=floor.id, zoom=max(zoom - 1, ZOOMS[0]), **keep),
        back=page.url("layout.layout", **keep) + f"#floor-{floor.id}",
        above=page.url("layout.floor_plan", floor_id=above.id, **keep) if above else None,
        below=page.url("layout.floor_plan", floor_id=below.id, **keep) if below else None,
        above_floor=above,
        below_floor=below,
    )
