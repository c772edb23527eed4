"""The district as one WSGI app: the district home at `/`, each building's own app under `/<building-id>/`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from kiosk import create_app
from kiosk.district import elsewhere, home
from kiosk.load.district import District, config_of, load_district
from kiosk.load.problems import BuildingFileError, Problem
from kiosk.load.store import BuildingStore
from kiosk.web.cache.hooks import OTHER_VERSIONS


class DistrictApp:
    """One building app per building of the district file, and the district's own pages, as one WSGI app."""

    def __init__(self, path: Path, test_config: Mapping[str, Any] | None = None):
        self.path = path
        self.district: District = load_district(path)
        settings = dict(test_config or {})
        if self.district.district.public_url and "PUBLIC_URL" not in settings:
            # Every building's codes open the district's address; the building's prefix is in each page's path.
            settings["PUBLIC_URL"] = self.district.district.public_url
        self.buildings: dict[str, Flask] = {}
        problems: list[Problem] = []
        for entry in self.district.buildings:
            try:
                self.buildings[entry.id] = create_app(config_of(path, entry), settings)
            except BuildingFileError as error:  # every broken building is named, not just the first
                problems += [replace(p, file=entry.config) for p in error.problems]
        if problems:
            raise BuildingFileError(problems)
        for building_id, app in self.buildings.items():
            app.extensions[elsewhere.ELSEWHERE] = elsewhere.searcher(self, building_id)
            app.extensions[OTHER_VERSIONS] = self._others_of(building_id)
        self.home: Flask = home.create_home_app(self, settings)
        mounts: dict[str, Any] = {f"/{building_id}": app for building_id, app in self.buildings.items()}
        self._wsgi = DispatcherMiddleware(self.home, mounts)

    def _others_of(self, building_id: str) -> Callable[[], str]:
        """The versions of the other buildings now, for the kept pages of `building_id`."""
        others = [entry.id for entry in self.district.buildings if entry.id != building_id]
        return lambda: ",".join(self.store(other).current().version for other in others)

    def store(self, building_id: str) -> BuildingStore:
        """The store of one building (its current Site, reloads, refused edits)."""
        store: BuildingStore = self.buildings[building_id].extensions["kiosk.store"]
        return store

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """Hand the request to the building its path starts with, else to the district home."""
        return self._wsgi(environ, start_response)


def create_district_app(path: str | Path, test_config: Mapping[str, Any] | None = None) -> DistrictApp:
    """The district of `path`; raises BuildingFileError if the district file or a building's file is invalid."""
    return DistrictApp(Path(path), test_config)
