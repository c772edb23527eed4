"""One loaded building and everything derived from it, built once per good load of floors.yaml.

A `Site` never changes: a reload builds a new one and swaps it in whole, so a request that
started on one version finishes on it. Views and helpers take a `Site` and plain arguments.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.model.building import Building, Lang
from kiosk.search.build import build_index_isolated
from kiosk.search.index import SearchIndex
from kiosk.ways.plans import KeptPlans
from kiosk.ways.routing import Network, build_network

log = logging.getLogger(__name__)


class PendingIndex:
    """A search index made on a thread of its own, so that a cold start need not wait for it.

    Only the first load of `kiosk serve` makes one: the listener is up while the child process
    turns names into pinyin, and the first search waits for the index (a second or two at most).
    """

    def __init__(self, building: Building):
        self._done = threading.Event()
        self._index: SearchIndex = ()
        threading.Thread(target=self._build, args=(building,), name="search-index", daemon=True).start()

    def _build(self, building: Building) -> None:
        try:
            self._index = build_index_isolated(building)
        except Exception:  # a search that finds nothing beats a server that never answers
            log.exception("the search index could not be built; search finds nothing until the next reload")
        finally:
            self._done.set()

    def get(self) -> SearchIndex:
        """The index, once made (waits for it)."""
        self._done.wait()
        return self._index


@dataclass(frozen=True)
class Site:
    """The building, its route network and search index, its languages, and which file version."""

    building: Building
    network: Network
    search_source: SearchIndex | PendingIndex  # read it as `search_index`
    version: str  # a short hash of the file's bytes: changes exactly when the content does
    loaded_at: dt.datetime
    source: Path
    # Caches of what is derived on demand, kept as long as this version is served (never module globals).
    plans: KeptPlans = field(default_factory=KeptPlans, compare=False, repr=False)

    @property
    def search_index(self) -> SearchIndex:
        """The search index (waits for it while the first load still makes it)."""
        found = self.search_source
        return found.get() if isinstance(found, PendingIndex) else found

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


def build_site(
    building: Building,
    content: bytes,
    source: Path,
    now: dt.datetime | None = None,
    index_later: bool = False,
    network: Network | None = None,
) -> Site:
    """Derive everything pages need from a validated building (route graph, search index).

    `index_later`: make the search index on a thread (`PendingIndex`), for a cold start that answers sooner.
    `network`: the route graph the checks already built for this building, so it is built once."""
    index = PendingIndex(building) if index_later else build_index_isolated(building)
    return Site(
        building=building,
        network=network if network is not None else build_network(building),
        search_source=index,  # in a child process under `kiosk serve`
        version=content_version(content),
        loaded_at=now or dt.datetime.now(dt.UTC),
        source=source,
    )
