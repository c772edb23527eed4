"""Search: server-rendered results for phones without JavaScript, and the index kiosk.js ranks with."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from kiosk.model.building import Lang
from kiosk.model.i18n import category_name, kind_name
from kiosk.search.index import floor_text, search
from kiosk.timetable.status import help_desk
from kiosk.web.context import PageContext, current_page, current_site
from kiosk.web.render import render
from kiosk.web.urls import LANG

bp = Blueprint("search", __name__)
# Where the lobby screen reports the searches it ran in the browser: a function of the page, set by
# whatever counts them (the console's analytics), so that this page does not depend on the console.
SEARCH_BEACON = "kiosk.search.beacon"
# In a district, a function `(query, lang) -> tuple[Elsewhere, ...]`: the same search in the other
# buildings, shown after this building's own results. Set by kiosk/district; absent for one building.
SEARCH_ELSEWHERE = "kiosk.search.elsewhere"
# The words searched most lately (a function of the moment, set by the console's analytics when counting).
TOP_SEARCHES = "kiosk.search.top"


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


@dataclass(frozen=True)
class Target:
    """A button that needs no typing: a word to search, a floor, a category, the help desk."""

    href: str
    text: str


COMMON_WORDS = 8


def _words_people_look_for(page: PageContext) -> list[str]:
    """The analytics' top searches, else the catalog's usual words, then the building's kinds of facility."""
    top_of = current_app.extensions.get(TOP_SEARCHES)
    words = list(top_of(page.now)) if top_of is not None else []
    words += page.t("search.common_words").split(",")
    words += [kind_name(kind, page.lang) for kind in page.building.kinds_present()]
    return [word.strip() for word in words if word.strip()]


def common_words(page: PageContext) -> tuple[Target, ...]:
    """Up to eight words people look for most, each one that finds something here, as search links."""
    chosen: dict[str, Target] = {}
    for word in _words_people_look_for(page):
        found = search(page.site.search_index, word, limit=1)
        if found and word.lower() not in chosen:
            chosen[word.lower()] = Target(page.url("search.results", q=word), word)
        if len(chosen) == COMMON_WORDS:
            break
    return tuple(chosen.values())


@dataclass(frozen=True)
class NothingFound:
    """What the no-result page offers instead: floors, categories and the help desk, all as targets."""

    floors: tuple[Target, ...]
    categories: tuple[Target, ...]
    help_desk: Target | None


def nothing_found(page: PageContext) -> NothingFound:
    """Ways on when a search finds nothing: browse by floor or category, or ask at the help desk."""
    building = page.building
    floors = tuple(
        Target(page.url("directory.floor", floor_id=f.id), f"{f.label} {f.name(page.lang)}" if f.name else f.label)
        for f in building.floors_top_down
    )
    categories = tuple(
        Target(page.url("directory.category", category=c.id), category_name(c, page.lang))
        for c in building.categories
        if building.spaces_in(c.id) or c.facility_kinds
    )
    desk = help_desk(building)
    desk_target = Target(page.url("directory.space", space_id=desk.id), desk.name(page.lang)) if desk else None
    return NothingFound(floors, categories, desk_target)


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
    beacon = beacon_of(page) if beacon_of is not None else None  # the lobby screen says what it searched
    elsewhere_of = current_app.extensions.get(SEARCH_ELSEWHERE)
    return render(
        "search.html",
        page,
        query=query,
        results=rows,
        carried=page.carried,
        beacon=beacon,
        common=common_words(page),
        nothing=nothing_found(page),
        elsewhere=elsewhere_of(query, lang) if elsewhere_of is not None and query else (),
    )


@bp.get("/search-index.json")
def index_json() -> ResponseReturnValue:
    """The search index, fetched once per page so search keeps working if the server blips."""
    response = jsonify(list(current_site().search_index))
    response.headers["Cache-Control"] = "no-cache"  # revalidate by ETag: cheap, and edits show up
    response.add_etag()
    return response.make_conditional(request)
