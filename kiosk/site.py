"""One loaded building and everything derived from it, built once per good load of floors.yaml.

A `Site` never changes: a reload builds a new one and swaps it in whole, so a request that
started on one version finishes on it. Views and helpers take a `Site` and plain arguments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from kiosk.building import Building, Lang
from kiosk.routing import Network, build_network
from kiosk.search import SearchIndex
from kiosk.searchbuild import build_index_isolated


@dataclass(frozen=True)
class Site:
    """The building, its route network and search index, its languages, and which file version."""

    building: Building
    network: Network
    search_index: SearchIndex
    version: str  # a short hash of the file's bytes: changes exactly when the content does
    loaded_at: dt.datetime
    source: Path

    @property
    def languages(self) -> tuple[Lang, ...]:
        """The languages pages are served in; the first is the default."""
        return self.building.languages

    @property
    def default_language(self) -> Lang:
        """The language a kiosk starts in and a text falls back to last."""
        return self.building.default_language


def content_version(content: bytes) -> str:
    """A short, stable hash of a file's bytes."""
    return hashlib.sha256(content).hexdigest()[:12]


def build_site(building: Building, content: bytes, source: Path, now: dt.datetime | None = None) -> Site:
    """Derive everything pages need from a validated building (route graph, search index)."""
    return Site(
        building=building,
        network=build_network(building),
        search_index=build_index_isolated(building),  # in a child process under `kiosk serve` (issue 12)
        version=content_version(content),
        loaded_at=now or dt.datetime.now(dt.UTC),
        source=source,
    )
