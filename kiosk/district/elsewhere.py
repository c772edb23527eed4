""" "Also at other centres": a building's search, run in the district's other buildings."""

from __future__ import annotations

from collections.abc import Callable

from flask import request

from kiosk.district.stores import Stores
from kiosk.model.building import Lang
from kiosk.search.index import floor_text, search
from kiosk.web.views.search import SEARCH_ELSEWHERE, Elsewhere

ELSEWHERE = SEARCH_ELSEWHERE
PER_CENTRE = 3  # the best few of each other centre: the visitor's own building comes first, and is the page
MAX_RESULTS = 12


def searcher(district: Stores, building_id: str) -> Callable[[str, Lang], tuple[Elsewhere, ...]]:
    """The function the search page of `building_id` calls for results in the district's other buildings."""

    def elsewhere(query: str, lang: Lang) -> tuple[Elsewhere, ...]:
        # The district's root: this building's mount point without its own `/<building-id>`.
        root = request.script_root.removesuffix(f"/{building_id}")
        found: list[Elsewhere] = []
        for other in district.district.buildings:
            if other.id != building_id:
                found += _in(district, other.id, query, lang, root)
        return tuple(found[:MAX_RESULTS])

    return elsewhere


def _in(district: Stores, building_id: str, query: str, lang: Lang, root: str) -> list[Elsewhere]:
    """The best spaces for `query` in one other building, linked in `lang` if it speaks it."""
    site = district.store(building_id).current()
    shown = lang if lang in site.languages else site.default_language
    centre = site.building.building.short_name or site.building.building.name
    rows = []
    for entry in search(site.search_index, query):
        if entry["kind"] != "space":
            continue  # "toilets" at another centre helps nobody standing in this one
        href = f"{root}/{building_id}/{shown}/spaces/{entry['id']}"
        rows.append(Elsewhere(href, entry["label"].get(shown, ""), floor_text(entry, shown), centre(lang)))
        if len(rows) == PER_CENTRE:
            break
    return rows
