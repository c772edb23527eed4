"""The QR code in the kiosk's corner: the page it opens, its caption, and the address codes lead to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, url_for

from kiosk.load.site import Site
from kiosk.web import qr
from kiosk.web.context import PageContext


def public_base(site: Site) -> str | None:
    """The address codes lead to: the env var / CLI override, else floors.yaml's public_url."""
    return qr.public_base(current_app.config.get("PUBLIC_URL"), site.building)


def code_base(site: Site) -> str | None:
    """The address on-screen codes lead to: the public URL, else the preview address `kiosk serve` found."""
    return public_base(site) or current_app.config.get("PREVIEW_URL")


@dataclass(frozen=True)
class ScreenCode:
    """What `_qr.html` needs: the image address, the caption key and the address it encodes."""

    src: str
    caption: str
    target: str
    preview: bool = False  # no public URL yet: the code leads to this machine, and says so


def corner_code_path(endpoint: str, values: dict[str, Any]) -> str:
    """The page a kiosk corner's code opens: this page, or from home the layout page (扫码查看大楼布局)."""
    # Rebuilt from the route rather than request.path: only what the router produces goes in a code.
    if endpoint == "directory.home":
        return url_for("layout.layout", lang=values["lang"])
    return url_for(endpoint, **values)


def screen_code(page: PageContext) -> ScreenCode | None:
    """The code of the current page on a kiosk screen; None off the kiosk, on error pages or without public_url."""
    kiosk = page.kiosk
    base = code_base(page.site)
    args = dict(page.view_args)
    endpoint = page.endpoint
    if kiosk is None or base is None or endpoint is None or not qr.is_page(page.building, endpoint, args):
        return None
    path = corner_code_path(endpoint, args)
    caption = "qr.scan_building" if endpoint == "directory.home" else "qr.scan_page"
    # The route mode the screen shows travels when the phone would not pick it itself (large text does not).
    route = page.code_route
    arguments: dict[str, Any] = {"fmt": "svg", "page": path, "from": kiosk.id, **({"route": route} if route else {})}
    src = url_for("qr.image", **arguments)
    target = qr.target_url(base, path, kiosk.id, route=route)
    return ScreenCode(src=src, caption=caption, target=target, preview=public_base(page.site) is None)
