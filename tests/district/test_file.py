"""The district file: read and explained like floors.yaml, each building checked by `kiosk check`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.load.district import check_district, is_district_file, load_district
from tests.helpers.buildings import TOWER
from tests.helpers.district import write_district


def test_a_district_of_three_buildings_loads(tmp_path: Path) -> None:
    district = load_district(write_district(tmp_path))
    assert [b.id for b in district.buildings] == ["xinjing", "tower", "riverside"]
    assert district.district.name("en") == "Changning community centres"


def test_a_floors_yaml_is_not_a_district_file(tmp_path: Path) -> None:
    path = write_district(tmp_path)
    assert is_district_file(path)
    assert not is_district_file(tmp_path / "xinjing" / "floors.yaml")


def test_a_typo_is_named_at_its_line(tmp_path: Path) -> None:
    path = write_district(tmp_path)
    text = path.read_text(encoding="utf-8").replace("config: tower/", "confg: tower/")
    path.write_text(text, encoding="utf-8")
    district, problems = check_district(path)
    assert district is None
    said = [str(p) for p in problems]
    assert any(s.startswith("district.yaml:4:") and "unknown key `confg`" in s and "config" in s for s in said), said


def test_ids_twice_reserved_and_missing_files_are_named(tmp_path: Path) -> None:
    path = write_district(tmp_path)
    text = path.read_text(encoding="utf-8")
    text += "  - {id: tower, config: tower/floors.yaml}\n  - {id: en, config: nowhere/floors.yaml}\n"
    path.write_text(text, encoding="utf-8")
    _, problems = check_district(path)
    said = [str(p) for p in problems]
    assert any(s.startswith("district.yaml:6:") and "`tower` is used twice" in s and "line 4" in s for s in said)
    assert any(s.startswith("district.yaml:7:") and "`en` is reserved" in s for s in said)
    assert any(s.startswith("district.yaml:7:") and "no file nowhere/floors.yaml" in s for s in said)


def test_kiosk_check_names_a_broken_building_by_its_path(tmp_path: Path) -> None:
    path = write_district(tmp_path)
    building = tmp_path / "riverside" / "floors.yaml"
    building.write_text(building.read_text(encoding="utf-8").replace("floor: g", "floor: nowhere", 1), "utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "riverside/floors.yaml:" in result.output
    assert "nowhere" in result.output


def test_kiosk_check_passes_a_sound_district(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(write_district(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "OK: 3 buildings: xinjing, tower, riverside" in result.output
    # The district's public_url covers each building's: no "phones cannot follow" warning.
    assert "public_url is not set" not in result.output


def test_two_buildings_sharing_a_kiosk_id_are_warned(tmp_path: Path) -> None:
    tower = TOWER
    path = write_district(tmp_path, {"tower": tower, "tower-b": tower})
    _, problems = check_district(path)
    shared = [p for p in problems if "also a kiosk of `tower`" in p.message]
    assert shared and all(p.severity == "warning" for p in shared)
    assert "/tower-b/?kiosk=" in shared[0].hint


def test_serve_refuses_a_district_naming_every_broken_building(tmp_path: Path) -> None:
    path = write_district(tmp_path)
    for building_id in ("tower", "riverside"):
        building = tmp_path / building_id / "floors.yaml"
        building.write_text(building.read_text(encoding="utf-8").replace("floor: g", "floor: nowhere", 1), "utf-8")
    result = CliRunner().invoke(main, ["serve", "--config", str(path), "--port", "9"])
    assert result.exit_code == 1
    assert "Not starting" in result.stderr
    assert "tower/floors.yaml:" in result.stderr and "riverside/floors.yaml:" in result.stderr
