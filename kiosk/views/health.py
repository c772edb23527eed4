"""GET /healthz: is the app up, which file it serves, and what it holds."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from kiosk.views.context import building

bp = Blueprint("health", __name__)
STARTED = time.monotonic()  # when this process imported the app: uptime counts from here


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
        # Issue 12: which content is on screen, since when, and how many edits were refused.
        "version": store.version,
        "uptime_seconds": round(time.monotonic() - STARTED),
        "last_reload": store.loaded_at.isoformat(timespec="seconds"),
        "refused_edits": store.refused_edits,
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response
