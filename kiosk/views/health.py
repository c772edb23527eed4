"""GET /healthz: is the app up, which file it serves, and what it holds."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from kiosk.views.context import current_site

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """JSON status for monitoring and the installer."""
    store = current_app.extensions["kiosk.store"]
    site = current_site()
    loaded = site.building
    body = {
        "status": "ok" if not store.refused else "degraded",
        "file": str(store.path),
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
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response
