"""Search: server-rendered results for phones without JavaScript, and the index kiosk.js ranks with."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from kiosk.model.building import Lang
from kiosk.search.index import floor_text, search
from kiosk.web.context import current_page, current_site
from kiosk.web.render import render
from kiosk.web.urls import LANG

bp = Blueprint("search", __name__)
# Where the lobby screen reports the searches it ran in the browser: a function of the page, set by
# whatever counts them (the console's analytics), so that this page does not depend on the console.
SEARCH_BEACON = "kiosk.search.beacon"
# In a district (issue 30), a function `(query, lang) -> tuple[Elsewhere, ...]`: the same search in the other
# buildings, shown after this building's own results. Set by kiosk/district; absent for one building.
SEARCH_ELSEWHERE = "kiosk.search.elsewhere"


@dataclass(frozen=True)
class Result:
    """One result as a button: where it leads, its name and its floor."""

    href: str
    name: str
    floor: str


@dataclass(frozen=True)
class Elsewhere:
    """A result in another building of the district: where it leads, its name, its floor and its centre."""

    href: str
    name: str
    floor: str
    centre: str


@bp.get(f"/{LANG}/search")
def results(lang: Lang) -> ResponseReturnValue:
    """The search page: a form, and the results for ?q= rendered on the server."""
    page = current_page()
    query = page.query  # already cut to MAX_QUERY characters: a pasted essay is cut, never an error
    found = search(page.site.search_index, query) if query else []
    rows = tuple(
        Result(
            page.url("directory.space", space_id=entry["id"])
            if entry["kind"] == "space"
            else page.url("directory.facility_kind", kind=entry["id"]),
            entry["label"].get(lang, ""),
            floor_text(entry, lang),
        )
        for entry in found
    )
    beacon_of = current_app.extensions.get(SEARCH_BEACON)
    beacon = beacon_of(page) if beacon_of is not None else None
    elsewhere_of = current_app.extensions.get(SEARCH_ELSEWHERE)
    elsewhere = elsewhere_of(query, lang) if elsewhere_of is not None and query else ()
    return render(
        "search.html", page, query=query, results=rows, carried=page.carried, beacon=beacon, elsewhere=elsewhere
    )


@bp.get("/search-index.json")
def index_json() -> ResponseReturnValue:
    """The search index, fetched once per page so search keeps working if the server blips."""
    response = jsonify(list(current_site().search_index))
    response.headers["Cache-Control"] = "no-cache"  # revalidate by ETag: cheap, and edits show up
    response.add_etag()
    return response.make_conditional(request)
