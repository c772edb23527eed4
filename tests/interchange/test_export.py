"""`kiosk export imdf|geojson`: the building as a standard archive map services read, checked by our IMDF rules."""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import Point, shape

from kiosk.cli import main
from kiosk.interchange import imdf
from kiosk.interchange.geo import PlanFrame, metres_per_degree
from kiosk.load.loader import load_building
from kiosk.model.building import Building
from kiosk.model.vocabulary import SHIPPED_KINDS
from tests.helpers import imdf_checks
from tests.helpers.buildings import BUNDLED, ROOT, TOWER

RIVERSIDE = ROOT / "tests" / "buildings" / "riverside.yaml"
# Buildings without a location of their own get one here: riverside's plans are drawn east up.
PLACED = {TOWER: "{lat: 31.2201, lon: 121.4240, bearing: 0}", RIVERSIDE: "{lat: 31.2400, lon: 121.4900, bearing: 90}"}


def located(source: Path, folder: Path) -> Path:
    """A copy of a building file beside its own folder's files, with a `location:` if it has none."""
    text = source.read_text(encoding="utf-8")
    if source in PLACED:
        text = text.replace("building:\n", f"building:\n  location: {PLACED[source]}\n", 1)
    path = folder / source.name
    path.write_text(text, encoding="utf-8")
    return path


def export(kind: str, config: Path, out: Path) -> object:
    return CliRunner().invoke(main, ["export", kind, str(out), "--config", str(config)])


@pytest.fixture(params=[BUNDLED, TOWER, RIVERSIDE], ids=["shipped", "tower-v2", "riverside"])
def building_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return located(request.param, tmp_path)


def features(archive: Path, feature_type: str) -> list[dict]:
    return imdf_checks.read(archive)[1][feature_type]


