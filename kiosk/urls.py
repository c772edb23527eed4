"""The URL scheme, in one place.

    /                        → redirect to /zh/ or /en/ (Accept-Language; kiosks start in Chinese)
    /<lang>/                 home: the building, floors, categories, notices
    /<lang>/floors/<id>      one floor
    /<lang>/spaces/<id>      one space (ids are stable: they are printed in QR codes)
    /<lang>/categories/<c>   spaces of one category
    /<lang>/facilities/      toilets, lifts and the rest, on every floor
    /<lang>/facilities/<k>   one kind of facility
    /healthz                 JSON status

Two query parameters travel with every link: `kiosk=<id>` puts a page in kiosk mode (the
lobby screen opens `/?kiosk=lobby`), and `from=<id>` tells a phone which kiosk its QR code
was scanned at. Both are dropped when they name no kiosk in floors.yaml.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g, request, url_for

from kiosk.building import Building, Kiosk, Lang
from kiosk.i18n import other_language


def _names_a_kiosk(building: Building, value: str) -> bool:
    return building.kiosk(value) is not None


# `route=step-free` asks for lifts only (issue 4); `route=any` overrides the large-text default.
ROUTE_STEP_FREE, ROUTE_ANY = "step-free", "any"


def _is_route_mode(_building: Building, value: str) -> bool:
    return value in (ROUTE_STEP_FREE, ROUTE_ANY)


# Query parameters that every link of a page carries on, each with the test its value must
# pass; anything else (typos, junk, injection attempts) is silently dropped.
CARRIED_PARAMS: dict[str, Callable[[Building, str], bool]] = {
    "kiosk": _names_a_kiosk,
    "from": _names_a_kiosk,
    "route": _is_route_mode,
}


def read_kiosk_params(building: Building) -> dict[str, str]:
    """The carried parameters of this request whose values are valid."""
    carried = {}
    for name, is_valid in CARRIED_PARAMS.items():
        value = request.args.get(name, "", type=str)
        if value and is_valid(building, value):
            carried[name] = value
    return carried


def current_kiosk(building: Building) -> Kiosk | None:
    """The kiosk this page is shown on (kiosk mode), if any."""
    return building.kiosk(g.get("carried", {}).get("kiosk"))


def origin_kiosk(building: Building) -> Kiosk | None:
    """The kiosk a visitor stands at or scanned at: for "you are here" and directions."""
    carried = g.get("carried", {})
    return building.kiosk(carried.get("kiosk") or carried.get("from"))


def page_url(endpoint: str, **values: Any) -> str:
    """url_for that keeps the kiosk parameters, so kiosk mode survives every tap."""
    return url_for(endpoint, **{**g.get("carried", {}), **values})


def language_switch_url(lang: Lang) -> str:
    """The same page in the other language."""
    values = dict(request.view_args or {})
    values["lang"] = other_language(lang)
    extra = {k: v for k, v in request.args.items() if k == "q"}
    if request.endpoint is None or "lang" not in (request.view_args or {}):
        return page_url("directory.home", lang=values["lang"])
    return page_url(request.endpoint, **values, **extra)
