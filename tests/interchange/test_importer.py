"""`kiosk import FILE`: DXF, IMDF and GeoJSON drawings merged into floors.yaml, checked, and routable at once."""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kiosk.cli import main
from kiosk.load.loader import check_building, load_building
from kiosk.load.roundtrip import dump_tree, load_tree
from kiosk.model.building import Building
from kiosk.ways.routing import build_network
from tests.helpers.drawings import dxf_bomb, dxf_floor, imdf_features, imdf_zip, sit_geojson, starter

OLD_STORE = """\
  - id: old-store   # a room the new drawing no longer has
    name: {zh: 旧仓库, en: Old store}
    floor: 1f
    category: services
    description: {zh: 仓库, en: Store}
    location: {zh: 一楼, en: 1F}
    shape: [33, 10, 2, 2]
"""


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["import", *map(str, args)])


def space_named(building: Building, words: str):
    return next(s for s in building.spaces if words in s.name.root.values())


def route_between(building: Building, a: str, b: str):
    """The route from one space's door to another's (None when there is none)."""
    network = build_network(building)
    sa, sb = space_named(building, a), space_named(building, b)
    source = network.node_of("door", sa.id, sa.floor)
    target = network.node_of("door", sb.id, sb.floor)
    assert source is not None and target is not None
    return network.route(source, target, step_free=True)


@pytest.fixture()
def two_floors(tmp_path: Path) -> Path:
    """floors.yaml after importing a DXF of 1F and one of 2F."""
    config = starter(tmp_path)
    for n in (1, 2):
        result = run(dxf_floor(tmp_path / f"{n}f.dxf", n), "--floor", f"{n}f", "--config", config)
        assert result.exit_code == 0, result.output
    return config


def test_dxf_floors_become_rooms_named_by_their_texts(two_floors: Path) -> None:
    building = load_building(two_floors)
    library = space_named(building, "图书馆")
    assert library.name.root == {"zh": "图书馆", "en": "Library"}  # mtext formatting stripped, both lines read
    assert library.id == "library" and library.floor == "1f"
    assert len(library.shape or ()) == 6 and (12.0, 8.0) in (library.shape or ())  # the L, in metres from mm
    assert space_named(building, "阅览室").floor == "2f"
    assert space_named(building, "活动室").door == (25.0, 6.0)  # the door block, on the room's wall
    assert space_named(building, "Unnamed room 1").door == (34.0, 6.0)  # a line on the door layer
    lift = next(f for f in building.facilities if f.kind == "lift")
    assert lift.floors == ("1f", "2f")  # the same block at the same spot on both floors: one lift
    assert sorted(f.floors[0] for f in building.facilities if f.kind == "toilet") == ["1f", "2f"]
    floor = building.floor("1f")
    assert floor is not None and floor.plan is not None and floor.plan.size == (40.0, 20.0)


def test_the_imported_file_passes_check_and_routes_between_rooms(two_floors: Path) -> None:
    _, problems = check_building(two_floors)
    assert [p for p in problems if p.severity == "error"] == []
    assert CliRunner().invoke(main, ["check", str(two_floors)]).exit_code == 0
    building = load_building(two_floors)
    same_floor = route_between(building, "图书馆", "活动室")
    assert same_floor is not None and same_floor.metres > 5
    upstairs = route_between(building, "图书馆", "阅览室")
    assert upstairs is not None and any(getattr(part, "kind", "") == "lift" for part in upstairs.parts)


def test_the_report_names_what_it_skipped_and_guessed_by_handle_and_layer(tmp_path: Path) -> None:
    config = starter(tmp_path)
    result = run(dxf_floor(tmp_path / "1f.dxf", 1), "--floor", "1f", "--config", config)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "drawing units are millimetres" in out
    stray = next(line for line in out.splitlines() if "消防通道说明" in line)
    assert "DXF handle" in stray and "layer A-TEXT" in stray and "stands in no room" in stray
    nameless = next(line for line in out.splitlines() if "a room with no name" in line)
    assert "DXF handle" in nameless and "layer A-ROOM" in nameless
    assert "28.5㎡" in out and "not a name" in out  # an area label is not taken for a name
    assert "rooms read from layer(s) A-ROOM" in out
    assert "Unnamed room 1" in config.read_text(encoding="utf-8")


