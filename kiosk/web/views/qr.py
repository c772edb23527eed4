"""QR codes on screen and on paper: the code image endpoint, the kiosk's corner code, the posters.

/qr.svg?page=/zh/floors/2f&from=lobby   the code (also /qr.png) for one in-site page
/qr.svg?page=/zh/floors/2f&scan=floor-2f the code of a printed poster (its id marks the scans)
/<lang>/posters/                        every poster, for staff to print
/<lang>/posters/building                the building's A4 poster
/<lang>/posters/floors/<id>             one floor's poster
/<lang>/posters/spaces/<id>             one space's poster
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for
from flask.typing import ResponseReturnValue

from kiosk.model import scans
from kiosk.model.building import Building, Lang
from kiosk.model.public_url import allows_http, validate_public_url
from kiosk.web import qr
from kiosk.web.context import current_page, current_site
from kiosk.web.models.corner_code import code_base, public_base
from kiosk.web.render import render
from kiosk.web.urls import LANG, ROUTE_ANY, ROUTE_STEP_FREE

bp = Blueprint("qr", __name__)
CODE_MAX_AGE = 3600  # seconds; after that the browser revalidates and gets a 304


@bp.get("/qr.<any(png, svg):fmt>")
def image(fmt: qr.Format) -> ResponseReturnValue:
    """The code for `?page=<in-site path>`, optionally with `&from=<kiosk id>`."""
    site = current_site()
    # Under a district's `/<building-id>` the page's path carries that prefix: match it without.
    root = request.script_root
    asked = request.args.get("page", "")
    inside = asked.removeprefix(root) if root and asked.startswith(root + "/") else asked
    try:
        page = root + qr.check_page(current_app.url_map, site.building, inside)
    except qr.PageRefused as refused:
        abort(refused.status)
    from_kiosk = request.args.get("from")
    if from_kiosk is not None and site.building.kiosk(from_kiosk) is None:
        abort(400)
    poster = request.args.get(scans.SCAN_PARAM)
    if poster is not None and scans.poster_id(poster) is None:
        abort(400)  # a code is an image to print: a wrong marker is refused, not silently dropped
    route = request.args.get("route")
    if route is not None and route not in (ROUTE_STEP_FREE, ROUTE_ANY):
        abort(400)
    base = code_base(site) or abort(404)  # no public_url and no preview: there is no address to encode
    return _send(qr.make_code(qr.target_url(base, page, from_kiosk, poster, route), fmt))


def _send(code: qr.Code) -> ResponseReturnValue:
    """Send a code with a strong ETag so that repeats are answered with 304."""
    response = Response(code.body, mimetype=code.mimetype)
    response.set_etag(code.etag)
    response.cache_control.public = True
    response.cache_control.max_age = CODE_MAX_AGE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


# --- posters -------------------------------------------------------------------------------


def _poster(lang: Lang, endpoint: str, values: dict[str, str], **subject: object) -> ResponseReturnValue:
    """Render the A4 poster of one page; `subject` is the floor or space it is about, if any."""
    page = current_page()
    base = public_base(page.site)
    arguments: dict[str, Any] = {"lang": lang, **values}
    path = url_for(endpoint, **arguments)
    poster = poster_marker(page.building, endpoint, values)
    target = qr.target_url(base, path, poster=poster) if base else None
    code: dict[str, Any] = {"fmt": "svg", "page": path, **({scans.SCAN_PARAM: poster} if poster else {})}
    return render(
        "poster.html",
        page,
        target=target,
        printed=qr.printed_url(qr.target_url(base, path)) if base else None,  # people type the short address
        code_src=url_for("qr.image", **code),
        languages=page.site.languages,
        **subject,
    )


def poster_marker(building: Building, endpoint: str, values: dict[str, str]) -> str | None:
    """The poster id a printed code carries: the name `kiosk qr` gives the same page's file."""
    names = (p.name for p in qr.printable_pages(building) if p.endpoint == endpoint and dict(p.values) == values)
    return scans.poster_id(next(names, None))


@bp.get(f"/{LANG}/posters/")
def posters(lang: Lang) -> ResponseReturnValue:
    """Every printable poster, listed for staff."""
    page = current_page()
    return render("posters.html", page, has_public_url=public_base(page.site) is not None)


@bp.get(f"/{LANG}/posters/building")
def building_poster(lang: Lang) -> ResponseReturnValue:
    """The building's A4 poster: 扫码查看大楼布局, leading to the layout page."""
    return _poster(lang, "layout.layout", {})


@bp.get(f"/{LANG}/posters/floors/<floor_id>")
def floor_poster(lang: Lang, floor_id: str) -> ResponseReturnValue:
    """One floor's A4 poster."""
    found = current_site().building.floor(floor_id) or abort(404)
    return _poster(lang, "directory.floor", {"floor_id": found.id}, floor=found)


@bp.get(f"/{LANG}/posters/spaces/<space_id>")
def space_poster(lang: Lang, space_id: str) -> ResponseReturnValue:
    """One space's A4 poster."""
    building = current_site().building
    found = building.space(space_id) or abort(404)
    return _poster(lang, "directory.space", {"space_id": found.id}, space=found, floor=building.floor(found.floor))


def init_app(app: Flask) -> None:
    """Check the public URL override and register the blueprint."""
    if app.config.get("PUBLIC_URL"):
        allow_http = allows_http(app.config.get("ALLOW_HTTP"))  # $KIOSK_ALLOW_HTTP or `kiosk serve --allow-http`
        app.config["PUBLIC_URL"] = validate_public_url(str(app.config["PUBLIC_URL"]), allow_http)
    app.register_blueprint(bp)