def test_every_export_passes_the_imdf_checks(building_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "venue.zip"
    result = export("imdf", building_file, out)
    assert result.exit_code == 0, result.output
    assert imdf_checks.problems(out) == []
    names = set(zipfile.ZipFile(out).namelist())
    assert {"manifest.json", "unit.geojson", "occupant.geojson", "anchor.geojson", "kiosk.geojson"} <= names
    building = load_building(building_file)
    assert len(features(out, "level")) == len(building.floors)
    assert len(features(out, "occupant")) == len(building.spaces)
    assert len(features(out, "kiosk")) == sum(1 for k in building.kiosks if k.at)
    assert f"Wrote {out}" in result.stdout


def test_occupants_carry_the_space_names_in_every_language_and_their_hours(building_file: Path, tmp_path) -> None:
    out = tmp_path / "venue.zip"
    export("imdf", building_file, out)
    building = load_building(building_file)
    occupants = {json.dumps(o["properties"]["name"], sort_keys=True): o for o in features(out, "occupant")}
    for space in building.spaces:
        occupant = occupants[json.dumps(dict(space.name.root), sort_keys=True)]
        assert occupant["properties"]["hours"] == building.hours_of(space)


def test_ids_stay_the_same_from_export_to_export_and_differ_between_buildings(tmp_path: Path) -> None:
    first, second, other = tmp_path / "1.zip", tmp_path / "2.zip", tmp_path / "3.zip"
    path = located(BUNDLED, tmp_path)
    export("imdf", path, first)
    export("imdf", path, second)
    export("imdf", located(TOWER, tmp_path), other)
    for feature_type in imdf_checks.GEOMETRY:
        assert features(first, feature_type) == features(second, feature_type), feature_type
    ids = {f["id"] for t in imdf_checks.GEOMETRY for f in features(first, t)}
    assert ids.isdisjoint({f["id"] for t in imdf_checks.GEOMETRY for f in features(other, t)})


def test_a_space_moved_in_the_file_keeps_its_id(tmp_path: Path) -> None:
    path = located(BUNDLED, tmp_path)
    export("imdf", path, tmp_path / "before.zip")
    path.write_text(path.read_text(encoding="utf-8").replace("shape: [46, 29, 28, 19]", "shape: [46, 30, 28, 18]", 1))
    export("imdf", path, tmp_path / "after.zip")
    before = {f["id"]: f for f in features(tmp_path / "before.zip", "unit")}
    after = {f["id"]: f for f in features(tmp_path / "after.zip", "unit")}
    assert before.keys() == after.keys()
    assert sum(before[i]["geometry"] != after[i]["geometry"] for i in before) >= 1


def test_coordinates_are_the_plans_placed_by_location_and_bearing(tmp_path: Path) -> None:
    for source, bearing in ((BUNDLED, 0.0), (RIVERSIDE, 90.0)):
        path = located(source, tmp_path)
        building = load_building(path)
        out = tmp_path / f"{source.stem}.zip"
        export("imdf", path, out)
        location = building.building.location
        assert location is not None and location.bearing == bearing
        per_north, per_east = metres_per_degree(location.lat)
        for kiosk, feature in zip([k for k in building.kiosks if k.at], features(out, "kiosk"), strict=True):
            assert kiosk.at is not None
            lon, lat = feature["properties"]["display_point"]["coordinates"]
            east, south = (lon - location.lon) * per_east, (location.lat - lat) * per_north
            # Drawn north up, x is east and y south; drawn east up, x is south and y west.
            expected = kiosk.at if bearing == 0 else (-kiosk.at[1], kiosk.at[0])
            assert math.dist((east, south), expected) < 0.05


def test_units_of_a_level_cover_its_floor_once(tmp_path: Path) -> None:
    out = tmp_path / "venue.zip"
    export("imdf", located(RIVERSIDE, tmp_path), out)
    levels = {f["id"]: shape(f["geometry"]) for f in features(out, "level")}
    for level_id, level in levels.items():
        units = [shape(u["geometry"]) for u in features(out, "unit") if u["properties"]["level_id"] == level_id]
        assert abs(sum(u.area for u in units) - level.area) < level.area * 1e-4


def test_amenities_stand_in_their_units(tmp_path: Path) -> None:
    out = tmp_path / "venue.zip"
    export("imdf", located(BUNDLED, tmp_path), out)
    units = {u["id"]: shape(u["geometry"]) for u in features(out, "unit")}
    for amenity in features(out, "amenity"):
        point = Point(amenity["geometry"]["coordinates"])
        assert min(units[u].distance(point) for u in amenity["properties"]["unit_ids"]) < 1e-5  # about a metre
    categories = {a["properties"]["category"] for a in features(out, "amenity")}
    assert {"elevator", "restroom", "stairs", "restroom.wheelchair"} <= categories
    for amenity in features(out, "amenity"):
        wheelchair = amenity["properties"]["accessibility"] == ["wheelchair"]
        assert wheelchair == (amenity["properties"]["category"] == "restroom.wheelchair")


def test_without_a_location_export_says_what_to_add(tmp_path: Path) -> None:
    result = export("imdf", RIVERSIDE, tmp_path / "venue.zip")
    assert result.exit_code == 1
    assert "location:" in result.stderr and "lat:" in result.stderr and "north-west corner" in result.stderr
    assert not (tmp_path / "venue.zip").exists()
    assert export("geojson", RIVERSIDE, tmp_path / "floors").exit_code == 1


def test_a_building_without_any_plan_says_so(tmp_path: Path) -> None:
    args = ["init", str(tmp_path), "--name-en", "New", "--address-en", "1 Road", "--floors", "1F-2F"]
    assert CliRunner().invoke(main, [*args, "--languages", "en"]).exit_code == 0
    path = tmp_path / "floors.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  # location:", "  location:", 1), encoding="utf-8")
    result = export("imdf", path, tmp_path / "venue.zip")
    assert result.exit_code == 1 and "no floor has a `plan:`" in result.stderr


