"""kiosk: a lobby wayfinding kiosk and phone directory for a public building.

`create_app()` is the Flask application factory; `kiosk serve` runs it under waitress.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from kiosk.load.store import BuildingStore
from kiosk.model.public_url import allows_http
from kiosk.timetable.feeds import EventFeeds
from kiosk.web import hosts

DEFAULT_CONFIG = "floors.yaml"


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Which floors.yaml to serve: the argument, else $KIOSK_CONFIG, else ./floors.yaml."""
    return Path(explicit or os.environ.get("KIOSK_CONFIG") or DEFAULT_CONFIG)


def create_app(config: str | os.PathLike[str] | None = None, test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app for one building file; raises BuildingFileError if the file is invalid."""
    app = Flask(__name__)
    app.config.from_mapping(
        KIOSK_CONFIG=str(config_path(config)),
        CLOCK=lambda: dt.datetime.now(dt.UTC),
        RELOAD_SECONDS=2.0,
        JSON_AS_ASCII=False,
        MAX_CONTENT_LENGTH=64 * 1024,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.config.from_prefixed_env("KIOSK")

    from kiosk.web.urls import LanguageConverter

    app.url_map.converters["lang"] = LanguageConverter
    store = BuildingStore(Path(app.config["KIOSK_CONFIG"]), check_every=float(app.config["RELOAD_SECONDS"]))
    app.extensions["kiosk.store"] = store
    # Feeds follow reloads: they read the building of whatever site the store holds now.
    feeds = EventFeeds(
        lambda: store.current().building,
        Path(app.config["KIOSK_CONFIG"]).parent,
        lambda: app.config["CLOCK"](),
        allow_http=allows_http(app.config.get("ALLOW_HTTP")),
    )
    # $KIOSK_FEED_DEADLINE_SECONDS: how long one feed's whole download may take (tests shorten it).
    feeds.deadline = float(app.config.get("FEED_DEADLINE_SECONDS", feeds.deadline))
    app.extensions["kiosk.events"] = feeds
    if app.config.get("EVENT_FEEDS_THREAD", not app.testing):
        feeds.start()  # URL feeds are fetched here, in the background, never on a visitor's request

    from kiosk.offline import views as offline
    from kiosk.publish import boards
    from kiosk.staff import views as staff_views
    from kiosk.web import context, errors, headers
    from kiosk.web.cache import hooks as cache
    from kiosk.web.views import directory, health, layout, search, theme, wayfinding, whats_on
    from kiosk.web.views import qr as qr_views

    cache.init_app(app)  # first: its after_request hook must run last (kept pages, compression)
    context.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    wayfinding.init_app(app)
    whats_on.init_app(app)
    app.register_blueprint(directory.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(theme.bp)
    app.register_blueprint(layout.bp)  # the building layout page
    app.register_blueprint(boards.bp)  # the printed floor boards
    offline.init_app(app)
    staff_views.init_app(app)  # /staff/: a 404 until a first account exists
    from kiosk.reports import views as report_views
    from kiosk.staff import report_views as staff_reports

    report_views.init_app(app)  # "report a problem" on every visitor page, on with the console
    staff_reports.init_app(app)  # /staff/reports: the queue, and one tap to act on a report
    from kiosk.staff import plan_views

    plan_views.init_app(app)  # /staff/plans: draw the floors
    from kiosk.web.views import speech

    speech.init_app(app)  # Read aloud: clips rendered in the background, never on a request
    qr_views.init_app(app)  # after the config: it checks the KIOSK_PUBLIC_URL override
    hosts.init_app(app)  # after the public URL is known: its host is trusted
    from kiosk.web.cache import fastpath

    fastpath.init_app(app)  # last: kept pages go out before Flask dispatches
    return app
