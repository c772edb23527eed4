"""QR codes on screen and on paper: the code image endpoint, the kiosk's corner code, the posters.

/qr.svg?page=/zh/floors/2f&from=lobby   the code (also /qr.png) for one in-site page
/<lang>/posters/                        every poster, for staff to print
/<lang>/posters/building                the building's A4 poster
/<lang>/posters/floors/<id>             one floor's poster
/<lang>/posters/spaces/<id>             one space's poster
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue

from kiosk import qr
from kiosk.building import Lang
from kiosk.urls import current_kiosk
from kiosk.views.context import building
from kiosk.views.directory import LANG

bp = Blueprint("qr", __name__)
CODE_MAX_AGE = 3600  # seconds; after that the browser revalidates and gets a 304


def public_base() -> str | None:
    """The address codes lead to: the env var / CLI override, else floors.yaml's public_url."""
    return qr.public_base(current_app.config.get("PUBLIC_URL"), building())


def code_base() -> str | None:
    """The address on-screen codes lead to: the public URL, else the preview address `kiosk serve` found."""
    return public_base() or current_app.config.get("PREVIEW_URL")


@bp.get("/qr.<any(png, svg):fmt>")
def image(fmt: qr.Format) -> ResponseReturnValue:
    """The code for `?page=<in-site path>`, optionally with `&from=<kiosk id>`."""
    try:
        page = qr.check_page(current_app.url_map, building(), request.args.get("page", ""))
    except qr.PageRefused as refused:
        abort(refused.status)
    from_kiosk = request.args.get("from")
    if from_kiosk is not None and building().kiosk(from_kiosk) is None:
        abort(400)
    base = code_base() or abort(404)  # no public_url and no preview: there is no address to encode
    return _send(qr.make_code(qr.target_url(base, page, from_kiosk), fmt))


def _send(code: qr.Code) -> Response:
    """Send a code with a strong ETag so that repeats are answered with 304."""
    response = Response(code.body, mimetype=code.mimetype)
    response.set_etag(code.etag)
    response.cache_control.public = True
    response.cache_control.max_age = CODE_MAX_AGE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


# --- the code in the kiosk's corner --------------------------------------------------------


@dataclass(frozen=True)
class ScreenCode:
    """What `_qr.html` needs: the image address, the caption key and the address it encodes."""

    src: str
    caption: str
    target: str
    preview: bool = False  # no public URL yet: the code leads to this machine, and says so


def screen_code() -> ScreenCode | None:
    """The code of the current page on a kiosk screen; None off the kiosk, on error pages or without public_url."""
    kiosk = current_kiosk(building())
    base = code_base()
    args = request.view_args or {}
    if kiosk is None or base is None or request.endpoint is None or not qr.is_page(building(), request.endpoint, args):
        return None
    # Rebuilt from the route rather than request.path: only what the router produces goes in a code.
    page = url_for(request.endpoint, **args)
    caption = "qr.scan_building" if request.endpoint == "directory.home" else "qr.scan_page"
    src = url_for("qr.image", fmt="svg", page=page, **{"from": kiosk.id})
    target = qr.target_url(base, page, kiosk.id)
    return ScreenCode(src=src, caption=caption, target=target, preview=public_base() is None)


# --- posters -------------------------------------------------------------------------------


def _poster(lang: Lang, endpoint: str, values: dict[str, str], **subject: object) -> ResponseReturnValue:
    """Render the A4 poster of one page; `subject` is the floor or space it is about, if any."""
    base = public_base()
    page = url_for(endpoint, lang=lang, **values)
    target = qr.target_url(base, page) if base else None
    return render_template(
        "poster.html",
        target=target,
        printed=qr.printed_url(target) if target else None,
        code_src=url_for("qr.image", fmt="svg", page=page),
        **subject,
    )


@bp.get(f"/{LANG}/posters/")
def posters(lang: Lang) -> ResponseReturnValue:
    """Every printable poster, listed for staff."""
    return render_template("posters.html", has_public_url=public_base() is not None)


@bp.get(f"/{LANG}/posters/building")
def building_poster(lang: Lang) -> ResponseReturnValue:
    """The building's A4 poster: 扫码查看大楼布局."""
    return _poster(lang, "directory.home", {})


@bp.get(f"/{LANG}/posters/floors/<floor_id>")
def floor_poster(lang: Lang, floor_id: str) -> ResponseReturnValue:
    """One floor's A4 poster."""
    found = building().floor(floor_id) or abort(404)
    return _poster(lang, "directory.floor", {"floor_id": found.id}, floor=found)


@bp.get(f"/{LANG}/posters/spaces/<space_id>")
def space_poster(lang: Lang, space_id: str) -> ResponseReturnValue:
    """One space's A4 poster."""
    found = building().space(space_id) or abort(404)
    return _poster(lang, "directory.space", {"space_id": found.id}, space=found, floor=building().floor(found.floor))


def init_app(app: Flask) -> None:
    """Check the public URL override, register the blueprint and give `_qr.html` its code."""
    if app.config.get("PUBLIC_URL"):
        app.config["PUBLIC_URL"] = qr.validate_public_url(str(app.config["PUBLIC_URL"]))
    app.register_blueprint(bp)

    @app.context_processor
    def qr_helpers() -> dict[str, object]:
        return {"screen_code": screen_code()}
