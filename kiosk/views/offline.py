"""The lobby screen never shows the browser's error page (issue 12).

/sw.js?kiosk=<id>                 the service worker, scoped to the whole site
/offline/manifest.json?kiosk=<id> what it keeps: every kiosk page and asset of the current version
/offline/wait?kiosk=<id>          the kiosk's own bilingual "one moment" page, which retries by itself

Every HTML response says `X-Kiosk-Version`, so the worker notices a new version on the next page
it fetches and copies the new pages while the old copy still serves.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, url_for
from flask.typing import ResponseReturnValue

from kiosk.offline import directory_pages, site_version
from kiosk.urls import current_kiosk, page_url
from kiosk.views.cache import static_version
from kiosk.views.context import building
from kiosk.views.qr import code_base
from kiosk.views.wayfinding import _background_url as background_url

bp = Blueprint("offline", __name__)
WORKER = Path(__file__).resolve().parent.parent / "static" / "sw.js"
ASSETS = ("kiosk.css", "kiosk.js", "icons.svg")
RETRY_SECONDS = 5


def current_version() -> str:
    """The version of everything a kiosk keeps: floors.yaml and the static files (worked out once per change)."""
    store = current_app.extensions["kiosk.store"]
    assets = tuple(static_version(name) for name in (*ASSETS, "sw.js"))
    return _combined(store.version, assets)


@lru_cache(maxsize=16)
def _combined(content_version: str, asset_versions: tuple[str, ...]) -> str:
    return site_version(content_version, asset_versions)


@bp.get("/sw.js")
def worker() -> ResponseReturnValue:
    """The service worker script, allowed to control every page of the site."""
    response = Response(WORKER.read_bytes(), mimetype="application/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"  # the browser checks for a new worker on every start
    return response


def _code_url(page: str, kiosk_id: str) -> str | None:
    """The kiosk corner's code image for `page`, as `_qr.html` shows it (None without a public URL)."""
    if code_base() is None:
        return None
    return url_for("qr.image", fmt="svg", page=page, **{"from": kiosk_id})


@bp.get("/offline/manifest.json")
def manifest() -> ResponseReturnValue:
    """What a kiosk keeps a copy of: its pages in every language, their codes, assets, the search index."""
    kiosk = current_kiosk(building()) or abort(404)
    urls = [url_for("static", filename=name) for name in ASSETS]
    urls += [url_for("search.index_json"), url_for("offline.wait", kiosk=kiosk.id)]
    urls += [url for url in map(background_url, building().floors) if url]  # drawings under the plans, if any
    for route in directory_pages(building()):
        urls.append(page_url(route.endpoint, **route.values))
        code = _code_url(url_for(route.endpoint, **route.values), kiosk.id)
        if code and route.endpoint != "search.results":  # the search page has no code in its corner
            urls.append(code)
    body = {
        "version": current_version(),
        "timezone": building().building.timezone,
        "home": url_for("directory.home", lang="zh", kiosk=kiosk.id),
        "wait": url_for("offline.wait", kiosk=kiosk.id),
        "urls": list(dict.fromkeys(urls)),
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/offline/wait")
def wait() -> ResponseReturnValue:
    """The bilingual "one moment" page the worker shows for a page it has no copy of."""
    return render_template("wait.html", retry_seconds=RETRY_SECONDS)


def init_app(app: Flask) -> None:
    """Serve the worker and its manifest; every page says its version."""
    app.register_blueprint(bp)

    @app.after_request
    def say_version(response: Response) -> Response:
        # A kept page (views/cache.py) already carries the header it was rendered with.
        if response.mimetype == "text/html" and "X-Kiosk-Version" not in response.headers:
            response.headers["X-Kiosk-Version"] = current_version()
        return response
