"""The district's own pages: `/<lang>/` lists the centres, `/healthz` reports each building."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.routing import RequestRedirect

from kiosk.district.stores import Stores
from kiosk.load.district import DistrictBuilding
from kiosk.load.site import Site
from kiosk.model.building import Lang
from kiosk.model.i18n import category_name, html_lang, language_name, translate
from kiosk.web import headers, hosts
from kiosk.web.context import HoursText, describe_space_hours
from kiosk.web.serving import is_local_request
from kiosk.web.urls import LanguageConverter


@dataclass(frozen=True)
class Centre:
    """One centre as the district home lists it."""

    href: str
    name: str
    address: str
    hours: HoursText
    offers: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """The centres of one subdistrict (an empty name: those the file gives none)."""

    name: str
    centres: tuple[Centre, ...]


def create_home_app(district: Stores, settings: Mapping[str, Any]) -> Flask:
    """The Flask app of the district's own pages (the buildings' apps are mounted beside it)."""
    import kiosk

    app = Flask(kiosk.__name__)  # kiosk's templates and static files
    app.config.from_mapping(CLOCK=lambda: dt.datetime.now(dt.UTC), JSON_AS_ASCII=False)
    app.config.from_mapping(settings)
    app.config["TRUSTED_HOSTS"] = hosts.trusted_hosts(app.config.get("PUBLIC_URL"))
    app.url_map.converters["lang"] = LanguageConverter
    app.extensions["kiosk.district"] = district
    headers.init_app(app)
    _routes(app, district)
    return app


def district_languages(district: Stores) -> tuple[Lang, ...]:
    """The languages of the district's name: the home is served in each, the first by default."""
    return tuple(district.district.district.name.root)


def _routes(app: Flask, district: Stores) -> None:
    languages = district_languages(district)

    @app.before_request
    def refuse_untrusted_host() -> Response | None:
        if isinstance(request.routing_exception, SecurityError):
            return Response("400 Bad Request: unknown host\n", 400, mimetype="text/plain")
        return None

    @app.get("/")
    def root() -> ResponseReturnValue:
        """To the home in the visitor's language; a lobby screen's `?kiosk=` goes to its own building."""
        kiosk = request.args.get("kiosk", "")
        owner = _kiosk_owner(district, kiosk) if kiosk else None
        if owner is not None:
            return redirect(f"{request.script_root}/{owner}/?kiosk={kiosk}")
        lang = request.accept_languages.best_match(languages) or languages[0]
        return redirect(url_for("home", lang=lang))

    @app.get("/<lang:lang>/")
    def home(lang: Lang) -> ResponseReturnValue:
        """Every centre: its address, open now, what it offers, grouped by subdistrict."""
        if lang not in languages:
            abort(404)
        now = app.config["CLOCK"]()
        groups = _groups(district, lang, now)
        others = [(other, language_name(other), url_for("home", lang=other)) for other in languages if other != lang]
        title = district.district.district.name(lang)
        return render_template(
            "district_home.html",
            lang=lang,
            tag=html_lang(lang),
            title=title,
            groups=groups,
            others=others,
            t=lambda key, **values: translate(lang, key, **values),
        )

    @app.get("/<path:rest>")
    def old_url(rest: str) -> ResponseReturnValue:
        """A page of the building that was served alone at `/`: to its new address, for good (printed codes)."""
        return _old_url(district, rest)

    @app.get("/healthz")
    def healthz() -> ResponseReturnValue:
        """Each building's status; to this machine also its version and what edit was refused."""
        local = is_local_request(request.environ)
        buildings = {entry.id: _health(district, entry.id, local) for entry in district.district.buildings}
        degraded = [building_id for building_id, body in buildings.items() if body["status"] != "ok"]
        body: dict[str, Any] = {"status": "degraded" if degraded else "ok", "degraded": degraded}
        body["buildings"] = buildings
        response = jsonify(body)
        response.headers["Cache-Control"] = "no-store"
        return response


def _old_url(district: Stores, rest: str) -> ResponseReturnValue:
    entry = district.district.old_urls
    if entry is None:
        abort(404)
    app = district.buildings[entry.id]
    try:
        app.url_map.bind("kiosk.invalid").match(f"/{rest}", method="GET")
    except RequestRedirect:
        pass  # `/zh/floors/3f/` and the like: the building's app redirects it on again
    except HTTPException:
        abort(404)  # not a page of that building either
    query = request.query_string.decode("latin-1")
    target = f"{request.script_root}/{entry.id}/{rest}" + (f"?{query}" if query else "")
    return redirect(target, 301)


def _kiosk_owner(district: Stores, kiosk: str) -> str | None:
    """The first building (in the district file's order) with a kiosk of this id."""
    for entry in district.district.buildings:
        if district.store(entry.id).current().building.kiosk(kiosk) is not None:
            return entry.id
    return None


def _health(district: Stores, building_id: str, local: bool) -> dict[str, Any]:
    store = district.store(building_id)
    site = store.current()  # looks at the file, as a visitor's request would: a broken edit shows up here
    body: dict[str, Any] = {"status": "degraded" if store.refused else "ok", "version": site.version}
    if local:
        body["building"] = site.building.building.id
        body["refused_edit"] = [str(p) for p in store.refused]
        body["refused_edits"] = store.refused_count
        body["last_reload"] = site.loaded_at.isoformat(timespec="seconds")
    return body


def _groups(district: Stores, lang: Lang, now: dt.datetime) -> tuple[Group, ...]:
    """The centres by subdistrict, in the district file's order."""
    order: dict[str, list[Centre]] = {}
    for entry in district.district.buildings:
        subdistrict = entry.subdistrict(lang) if entry.subdistrict else ""
        order.setdefault(subdistrict, []).append(_centre(district, entry, lang, now))
    return tuple(Group(name, tuple(centres)) for name, centres in order.items())


def _centre(district: Stores, entry: DistrictBuilding, lang: Lang, now: dt.datetime) -> Centre:
    site: Site = district.store(entry.id).current()
    shown = lang if lang in site.languages else site.default_language
    info = site.building.building
    href = f"{request.script_root}/{entry.id}/{shown}/"
    hours = describe_space_hours(site.building, None, now.astimezone(site.building.tz), lang)
    return Centre(href, info.name(lang), info.address(lang), hours, _offers(site, lang))


def _offers(site: Site, lang: Lang) -> tuple[str, ...]:
    """The names of the categories that have at least one space here."""
    used = {space.category for space in site.building.spaces}
    return tuple(category_name(c, lang) for c in site.building.categories if c.id in used)
