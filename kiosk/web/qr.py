"""QR codes that take a page of the directory to a phone.

Three rules keep a code in the lobby trustworthy:

- The address inside a code is `public_url` + an in-site path, never the request's Host
  header, so a spoofed Host cannot put someone else's site into a code on the lobby screen.
- Only paths of pages that exist get a code: a path must be plain (`/zh/spaces/library`),
  match a directory route, and name a floor, space, category or facility kind that exists.
- Codes are deterministic, so each one is made once, kept in memory, and served with a
  strong ETag.

Codes use error correction M (15 % of the code may be lost) and the standard quiet zone of
4 modules; the SVG is a real vector (one path of dark runs on a white square).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlencode

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map

from kiosk.model.building import Building

if TYPE_CHECKING:
    import qrcode

Format = Literal["png", "svg"]
FORMATS: tuple[Format, ...] = ("png", "svg")
MIMETYPES: dict[Format, str] = {"png": "image/png", "svg": "image/svg+xml"}

# qrcode.constants.ERROR_CORRECT_M, written out: importing qrcode loads Pillow, which no page needs
# until a code is drawn (cold start; tests/test_cold_start.py checks the two agree).
ERROR_CORRECTION = 0
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
PNG_MODULE_PX = 10  # a version-5 code (most of ours) is then 450 px square
SVG_MODULE_MM = 2.5  # the SVG's nominal print size: a version-5 code is 11 cm across

MAX_PAGE_LENGTH = 200  # our longest real path is under 60 characters
# Only plain lowercase segments: this alone refuses `//host`, `javascript:`, `..`, `\`,
# percent-escapes, queries and fragments, before any routing is tried.
PAGE_PATH = re.compile(r"(?:/[a-z0-9-]+)*/?")
# Blueprints whose pages a phone may be sent to (not /healthz, posters or the codes themselves).
PAGE_BLUEPRINTS = frozenset({"directory", "events", "layout"})  # pages a QR code may lead to

# How to tell that each URL variable of a page names something that exists. A route with a
# variable not listed here gets no code: new pages are refused until someone says how to check them.
ARG_CHECKS: dict[str, Callable[[Building, str], bool]] = {
    "lang": lambda building, value: value in building.languages,
    "floor_id": lambda building, value: building.floor(value) is not None,
    "space_id": lambda building, value: building.space(value) is not None,
    "category": lambda building, value: building.category(value) is not None,
    "kind": lambda building, value: building.kind(value) is not None,
}


class PageRefused(ValueError):
    """A path that gets no code; `status` is 400 for a malformed one, 404 for no such page."""

    def __init__(self, status: int, reason: str):
        self.status = status
        super().__init__(reason)


# --- which address goes into a code --------------------------------------------------------


def public_base(override: str | None, building: Building) -> str | None:
    """The address phones open: the override if given, else floors.yaml's; None if neither is set."""
    return override or building.building.public_url


def target_url(
    base: str, path: str, from_kiosk: str | None = None, poster: str | None = None, route: str | None = None
) -> str:
    """The full address inside a code; `from_kiosk` tells the phone where it was scanned, `poster` which poster.

    `route` is the route mode the kiosk shows (`step-free` or `any`) when the phone would not choose it itself.
    """
    pairs = (("from", from_kiosk), ("route", route), ("scan", poster))
    params = {name: value for name, value in pairs if value}
    query = "?" + urlencode(params) if params else ""
    return f"{base}{path}{query}"


def printed_url(url: str) -> str:
    """The address as printed under a code for people who type it: no `https://`."""
    return url.removeprefix("https://")


# --- which pages may have a code -----------------------------------------------------------


def is_page(building: Building, endpoint: str, args: Mapping[str, Any]) -> bool:
    """Whether `endpoint` with `args` is a directory page that exists in this building."""
    if endpoint.partition(".")[0] not in PAGE_BLUEPRINTS:
        return False
    return all(name in ARG_CHECKS and ARG_CHECKS[name](building, str(value)) for name, value in args.items())


def check_page(url_map: Map, building: Building, page: str) -> str:
    """Return `page` if it is the path of a page that exists; raise PageRefused otherwise."""
    if not page or len(page) > MAX_PAGE_LENGTH or not PAGE_PATH.fullmatch(page):
        raise PageRefused(400, "not an in-site page path")
    try:
        endpoint, args = url_map.bind("kiosk.invalid").match(page, method="GET")
    except HTTPException:  # no route, or only a redirect to one (e.g. a missing trailing slash)
        raise PageRefused(404, "no page at this path") from None
    if not is_page(building, str(endpoint), args):
        raise PageRefused(404, "no such page in this building")
    return page


@dataclass(frozen=True)
class PrintablePage:
    """A page that gets a poster and a file from `kiosk qr`: its file name stem and its route."""

    name: str
    endpoint: str
    values: Mapping[str, str]


def printable_pages(building: Building) -> list[PrintablePage]:
    """The building's layout page, then every floor (bottom up), then every space."""
    pages = [PrintablePage("building", "layout.layout", {})]  # 扫码查看大楼布局: the layout page
    pages += [
        PrintablePage(f"floor-{f.id}", "directory.floor", {"floor_id": f.id})
        for f in sorted(building.floors, key=lambda f: f.order)
    ]
    pages += [PrintablePage(f"space-{s.id}", "directory.space", {"space_id": s.id}) for s in building.spaces]
    return pages


# --- making the images ---------------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    """One generated image, ready to send."""

    body: bytes
    mimetype: str
    etag: str


@lru_cache(maxsize=1024)
def make_code(text: str, fmt: Format, module_px: int = PNG_MODULE_PX) -> Code:
    """The code for `text` as PNG or SVG; made once per distinct input, then served from memory."""
    import qrcode  # late: it loads Pillow, needed only once a code is drawn (cold start)

    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE, box_size=module_px)
    code.add_data(text)
    code.make(fit=True)
    body = _png(code) if fmt == "png" else _svg(code.get_matrix())
    return Code(body, MIMETYPES[fmt], hashlib.sha256(body).hexdigest()[:32])


def _png(code: qrcode.QRCode) -> bytes:
    """A 1-bit PNG through Pillow (about 1 KB)."""
    buffer = io.BytesIO()
    code.make_image().get_image().save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _svg(matrix: list[list[bool]]) -> bytes:
    """A vector SVG: one path of horizontal dark runs on a white square (white so it reads on any page)."""
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        for dark, group in itertools.groupby(row):
            length = len(list(group))
            if dark:
                runs.append(f"M{x} {y}h{length}v1h-{length}z")
            x += length
    nominal = f"{size * SVG_MODULE_MM:g}mm"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{nominal}" height="{nominal}" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    ).encode("ascii")
