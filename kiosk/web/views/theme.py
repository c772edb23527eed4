"""/site.css: the building's own colours (its categories), as a stylesheet the CSP allows.

Inline `style` attributes are refused by our Content-Security-Policy, so data-driven colours
come from this small generated stylesheet, versioned with the site and cached for a year.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from kiosk.model.building import Building
from kiosk.web.context import current_site

bp = Blueprint("theme", __name__)
TINT = 0.9  # room fills on the plans: the category colour mixed this far towards white


def tint(colour: str, amount: float = TINT) -> str:
    """`colour` mixed with white by `amount` (0 = the colour, 1 = white)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


def site_css(building: Building) -> str:
    """One rule per category: its colour and a light tint, as custom properties."""
    return "\n".join(f".cat-{c.id} {{ --cat: {c.colour}; --cat-tint: {tint(c.colour)}; }}" for c in building.categories)


@bp.get("/site.css")
def stylesheet() -> ResponseReturnValue:
    """The building's colours; the URL carries the site version, so it may be cached for long."""
    site = current_site()
    response = Response(site_css(site.building), mimetype="text/css")
    response.set_etag(site.version)
    if request.args.get("v") == site.version:
        response.cache_control.public = True
        response.cache_control.max_age = 31536000
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response.make_conditional(request)
