"""GET /healthz: is the app up; to this machine only, which file it serves and what it holds.

The public sees only whether the kiosk is up: the file's name and the text of a refused edit
(draft content) are for the installer on the kiosk PC itself (`curl` on the lobby listener). No
answer names a file system path, not even to this machine: `kiosk serve` prints the
full path at start, and reloads log it.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from kiosk.model import calendar
from kiosk.web.context import current_page, current_site
from kiosk.web.serving import is_local_request

bp = Blueprint("health", __name__)
# What anyone may see; every other field is only for requests from this machine.
PUBLIC_FIELDS = ("status", "version")
STARTED = time.monotonic()  # when this process imported the app: uptime counts from here


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """JSON status for monitoring and the installer."""
    # Strangers get two fields, and cost no more than those: the details read feeds and China's calendar.
    body = _details() if is_local_request(request.environ) else _public()
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def _public() -> dict[str, Any]:
    """`PUBLIC_FIELDS` of `_details()`, without working out the rest."""
    store = current_app.extensions["kiosk.store"]
    body = {"status": "ok" if not store.refused else "degraded", "version": current_site().version}
    return {key: body[key] for key in PUBLIC_FIELDS}


def _details() -> dict[str, Any]:
    store = current_app.extensions["kiosk.store"]
    site = current_site()
    loaded = site.building
    return {
        "status": "ok" if not store.refused else "degraded",
        "file": store.path.name,
        "version": site.version,
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
        "refused_edits": store.refused_count,
        # How long this server has run, and since when the content on screen is loaded.
        "uptime_seconds": round(time.monotonic() - STARTED),
        "last_reload": site.loaded_at.isoformat(timespec="seconds"),
        # Each event file or feed: when its last good copy was read, the last error, rows skipped.
        "event_feeds": current_app.extensions["kiosk.events"].health(),
        # China's holiday arrangement: which package release, and a warning when it lacks a year.
        "calendar": {
            "holidays_package": calendar.package_version(),
            "warning": calendar.coverage_warning(current_page().now.date()),
        },
    }
