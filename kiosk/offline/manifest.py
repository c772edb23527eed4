"""Which pages a kiosk keeps a copy of, so the lobby screen works while the server is down.

The service worker (`kiosk/static/sw.js`) asks `/offline/manifest.json?kiosk=<id>` for this list
whenever the site version changes, and keeps every page and asset on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kiosk.model.building import Building, Lang


@dataclass(frozen=True)
class PageRoute:
    """One page of the directory: its endpoint and URL values (language included)."""

    endpoint: str
    values: dict[str, Any] = field(default_factory=dict)


def directory_pages(building: Building, langs: Iterable[Lang] | None = None) -> list[PageRoute]:
    """Every page a visitor can reach by tapping, in each language (default: every language of the building).

    Home, floors, spaces, the building's categories, facilities and each kind it has, search, and What's on.
    """
    pages: list[PageRoute] = []
    for lang in building.languages if langs is None else langs:
        pages.append(PageRoute("directory.home", {"lang": lang}))
        pages += [PageRoute("directory.floor", {"lang": lang, "floor_id": f.id}) for f in building.floors]
        pages += [PageRoute("directory.space", {"lang": lang, "space_id": s.id}) for s in building.spaces]
        pages += [PageRoute("directory.category", {"lang": lang, "category": c.id}) for c in building.categories]
        pages.append(PageRoute("directory.facilities", {"lang": lang}))
        pages += [PageRoute("directory.facility_kind", {"lang": lang, "kind": k.id}) for k in building.kinds_present()]
        pages.append(PageRoute("search.results", {"lang": lang}))
        pages.append(PageRoute("events.whats_on", {"lang": lang}))  # the week's events, linked from home
        pages.append(PageRoute("layout.layout", {"lang": lang}))  # the building's QR code leads here
        pages += [PageRoute("layout.floor_plan", {"lang": lang, "floor_id": f.id}) for f in building.floors]
    return pages


def site_version(content_version: str, asset_versions: Iterable[str]) -> str:
    """One version for everything a kiosk keeps: the building file and the static assets."""
    joined = "|".join([content_version, *asset_versions])
    return hashlib.sha256(joined.encode()).hexdigest()[:12]