def test_reimport_keeps_ids_texts_hours_and_comments_and_lists_rooms_gone(tmp_path: Path) -> None:
    config = starter(tmp_path)
    assert run(dxf_floor(tmp_path / "1f.dxf", 1), "--floor", "1f", "--config", config).exit_code == 0
    tree = load_tree(config.read_text(encoding="utf-8"))
    library = next(s for s in tree["spaces"] if s["id"] == "library")
    library["description"]["en"] = "Books for all ages"
    library["hours"] = "Tu-Su 09:00-17:00"
    tree["spaces"].append(load_tree("spaces:\n" + OLD_STORE)["spaces"][0])
    config.write_text(dump_tree(tree), encoding="utf-8")
    again = run(dxf_floor(tmp_path / "1f-v2.dxf", 1, move_l=2), "--floor", "1f", "--config", config)
    assert again.exit_code == 0, again.output
    building = load_building(config)
    library_now = building.space("library")
    assert library_now is not None and library_now.description.root["en"] == "Books for all ages"
    assert library_now.hours == "Tu-Su 09:00-17:00"
    assert (14.0, 8.0) in (library_now.shape or ())  # only the shape is new
    assert building.space("old-store") is not None  # never deleted ...
    assert "not in the drawing, kept in the file: old-store" in again.output  # ... but listed
    text = config.read_text(encoding="utf-8")
    assert "# A second building, started by hand" in text and "# every day" in text
    assert "# a room the new drawing no longer has" in text
    assert len([s for s in building.spaces if "图书馆" in s.name.root.values()]) == 1
    same = run(dxf_floor(tmp_path / "1f-v2.dxf", 1, move_l=2), "--floor", "1f", "--config", config)
    assert same.exit_code == 0 and "nothing to write" in same.output  # the same drawing again: no change


