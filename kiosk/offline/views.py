"""The lobby screen never shows the browser's error page.

/sw.js?kiosk=<id>                 the service worker, scoped to the whole site
/offline/manifest.json?kiosk=<id> what it keeps: every kiosk page and asset of the current version
/offline/wait?kiosk=<id>          the kiosk's own "one moment" page, in every language, which retries by itself

Every HTML response says `X-Kiosk-Version`, so the worker notices a new version on the next page
it fetches and copies the new pages while the old copy still serves.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, url_for
from flask.typing import ResponseReturnValue

from kiosk.load.site import Site
from kiosk.model.i18n import html_lang, translate
from kiosk.offline.manifest import directory_pages, site_version
from kiosk.speech.clips import SUFFIX
from kiosk.web.cache import registry
from kiosk.web.cache.hooks import static_version
from kiosk.web.chrome import Said
from kiosk.web.context import current_page, current_site
from kiosk.web.models.corner_code import code_base, corner_code_path
from kiosk.web.render import render
from kiosk.web.views.wayfinding import background_url

bp = Blueprint("offline", __name__)
WORKER = Path(__file__).resolve().parent.parent / "static" / "sw.js"
ASSETS = ("kiosk.css", "kiosk.js", "icons.svg", "speech.js")
RETRY_SECONDS = 5


def current_version(site: Site) -> str:
    """The version of everything a kiosk keeps: floors.yaml (`Site.version`) and the static files."""
    assets = tuple(static_version(name) for name in (*ASSETS, "sw.js"))
    store = current_app.extensions.get("kiosk.speech")
    # New clips (after a reload, or when "open now" changes) make a new version: the copy takes them.
    speech = (f"speech-{store.generation}",) if store is not None else ()
    return _combined(site.version, assets + speech)


@lru_cache(maxsize=16)
def _combined(content_version: str, asset_versions: tuple[str, ...]) -> str:
    return site_version(content_version, asset_versions)  # worked out once per change, not per page


@bp.get("/sw.js")
def worker() -> ResponseReturnValue:
    """The service worker script, allowed to control every page of the site."""
    response = Response(WORKER.read_bytes(), mimetype="application/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"  # the browser checks for a new worker on every start
    return response


@bp.get("/offline/manifest.json")
def manifest() -> ResponseReturnValue:
    """What a kiosk keeps a copy of: its pages in every language, their codes, assets, the search index."""
    page = current_page()
    kiosk = page.kiosk or abort(404)
    site = page.site
    building = site.building
    urls = [url_for("static", filename=name) for name in ASSETS]
    urls += [url_for("theme.stylesheet", v=site.version)]  # the building's colours, as every page links them
    urls += [url_for("search.index_json"), url_for("offline.wait", kiosk=kiosk.id)]
    urls += [url for floor in building.floors if (url := background_url(site, floor))]  # drawings under the plans
    has_codes = code_base(site) is not None
    for route in directory_pages(building):
        urls.append(page.url(route.endpoint, **route.values))  # with ?kiosk=, as the screen links them
        if has_codes and route.endpoint != "search.results":  # the search page has no code in its corner
            # The kiosk corner's code image, exactly as `qr.screen_code` names it.
            page_path = corner_code_path(route.endpoint, dict(route.values))
            code: dict[str, Any] = {"fmt": "svg", "page": page_path, "from": kiosk.id}
            urls.append(url_for("qr.image", **code))
    urls += speech_urls(site, kiosk.id)  # Read aloud works while the server is down
    body = {
        "version": current_version(site),
        "timezone": building.building.timezone,
        "home": url_for("directory.home", lang=site.default_language, kiosk=kiosk.id),
        "wait": url_for("offline.wait", kiosk=kiosk.id),
        "urls": list(dict.fromkeys(urls)),
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def speech_urls(site: Site, kiosk_id: str) -> list[str]:
    """The rendered clips this kiosk's pages play, so that its offline copy speaks too."""
    store = current_app.extensions.get("kiosk.speech")
    if store is None:
        return []
    return [
        url_for("speech.clip", version=site.version, name=f"{key}.{lang}.{SUFFIX}")
        for key, lang in store.kiosk_clips(site, kiosk_id)
    ]


@bp.get("/offline/wait")
def wait() -> ResponseReturnValue:
    """The "one moment" page the worker shows for a page it has no copy of, in every language of the building."""
    page = current_page()

    def said(key: str) -> tuple[Said, ...]:
        return tuple(Said(lang, html_lang(lang), translate(lang, key)) for lang in page.site.languages)

    return render(
        "wait.html",
        page,
        retry_seconds=RETRY_SECONDS,
        titles=said("offline.wait_title"),
        bodies=said("offline.wait_body"),
    )


def init_app(app: Flask) -> None:
    """Serve the worker and its manifest; every page says its version."""
    app.register_blueprint(bp)

    @app.after_request
    def say_version(response: Response) -> Response:
        # A kept page (views/cache.py) already carries the header it was rendered with.
        if response.mimetype == "text/html" and "X-Kiosk-Version" not in response.headers:
            response.headers["X-Kiosk-Version"] = current_version(current_site())
        return response

    registry.skipped_for_kept_pages(app, say_version, "a kept page carries the header it was made with")
