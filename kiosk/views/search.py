"""Search: server-rendered results for phones without JavaScript, and the index kiosk.js ranks with."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from kiosk.building import Lang
from kiosk.search import floor_text, index_for, search
from kiosk.urls import search_query
from kiosk.views.context import building

bp = Blueprint("search", __name__)
LANG = "<any(zh, en):lang>"


@bp.get(f"/{LANG}/search")
def results(lang: Lang) -> ResponseReturnValue:
    """The search page: a form, and the results for ?q= rendered on the server."""
    query = search_query()  # cut to MAX_QUERY: a pasted essay is cut, never an error
    found = search(index_for(building()), query) if query else []
    rows = [{"entry": entry, "floor": floor_text(entry, lang)} for entry in found]
    return render_template("search.html", query=query, results=rows, carried=g.get("carried", {}))


@bp.get("/search-index.json")
def index_json() -> ResponseReturnValue:
    """The search index, fetched once per page so search keeps working if the server blips."""
    response = jsonify(index_for(building()))
    response.headers["Cache-Control"] = "no-cache"  # revalidate by ETag: cheap, and edits show up
    response.add_etag()
    return response.make_conditional(request)
