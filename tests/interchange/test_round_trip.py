"""Export a building to IMDF, import the archive into a new file: the same floors, spaces, facilities and routes;
and its GeoJSON export read back into the building's own file keeps every entry.

Needs `kiosk export imdf`; skipped on a tree that has no exporter yet.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.interchange.imdf import AMENITY_OF_KIND
from kiosk.load.loader import load_building
from kiosk.model.building import Building
from kiosk.ways.routing import build_network
from tests.helpers.buildings import BUNDLED, ROOT

pytest.importorskip("kiosk.interchange.export_imdf")

BUILDINGS = [BUNDLED, ROOT / "tests" / "buildings" / "tower-v2.yaml", ROOT / "tests" / "buildings" / "riverside.yaml"]


def located(source: Path, folder: Path) -> Path:
    """A copy of a building with a `location:` (the test buildings have none), north up."""
    text = source.read_text(encoding="utf-8")
    if "\n  location: {lat:" not in text:
        text = text.replace("building:\n", "building:\n  location: {lat: 31.2, lon: 121.4, bearing: 0}\n", 1)
    path = folder / source.name
    path.write_text(text, encoding="utf-8")
    return path


def served(building: Building) -> Counter[tuple[str, str]]:
    """Each facility kind IMDF has a category for, by the floor labels it serves."""
    label = {f.id: f.label for f in building.floors}
    return Counter(
        (f.kind, label[floor]) for f in building.facilities if f.kind in AMENITY_OF_KIND for floor in f.floors
    )


def reachable(building: Building) -> set[str]:
    """The names of the spaces a visitor can be led to from the first kiosk."""
    network = build_network(building)
    kiosk = building.kiosks[0]
    source = network.node_of("kiosk", kiosk.id, kiosk.floor)
    assert source is not None
    names = set()
    for space in building.spaces:
        target = network.node_of("door", space.id, space.floor)
        if target is not None and not math.isinf(network.cost(source, target, step_free=False)):
            names.add(space.name.root[building.languages[0]])
    return names


@pytest.mark.parametrize("source", BUILDINGS, ids=lambda p: p.stem)
def test_an_exported_archive_imports_back_to_the_same_building(tmp_path: Path, source: Path) -> None:
    original = located(source, tmp_path)
    archive = tmp_path / "venue.zip"
    exported = CliRunner().invoke(main, ["export", "imdf", str(archive), "--config", str(original)])
    assert exported.exit_code == 0, exported.output
    imported = tmp_path / "new" / "floors.yaml"
    imported.parent.mkdir()
    result = CliRunner().invoke(main, ["import", str(archive), "--config", str(imported)])
    assert result.exit_code == 0, result.output
    before, after = load_building(original), load_building(imported)
    # IMDF keeps labels and the floors' order (ordinal), not our ids: the labels, bottom to top, are the same.
    assert [f.label for f in sorted(after.floors, key=lambda f: f.order)] == [
        f.label for f in sorted(before.floors, key=lambda f: f.order)
    ]
    # The imported floors are walked across between their rooms: each gains one open area, nothing else.
    names = {s.name.root[before.languages[0]] for s in after.spaces if not s.id.endswith("-open-area")}
    assert names == {s.name.root[before.languages[0]] for s in before.spaces}
    assert {s.name.root.get("en") for s in after.spaces} >= {s.name.root.get("en") for s in before.spaces}
    assert served(after) == served(before)
    assert reachable(before) <= reachable(after)


@pytest.mark.parametrize("source", [BUILDINGS[0], BUILDINGS[2]], ids=lambda p: p.stem)  # tower-v2: 14 floors, slow
def test_its_own_geojson_export_read_back_keeps_every_entry(tmp_path: Path, source: Path) -> None:
    original = located(source, tmp_path)
    before = load_building(original)
    out = tmp_path / "geojson"
    exported = CliRunner().invoke(main, ["export", "geojson", str(out), "--config", str(original)])
    assert exported.exit_code == 0, exported.output
    for floor in sorted(out.glob("*.geojson")):
        result = CliRunner().invoke(main, ["import", str(floor), "--config", str(original)])
        assert result.exit_code == 0, f"{floor.name}: {result.output}"
        assert "a new space" not in result.output and "a new floor" not in result.output, result.output
    after = load_building(original)
    assert [s.id for s in after.spaces] == [s.id for s in before.spaces]
    assert [(f.id, f.floors) for f in after.facilities] == [(f.id, f.floors) for f in before.facilities]
    assert reachable(before) <= reachable(after)