def test_geojson_has_a_collection_per_floor_with_simple_indoor_tagging(building_file: Path, tmp_path) -> None:
    out = tmp_path / "floors"
    result = export("geojson", building_file, out)
    assert result.exit_code == 0, result.output
    building = load_building(building_file)
    assert sorted(p.stem for p in out.iterdir()) == sorted(f.id for f in building.floors)
    for floor in building.floors:
        collection = json.loads((out / f"{floor.id}.geojson").read_text(encoding="utf-8"))
        tagged = [f["properties"] for f in collection["features"]]
        assert collection["type"] == "FeatureCollection"
        for feature in collection["features"]:
            geometry = feature["geometry"]
            polygons = {"Polygon": [geometry["coordinates"]], "MultiPolygon": geometry["coordinates"]}
            for rings in polygons.get(geometry["type"], []):
                assert imdf_checks.counter_clockwise(rings[0]), feature["id"]  # RFC 7946, for OSM tools
            assert shape(geometry).is_valid, feature["id"]
        assert {t["level:ref"] for t in tagged} == {floor.label} and len({t["level"] for t in tagged}) == 1
        assert [t["indoor"] for t in tagged if t.get("indoor") == "level"] == ["level"]
        assert {t["indoor"] for t in tagged if "indoor" in t} <= {"level", "room", "area", "corridor"}
        rooms = {t.get("name:en") or t.get("name") for t in tagged if t.get("indoor") in ("room", "area")}
        for space in building.spaces_on(floor.id):
            if space.shape:
                assert space.name("en") in rooms
        doors = [t for t in tagged if t.get("door") == "yes"]
        assert len(doors) == sum(1 for s in building.spaces_on(floor.id) if s.door) + len(
            floor.plan.entrances if floor.plan else ()
        )


def test_geojson_names_rooms_in_every_language(tmp_path: Path) -> None:
    out = tmp_path / "floors"
    export("geojson", located(TOWER, tmp_path), out)
    building: Building = load_building(TOWER)
    space = next(s for s in building.spaces if s.shape and s.name.has("ja") and not s.walkable)
    collection = json.loads((out / f"{space.floor}.geojson").read_text(encoding="utf-8"))
    room = next(f for f in collection["features"] if f["id"] == f"space/{space.id}")
    assert room["properties"]["name"] == space.name("zh")
    assert (room["properties"]["name:en"], room["properties"]["name:ja"]) == (space.name("en"), space.name("ja"))
    assert room["properties"]["indoor"] == "room"


def test_the_plan_frame_goes_there_and_back() -> None:
    frame = PlanFrame(31.2135, 121.3565, 37.0)
    for x, y in ((0, 0), (80, 50), (-3.5, 120.25)):
        assert math.dist(frame.to_plan(*frame.to_world(x, y)), (x, y)) < 1e-6
    lon, lat = PlanFrame(31.2135, 121.3565, 0).to_world(0, 100)  # 100 m south
    assert lon == 121.3565 and 100 / 111_500 < 31.2135 - lat < 100 / 110_500


def test_each_facility_kind_has_its_own_amenity_category_to_come_back_from() -> None:
    # An import reads the kind back from the category: no two kinds may share one.
    assert len(set(imdf.AMENITY_OF_KIND.values())) == len(imdf.AMENITY_OF_KIND)
    unmapped = [k.id for k in SHIPPED_KINDS if k.id not in imdf.AMENITY_OF_KIND]
    assert unmapped == ["emergency-exit"]  # IMDF has it as an opening's category, not an amenity's
    assert set(imdf.AMENITY_OF_KIND.values()) <= imdf_checks.CATEGORIES["amenity"]
    assert set(imdf.UNIT_OF_KIND.values()) | set(imdf.UNIT_OF_CATEGORY.values()) <= imdf_checks.CATEGORIES["unit"]
