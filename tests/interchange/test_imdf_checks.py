"""Our IMDF checks catch what they are for: each test breaks one rule in a valid export and expects it named."""

from __future__ import annotations

import copy
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from tests.helpers import imdf_checks
from tests.helpers.buildings import BUNDLED


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("imdf") / "venue.zip"
    assert CliRunner().invoke(main, ["export", "imdf", str(out), "--config", str(BUNDLED)]).exit_code == 0
    assert imdf_checks.problems(out) == []
    return out


def broken(valid: Path, tmp_path: Path, change: Callable[[dict[str, list[dict]], dict], None]) -> Path:
    """A copy of the valid archive with `change` made to its features (by type) and manifest."""
    manifest, features = imdf_checks.read(valid)
    manifest, features = copy.deepcopy(manifest), copy.deepcopy(features)
    change(features, manifest)
    out = tmp_path / "broken.zip"
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        for feature_type, each in features.items():
            z.writestr(f"{feature_type}.geojson", json.dumps({"type": "FeatureCollection", "features": each}))
    return out


def _overlap(f: dict, m: dict) -> None:
    f["unit"][1]["geometry"] = f["unit"][0]["geometry"]
    f["unit"][1]["properties"]["level_id"] = f["unit"][0]["properties"]["level_id"]
    f["unit"][1]["properties"]["display_point"] = f["unit"][0]["properties"]["display_point"]


def _outside(f: dict, m: dict) -> None:
    f["unit"][0]["properties"]["display_point"] = f["unit"][1]["properties"]["display_point"]


def _dangling(f: dict, m: dict) -> None:
    f["unit"][0]["properties"]["level_id"] = f["address"][0]["id"]  # an id, but of an address


def _twice(f: dict, m: dict) -> None:
    f["occupant"][1]["id"] = f["occupant"][0]["id"]


def _null(f: dict, m: dict) -> None:
    f["level"][0]["properties"]["ordinal"] = None


def _shape(f: dict, m: dict) -> None:
    f["amenity"][0]["geometry"] = f["unit"][0]["geometry"]


def _clockwise(f: dict, m: dict) -> None:
    ring = f["unit"][0]["geometry"]["coordinates"][0]
    ring.reverse()


def _metres(f: dict, m: dict) -> None:
    f["kiosk"][0]["geometry"] = {"type": "Polygon", "coordinates": [[[0, 0], [800, 0], [800, 400], [0, 0]]]}


def _version(f: dict, m: dict) -> None:
    m["version"] = "0.9"


def _category(f: dict, m: dict) -> None:
    f["amenity"][0]["properties"]["category"] = "toilet"


def _door_in_a_room(f: dict, m: dict) -> None:
    level = f["opening"][0]["properties"]["level_id"]
    unit = next(u for u in f["unit"] if u["properties"]["level_id"] == level and u["properties"]["category"] == "room")
    x, y = unit["properties"]["display_point"]["coordinates"]
    f["opening"][0]["geometry"] = {"type": "LineString", "coordinates": [[x, y], [x + 0.00001, y]]}


def _no_units(f: dict, m: dict) -> None:
    f["amenity"][0]["properties"]["unit_ids"] = []


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_overlap, "overlap by"),
        (_outside, "is outside its geometry"),
        (_dangling, "is no level of the archive"),
        (_twice, "is used twice"),
        (_null, "`ordinal` is missing or null"),
        (_shape, "not one of ('Point',)"),
        (_clockwise, "not counter-clockwise"),
        (_metres, "not longitude, latitude degrees"),
        (_version, "not '1.0.0'"),
        (_no_units, "`unit_ids` is an empty list"),
        (_door_in_a_room, "is on no unit's edge of its level"),
        (_category, "category 'toilet' is not one of IMDF's amenity categories"),
    ],
)
def test_a_broken_rule_is_named(valid: Path, tmp_path: Path, change: Callable, said: str) -> None:
    found = imdf_checks.problems(broken(valid, tmp_path, change))
    assert any(said in problem for problem in found), found
