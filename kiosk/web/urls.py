"""The URL scheme, in one place.

    /                        → redirect to the visitor's language (Accept-Language; kiosks start in the first)
    /<lang>/                 home: the building, floors, categories, notices
    /<lang>/floors/<id>      one floor
    /<lang>/spaces/<id>      one space (ids are stable: they are printed in QR codes)
    /<lang>/categories/<c>   spaces (and facility kinds) of one category
    /<lang>/facilities/      toilets, lifts and the rest, on every floor
    /<lang>/facilities/<k>   one kind of facility
    /healthz                 JSON status

`<lang>` is one of the building's `languages:`. A few query parameters travel with every
link (`CARRIED_PARAMS`): `kiosk=<id>` puts a page in kiosk mode (the lobby screen opens
`/?kiosk=lobby`), `from=<id>` tells a phone which kiosk its QR code was scanned at. Values
that are not valid are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import url_for
from werkzeug.routing import BaseConverter

from kiosk.model.building import LANG_PATTERN, Building
from kiosk.ways.starts import names_a_start

# `route=step-free` asks for lifts only; `route=any` overrides the large-text default.
ROUTE_STEP_FREE, ROUTE_ANY = "step-free", "any"


# The language part of every page's rule: `/<lang:lang>/...`.
LANG = "<lang:lang>"


class LanguageConverter(BaseConverter):
    """`<lang:lang>`: anything shaped like a language code; the page context 404s unknown ones."""

    regex = LANG_PATTERN.removeprefix("^").removesuffix("$")


def _names_a_kiosk(building: Building, value: str) -> bool:
    return building.kiosk(value) is not None


# The search text is cut to this everywhere it is read or carried (results, language switch):
# longer than any name, and a pasted essay never makes a page bigger.
MAX_QUERY = 60


def _one_of(*allowed: str) -> Callable[[Building, str], bool]:
    return lambda _building, value: value in allowed


# Query parameters that every link of a page carries on, each with the test its value must
# pass; anything else (typos, junk, injection attempts) is silently dropped.
CARRIED_PARAMS: dict[str, Callable[[Building, str], bool]] = {
    "kiosk": _names_a_kiosk,
    "from": names_a_start,  # a kiosk (its QR code), or where a visitor said they are: an entrance, a floor
    "route": _one_of(ROUTE_STEP_FREE, ROUTE_ANY),
    # Display choices of the visitor at the kiosk; the idle reset drops them.
    "text": _one_of("large"),
    "contrast": _one_of("high"),
    "reach": _one_of("low"),  # every control within reach from a wheelchair
}


def read_carried(building: Building, args: Mapping[str, str]) -> dict[str, str]:
    """The carried parameters among `args` whose values are valid."""
    carried = {}
    for name, is_valid in CARRIED_PARAMS.items():
        value = args.get(name)
        if isinstance(value, str) and value and is_valid(building, value):
            carried[name] = value
    return carried


def link(carried: Mapping[str, str], endpoint: str, **values: Any) -> str:
    """url_for that keeps the carried parameters, so kiosk mode survives every tap."""
    return url_for(endpoint, **{**carried, **values})


# The paths of the pages that get printed QR codes, for `kiosk qr` (which builds no Flask app);
# a test checks them against the app's own routes.
PRINTED_PAGE_PATHS = {
    "directory.home": "/{lang}/",
    "directory.floor": "/{lang}/floors/{floor_id}",
    "directory.space": "/{lang}/spaces/{space_id}",
    "layout.layout": "/{lang}/layout/",
}


def printed_page_path(endpoint: str, lang: str, **values: str) -> str:
    """The path of a printable page, without a request or an app."""
    return PRINTED_PAGE_PATHS[endpoint].format(lang=lang, **values)
