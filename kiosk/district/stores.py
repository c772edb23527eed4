"""What the district's pages read of the district: its file, and each building's store (no import circle)."""

from __future__ import annotations

from typing import Protocol

from kiosk.load.district import District
from kiosk.load.store import BuildingStore


class Stores(Protocol):
    """The district file and one `BuildingStore` per building (`DistrictApp` is one)."""

    district: District

    def store(self, building_id: str) -> BuildingStore:
        """The store of one building."""
        ...
