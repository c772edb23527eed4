"""The building's optional `location:` (for the exports): checked with messages that say what to write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.load.loader import check_building, load_building
from tests.helpers.buildings import BUNDLED

SHIPPED_LINE = "  location: {lat: 31.2135, lon: 121.3565, bearing: 0}"


def test_the_shipped_building_has_one() -> None:
    location = load_building(BUNDLED).building.location
    assert location is not None and (round(location.lat, 2), round(location.lon, 2)) == (31.21, 121.36)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            "{lat: 121.3565, lon: 31.2135}",
            "121.3565 is no latitude (-90 to 90 degrees north); are `lat` and `lon` swapped?",
        ),
        ("{lat: 31.2, lon: 200}", "200.0 is no longitude"),
        ("[31.2135, 121.3565]", "write it as `{lat: 31.2135, lon: 121.3565, bearing: 0}`"),
        ("{lat: 31.2135}", "`location.lon` is missing"),
        ("{lat: 31.2, lon: 121.3, bearing: up}", "unknown direction 'up'"),
        ("{lat: 31.2, lon: 121.3, height: 4}", "unknown key `height`"),
    ],
)
def test_a_wrong_location_is_named_at_its_line(edited: Callable[[str, str], Path], written: str, said: str) -> None:
    path = edited(SHIPPED_LINE, f"  location: {written}")
    line = 1 + path.read_text(encoding="utf-8").splitlines().index(f"  location: {written}")
    building, problems = check_building(path)
    assert building is None
    assert [(p.line, said in p.message) for p in problems if p.severity == "error"] == [(line, True)]


def test_a_compass_letter_is_a_bearing(edited: Callable[[str, str], Path]) -> None:
    path = edited(SHIPPED_LINE, "  location: {lat: 31.2135, lon: 121.3565, bearing: E}")
    location = load_building(path).building.location
    assert location is not None and location.bearing == 90.0


def test_the_kiosk_loads_without_one(edited: Callable[[str, str], Path]) -> None:
    assert load_building(edited(SHIPPED_LINE, "")).building.location is None
