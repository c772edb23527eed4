"""What the district's pages read of the district: its file, and each building's store (no import circle)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from flask import Flask

from kiosk.load.district import District
from kiosk.load.store import BuildingStore


class Stores(Protocol):
    """The district file and one `BuildingStore` per building (`DistrictApp` is one)."""

    district: District

    @property
    def buildings(self) -> Mapping[str, Flask]:
        """Each building's own app, by id."""
        ...

    def store(self, building_id: str) -> BuildingStore:
        """The store of one building."""
        ...
