"""Printed floor boards (楼层导览): one page for each floor's lift lobby, one for the main entrance.

/boards/floors/<floor_id>?size=A4   one floor's board (A4 or A3)
/boards/entrance?size=A4            the main entrance's board: the whole building
/boards/all?size=A4                 every board, one page each, for `kiosk posters` to print to PDF

A board is in the building's first two languages at once, names its data's date, and carries a
QR code to the layout page with its floor marked (`at=`) and the board named (`scan=`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, abort, request
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from kiosk.model.building import Building, Floor, Lang, Space, Text
from kiosk.model.i18n import kind_name, translate
from kiosk.ways.layout import at_the_lift, cross_section, data_date, main_entrance_floor
from kiosk.web import qr
from kiosk.web.context import PageContext, current_page
from kiosk.web.models.corner_code import public_base
from kiosk.web.render import render
from kiosk.web.urls import printed_page_path
from kiosk.web.views.layout import KindMark, SpaceChip, StoreyRow, plan_drawing

bp = Blueprint("boards", __name__)
SIZES = ("A4", "A3")
ENTRANCE = "entrance"
ROOMY_FLOORS = 8
BOARD_SPACES_SHOWN = 4  # names per floor on the entrance's stack (in two languages), then "+N"


@dataclass(frozen=True)
class Room:
    """A space on a board, named in both languages."""

    first: str
    second: str
    category: str


@dataclass(frozen=True)
class Board:
    """Everything one printed board shows."""

    name: str  # the file stem and the `scan=` value: board-3f, board-entrance
    floor: Floor | None  # None: the main entrance's board
    langs: tuple[Lang, Lang]
    rows: tuple[StoreyRow, ...]
    ground_before: int
    plan: Markup | None
    rooms: tuple[tuple[Floor, tuple[Room, ...]], ...]  # this floor's (the entrance's board names them on the stack)
    code: Markup | None  # the QR code as inline SVG (None without a public address)
    printed: str
    as_of: dt.date
    roomy: bool = False  # few floors: the entrance's stack in bigger words


def board_langs(page: PageContext) -> tuple[Lang, Lang]:
    """The building's first two languages (the first twice for a building of one)."""
    languages = page.site.languages
    return (languages[0], languages[1] if len(languages) > 1 else languages[0])


def board_url(base: str, lang: Lang, poster: str, at: str | None) -> str:
    """The layout page's address for a board's code: the board named, its floor marked."""
    url = qr.target_url(base, printed_page_path("layout.layout", lang), poster=poster)
    return url + ("&" if "?" in url else "?") + urlencode({"at": at}) if at else url


def roomy(building: Building) -> bool:
    """Whether the entrance's stack has room for every space of a floor (and bigger words): up to 8 floors."""
    return len(building.floors) <= ROOMY_FLOORS


def _rows(page: PageContext, langs: tuple[Lang, Lang], here: Floor | None, both_names: bool) -> tuple[StoreyRow, ...]:
    """The cross-section's rows: floor names in both languages, spaces in the first (or both)."""
    first, second = langs

    def named(space: Space) -> str:
        names = dict.fromkeys([space.name(first), space.name(second) if both_names else space.name(first)])
        return " ".join(names)

    rows = []
    for storey in cross_section(page.building):
        floor = storey.floor
        # A tall building's floor of a dozen counters names one and "+11": its own board lists them all.
        few = roomy(page.building) or len(storey.spaces) <= BOARD_SPACES_SHOWN
        shown = min(len(storey.spaces), 2 * BOARD_SPACES_SHOWN) if few else 1
        names = [floor.name(first)] + ([floor.name(second)] if second != first else [])
        rows.append(
            StoreyRow(
                floor=floor,
                name=" · ".join(names),
                spaces=tuple(SpaceChip(named(s), s.category) for s in storey.spaces[:shown]),
                kinds=tuple(KindMark(k.icon, kind_name(k, first)) for k in storey.key_kinds),
                below_ground=storey.below_ground,
                is_here=here is not None and here.id == floor.id,
                link="",
                more=len(storey.spaces) - len(storey.spaces[:shown]),
            )
        )
    return tuple(rows)


def _rooms(page: PageContext, langs: tuple[Lang, Lang], floors: tuple[Floor, ...]) -> tuple:
    first, second = langs
    return tuple(
        (floor, tuple(Room(s.name(first), s.name(second), s.category) for s in page.building.spaces_on(floor.id)))
        for floor in floors
    )


def build_board(page: PageContext, floor: Floor | None) -> Board:
    """One floor's board, or the main entrance's (floor None) with the whole building."""
    building = page.building
    langs = board_langs(page)
    here = floor or main_entrance_floor(building)
    name = f"board-{floor.id}" if floor else f"board-{ENTRANCE}"
    plan = None
    if floor is not None and floor.plan is not None:
        marker = Text({lang: translate(lang, "layout.lift_lobby") for lang in page.site.languages})
        plan = plan_drawing(page, floor, at_the_lift(building, floor, marker, marker), langs[0], here_also=langs[1])
    base = public_base(page.site)
    at = here.id if here else None
    target = board_url(base, langs[0], name, at) if base else None
    floors = (floor,) if floor else ()
    return Board(
        name=name,
        floor=floor,
        langs=langs,
        rows=_rows(page, langs, here, both_names=floor is None),
        ground_before=next((i for i, s in enumerate(cross_section(building)) if s.below_ground), len(building.floors)),
        plan=plan,
        rooms=_rooms(page, langs, floors),
        code=Markup(qr.make_code(target, "svg").body.decode("ascii")) if target else None,
        # People type the printed address: the floor mark, not the scan counter's marker.
        printed=qr.printed_url(board_url(base, langs[0], "", at)) if base else "",
        as_of=data_date(page.site.source, building.tz),
        roomy=roomy(building),
    )


def both(page: PageContext) -> Callable[..., str]:
    """A UI string in the board's two languages, "楼层导览 / Floor directory" (once if they are one)."""
    langs = board_langs(page)
    return lambda key, **params: " / ".join(dict.fromkeys(translate(lang, key, **params) for lang in langs))


def _show(page: PageContext, boards: list[Board]) -> str:
    return render("boards.html", page, boards=boards, size=_size(), both=both(page))


def _size() -> str:
    """The paper size asked for (A4 unless A3)."""
    asked = request.args.get("size", "A4")
    return asked if asked in SIZES else "A4"


def board_names_of(building: Building) -> list[str]:
    """Every board in print order (as /boards/all prints them): the main entrance, then the floors top down."""
    return [f"board-{ENTRANCE}"] + [f"board-{f.id}" for f in building.floors_top_down]


@bp.get("/boards/all")
def all_boards() -> ResponseReturnValue:
    """Every board, one page each, in `board_names` order."""
    page = current_page()
    boards = [build_board(page, None)] + [build_board(page, f) for f in page.building.floors_top_down]
    return _show(page, boards)


@bp.get(f"/boards/{ENTRANCE}")
def entrance_board() -> ResponseReturnValue:
    """The main entrance's board: the whole building."""
    page = current_page()
    return _show(page, [build_board(page, None)])


@bp.get("/boards/floors/<floor_id>")
def floor_board(floor_id: str) -> ResponseReturnValue:
    """One floor's board, for its lift lobby."""
    page = current_page()
    floor = page.building.floor(floor_id) or abort(404)
    return _show(page, [build_board(page, floor)])
