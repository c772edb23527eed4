"""The building directory: home, floors, spaces, categories and facilities, per language."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request
from flask.typing import ResponseReturnValue

from kiosk.building import Category, FacilityKind, Lang
from kiosk.i18n import negotiate
from kiosk.urls import page_url
from kiosk.views.context import building

bp = Blueprint("directory", __name__)
LANG = "<any(zh, en):lang>"


@bp.get("/")
def root() -> ResponseReturnValue:
    """Send the visitor to their language; a kiosk starts in Chinese, phones follow the browser."""
    carried_kiosk = request.args.get("kiosk")
    lang = "zh" if building().kiosk(carried_kiosk) else negotiate(request.headers.get("Accept-Language"))
    response = redirect(page_url("directory.home", lang=lang))
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.get(f"/{LANG}/")
def home(lang: Lang) -> ResponseReturnValue:
    """The building at a glance: hours, floors as a stack, categories, notices."""
    return render_template("home.html", categories=list(Category), facility_kinds=list(FacilityKind))


@bp.get(f"/{LANG}/floors/<floor_id>")
def floor(lang: Lang, floor_id: str) -> ResponseReturnValue:
    """One floor: every space and facility on it."""
    found = building().floor(floor_id) or abort(404)
    below, above = building().neighbours(found)
    return render_template(
        "floor.html",
        floor=found,
        spaces=building().spaces_on(found.id),
        facilities=building().facilities_on(found.id),
        below=below,
        above=above,
    )


@bp.get(f"/{LANG}/spaces/<space_id>")
def space(lang: Lang, space_id: str) -> ResponseReturnValue:
    """One space: where it is, when it is open, what is near it."""
    found = building().space(space_id) or abort(404)
    return render_template(
        "space.html",
        space=found,
        floor=building().floor(found.floor),
        nearby=building().facilities_on(found.floor),
    )


@bp.get(f"/{LANG}/categories/<category>")
def category(lang: Lang, category: str) -> ResponseReturnValue:
    """The spaces of one category, bottom floor first."""
    if category not in Category.__members__:
        abort(404)
    chosen = Category(category)
    return render_template("category.html", category=chosen, spaces=building().spaces_in(chosen))


@bp.get(f"/{LANG}/facilities/")
def facilities(lang: Lang) -> ResponseReturnValue:
    """Every kind of facility and the floors it is on."""
    return render_template("facilities.html", kinds=list(FacilityKind))


@bp.get(f"/{LANG}/facilities/<kind>")
def facility_kind(lang: Lang, kind: str) -> ResponseReturnValue:
    """One kind of facility (e.g. toilets) on every floor, top floor first."""
    values = {k.value: k for k in FacilityKind}
    chosen = values.get(kind) or abort(404)
    return render_template("facility.html", kind=chosen, found=building().facilities_of(chosen))
