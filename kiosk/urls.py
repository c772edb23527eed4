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


# The search text is cut to this everywhere it is read or carried (results, language switch):
# longer than any name, and a pasted essay never makes a page bigger.
MAX_QUERY = 60

# `route=step-free` asks for lifts only (issue 4); `route=any` overrides the large-text default.
ROUTE_STEP_FREE, ROUTE_ANY = "step-free", "any"


def _one_of(*allowed: str) -> Callable[[Building, str], bool]:
    return lambda _building, value: value in allowed


# Query parameters that every link of a page carries on, each with the test its value must
# pass; anything else (typos, junk, injection attempts) is silently dropped.
CARRIED_PARAMS: dict[str, Callable[[Building, str], bool]] = {
    "kiosk": _names_a_kiosk,
    "from": _names_a_kiosk,
    "route": _one_of(ROUTE_STEP_FREE, ROUTE_ANY),
    # Display choices of the visitor at the kiosk (issue 5); idle reset drops them.
    "text": _one_of("large"),
    "contrast": _one_of("high"),
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


def same_page_url(lang: Lang, **carried: str | None) -> str:
    """This page in `lang`, with carried parameters changed (None drops one); home if unsure."""
    values = {**g.get("carried", {}), **carried}
    values = {k: v for k, v in values.items() if v is not None}
    if request.endpoint is None or "lang" not in (request.view_args or {}):
        return url_for("directory.home", lang=lang, **values)
    extra = {"q": query} if (query := search_query()) else {}
    return url_for(request.endpoint, **{**(request.view_args or {}), "lang": lang}, **extra, **values)


def search_query() -> str:
    """The search text of this request, cut to MAX_QUERY characters and trimmed."""
    return request.args.get("q", "", type=str)[:MAX_QUERY].strip()


def language_switch_url(lang: Lang) -> str:
    """The same page in the other language."""
    return same_page_url(other_language(lang))


def toggle_url(lang: Lang, name: str, value: str) -> str:
    """This page with carried parameter `name` switched between `value` and absent."""
    is_on = g.get("carried", {}).get(name) == value
    return same_page_url(lang, **{name: None if is_on else value})