def test_dry_run_shows_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    config = starter(tmp_path)
    before = config.read_bytes()
    result = run(dxf_floor(tmp_path / "1f.dxf", 1), "--floor", "1f", "--config", config, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+++ floors.yaml (imported)" in result.output and "+  - id: library" in result.output
    assert config.read_bytes() == before


def test_metres_and_scale(tmp_path: Path) -> None:
    config = starter(tmp_path, kiosk=False)  # the kiosk's [20, 14] would be off a 20 m by 10 m floor
    drawing = dxf_floor(tmp_path / "1f.dxf", 1, mm=False)
    assert run(drawing, "--floor", "1f", "--config", config, "--scale", "0.5").exit_code == 0
    floor = load_building(config).floor("1f")
    assert floor is not None and floor.plan is not None and floor.plan.size == (20.0, 10.0)


def test_dxf_needs_a_floor_and_a_real_rooms_layer(tmp_path: Path) -> None:
    config = starter(tmp_path)
    drawing = dxf_floor(tmp_path / "plan.dxf", 1)
    no_floor = run(drawing, "--config", config)
    assert no_floor.exit_code == 1 and "--floor 1f" in no_floor.output
    wrong = run(drawing, "--floor", "1f", "--config", config, "--rooms-layer", "ROOMS")
    assert wrong.exit_code == 1 and "no closed shapes on layer 'ROOMS'" in wrong.output and "A-ROOM" in wrong.output


# --- IMDF and GeoJSON --------------------------------------------------------------------------


def test_imdf_into_a_new_file_in_both_languages(tmp_path: Path) -> None:
    config = tmp_path / "floors.yaml"
    result = run(imdf_zip(tmp_path / "venue.zip"), "--config", config)
    assert result.exit_code == 0, result.output
    building = load_building(config)
    assert building.building.name.root == {"zh": "山坡中心", "en": "Hillside Centre"}
    assert building.building.hours == "Mo-Su 08:00-18:00"
    assert [(f.id, f.label, f.order) for f in building.floors] == [("1f", "1F", 1), ("2f", "2F", 2)]
    library = space_named(building, "Library")
    assert library.name.root == {"zh": "图书馆", "en": "Library"} and library.category == "learning"
    assert library.hours == "Mo-Fr 09:00-17:00" and library.door is not None
    assert math.dist(library.door, (7, 6)) < 0.05  # the opening's middle, back from WGS-84
    assert library.shape is not None and len(library.shape) == 4
    expected = [(2, 0), (12, 0), (12, 6), (2, 6)]  # metres from the north-west corner, back from WGS-84
    assert max(math.dist(p, q) for p, q in zip(library.shape, expected, strict=True)) < 0.05
    lift = next(f for f in building.facilities if f.kind == "lift")
    assert lift.floors == ("1f", "2f")
    assert [k.name.root["en"] for k in building.kiosks] == ["Hall screen"]
    assert "IMDF unit unit-1-0" in result.output and "IMDF occupant occupant-1-0" in result.output
    route = route_between(building, "Library", "Studio")
    assert route is not None


@pytest.mark.parametrize("kind", ["imdf", "geojson"])
def test_the_same_file_imported_again_changes_nothing(tmp_path: Path, kind: str) -> None:
    config = tmp_path / "floors.yaml" if kind == "imdf" else starter(tmp_path, kiosk=False)
    archive = imdf_zip(tmp_path / "venue.zip") if kind == "imdf" else sit_geojson(tmp_path / "indoor.geojson")
    assert run(archive, "--config", config).exit_code == 0
    again = run(archive, "--config", config)
    assert again.exit_code == 0 and "nothing to write" in again.output, again.output


def test_geojson_simple_indoor_tagging(tmp_path: Path) -> None:
    config = starter(tmp_path, kiosk=False)
    result = run(sit_geojson(tmp_path / "indoor.geojson"), "--config", config)
    assert result.exit_code == 0, result.output
    building = load_building(config)
    clinic = space_named(building, "Clinic")
    assert clinic.name.root == {"zh": "医务室", "en": "Clinic"} and clinic.floor == "1f"
    assert clinic.door is not None and math.dist(clinic.door, (5, 5)) < 0.05
    assert space_named(building, "Meeting room").floor == "2f"  # OSM level 1 is 2F
    assert [s.walkable for s in building.spaces if "Corridor" in s.name.root.values()] == [True, True]
    assert next(f for f in building.facilities if f.kind == "lift").floors == ("1f", "2f")
    assert "GeoJSON feature way/010" in result.output
    assert route_between(building, "Clinic", "Archive") is not None


# --- hostile files -----------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def hostile(tmp_path: Path, kind: str) -> Path:
    """A file that must be refused."""
    if kind == "png named dxf":
        path = tmp_path / "plan.dxf"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    elif kind == "zip named dxf":
        path = imdf_zip(tmp_path / "x.zip").rename(tmp_path / "plan.dxf")
    elif kind == "broken dxf":
        path = tmp_path / "plan.dxf"
        path.write_text("  0\nSECTION\n  2\nENTITIES\n  0\nLWPOLYLINE\n 90\nnot-a-number\n", encoding="utf-8")
    elif kind == "block bomb":
        path = dxf_bomb(tmp_path / "bomb.dxf")
    elif kind == "huge":
        path = tmp_path / "huge.dxf"
        with path.open("wb") as handle:
            handle.write(b"  0\nSECTION\n")
            handle.truncate(70 * 1024 * 1024)  # sparse: costs no disk
    elif kind == "zip bomb":
        path = _zip(
            tmp_path / "bomb.zip", {"manifest.json": b'{"version": "1.0.0"}', "unit.geojson": b" " * (40 * 2**20)}
        )
    elif kind == "zip slip":
        path = imdf_zip(tmp_path / "slip.zip", extra={"../../etc/cron.d/evil.geojson": b"{}"})
    elif kind == "no manifest":
        path = _zip(tmp_path / "plain.zip", {"photo.geojson": b"{}"})
    elif kind == "bad coordinates":
        path = tmp_path / "indoor.geojson"
        room = {"type": "Polygon", "coordinates": [[["east", "north"], [1, 2], [3, 4], [1, 1]]]}
        feature = {"type": "Feature", "geometry": room, "properties": {"indoor": "room", "level": "0", "name": "X"}}
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    else:  # "not geojson"
        path = tmp_path / "indoor.geojson"
        path.write_text(json.dumps({"type": "Topology", "objects": {}}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("png named dxf", "not a DXF drawing"),
        ("zip named dxf", "its content is IMDF"),
        ("broken dxf", "DXF"),
        ("block bomb", "block bomb"),
        ("huge", "MB"),
        ("zip bomb", "zip bomb"),
        ("zip slip", "climbs out of the archive's folder"),
        ("no manifest", "no manifest.json"),
        ("not geojson", "not a GeoJSON FeatureCollection"),
        ("bad coordinates", "could not be read as GEOJSON"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_message(tmp_path: Path, kind: str, says: str) -> None:
    config = starter(tmp_path)
    before = config.read_bytes()
    result = run(hostile(tmp_path, kind), "--floor", "1f", "--config", config)
    assert result.exit_code == 1
    assert "Nothing imported:" in result.output and says in result.output, result.output
    assert config.read_bytes() == before
    assert "Traceback" not in result.output


def test_imdf_without_levels_is_refused(tmp_path: Path) -> None:
    features = imdf_features()
    features["level"] = []
    result = run(imdf_zip(tmp_path / "empty.zip", features), "--config", starter(tmp_path))
    assert result.exit_code == 1 and "no levels" in result.output


def test_a_broken_building_file_is_named_not_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "floors.yaml"
    config.write_text("building: {id: x\nfloors: [\n", encoding="utf-8")
    result = run(sit_geojson(tmp_path / "indoor.geojson"), "--config", config)
    assert result.exit_code == 1 and "floors.yaml cannot be read" in result.output and "kiosk check" in result.output


def test_imdf_one_floor_and_a_language_the_building_lacks(tmp_path: Path) -> None:
    features = imdf_features()
    for occupant in features["occupant"]:
        occupant["properties"]["name"]["ja"] = "部屋"
    config = starter(tmp_path)
    result = run(imdf_zip(tmp_path / "venue.zip", features), "--floor", "2f", "--config", config)
    assert result.exit_code == 0, result.output
    building = load_building(config)
    assert {s.floor for s in building.spaces} == {"2f"}  # only the floor asked for
    assert "names in ja: the building's languages are zh, en" in result.output
    assert building.floor("2f") is not None and building.floor("2f").name.root == {"zh": "二楼", "en": "First floor"}


def test_a_floor_drawn_as_one_block_is_drawn_out(tmp_path: Path) -> None:
    """Institutes often bind a floor into one block inserted in model space (here moved 100 m east)."""
    config = starter(tmp_path)
    result = run(dxf_floor(tmp_path / "bound.dxf", 1, bound=True), "--floor", "1f", "--config", config)
    assert result.exit_code == 0, result.output
    building = load_building(config)
    library = space_named(building, "图书馆")
    assert (12.0, 8.0) in (library.shape or ())  # the same plan metres as the loose drawing's
    assert space_named(building, "活动室").door == (25.0, 6.0)
    assert next(f for f in building.facilities if f.kind == "lift").floors == ("1f",)
