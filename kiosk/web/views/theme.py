"""/site.css: the building's own colours (its categories), as a stylesheet the CSP allows.

Inline `style` attributes are refused by our Content-Security-Policy, so data-driven colours
come from this small generated stylesheet, versioned with the site and cached for a year.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask.typing import ResponseReturnValue

from kiosk.model.building import Building, Kiosk
from kiosk.web.context import current_site

bp = Blueprint("theme", __name__)
TINT = 0.9  # room fills on the plans: the category colour mixed this far towards white


def tint(colour: str, amount: float = TINT) -> str:
    """`colour` mixed with white by `amount` (0 = the colour, 1 = white)."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


def site_css(building: Building) -> str:
    """One rule per category (its colour and a light tint) and per kiosk (its screen's reach band)."""
    colours = (f".cat-{c.id} {{ --cat: {c.colour}; --cat-tint: {tint(c.colour)}; }}" for c in building.categories)
    return "\n".join([*colours, *map(reach_css, building.kiosks)])


def screen_class(kiosk: Kiosk) -> str:
    """The <html> class that gives a kiosk's pages in low reach its screen's band (`reach_css`)."""
    return f"screen-{kiosk.id}"


def reach_css(kiosk: Kiosk) -> str:
    """How much of the kiosk's screen lies above and below the reach band, in vh: the screen's height in CSS
    px stands for its `height_mm`, so px per mm is the viewport's height over it, at 1080×1920 or 1920×1080."""
    above, below = kiosk.mount.reach_band
    return f".{screen_class(kiosk)} {{ --reach-above: {above * 100:.3f}vh; --reach-below: {below * 100:.3f}vh; }}"


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
