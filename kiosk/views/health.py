"""GET /healthz: is the app up, which file it serves, and what it holds."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from kiosk import calendar
from kiosk.views.context import building, now

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """JSON status for monitoring and the installer."""
    store = current_app.extensions["kiosk.store"]
    loaded = building()
    body = {
        "status": "ok" if not store.refused else "degraded",
        "file": str(store.path),
        "building": loaded.building.id,
        "counts": {
            "floors": len(loaded.floors),
            "spaces": len(loaded.spaces),
            "facilities": len(loaded.facilities),
            "kiosks": len(loaded.kiosks),
            "notices": len(loaded.notices),
        },
        # An edit that was refused: the kiosk still shows the last good file.
        "refused_edit": [str(p) for p in store.refused],
        # Each event file or feed: when its last good copy was read, the last error, rows skipped.
        "event_feeds": current_app.extensions["kiosk.events"].health(),
        # China's holiday arrangement: which package release, and a warning when it lacks a year.
        "calendar": {
            "holidays_package": calendar.package_version(),
            "warning": calendar.coverage_warning(now().date()),
        },
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response
