"""Floors and rooms of any shape: each polygon mistake named at its line with its fix, and open areas crossed.

The third test building (tests/buildings/riverside.yaml: a narrow plate, two L-shaped floors, an atrium
and a light well) is edited one mistake at a time, as staff would get it wrong.
"""

from __future__ import annotations

import pytest

from kiosk.load.loader import check_content, load_building
from kiosk.model.shapes import label_point, polygon
from kiosk.ways.routing import build_network, route_to_space
from tests.helpers.buildings import RIVERSIDE, line_of

TEXT = RIVERSIDE.read_text(encoding="utf-8")


def problems_of(text: str) -> list[str]:
    """Every problem `kiosk check` prints for a text (the unset public address aside)."""
    _, problems = check_content(text.encode("utf-8"), "riverside.yaml", None)
    return [str(p) for p in problems if "public_url" not in p.message and "holidays" not in p.message]


def edit(old: str, new: str) -> str:
    """The building's text with one change."""
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def test_the_third_building_checks_clean():
    assert problems_of(TEXT) == []


def test_a_room_over_the_atrium_is_named_with_the_hole():
    text = edit("shape: [[23, 18], [25, 18], [25, 40], [23, 40]]", "shape: [[10, 18], [25, 18], [25, 40], [10, 40]]")
    found = [p for p in problems_of(text) if "atrium-gallery" in p and "hole" in p]
    line = line_of(text, "shape: [[10, 18]")
    assert found and found[0].startswith(f"riverside.yaml:{line}:"), found
    assert "over hole 1 of floor 2F" in found[0] and "out of its `holes:`" in found[0]


def test_a_room_outside_the_l_is_not_inside_the_floor():
    # inside the 96 × 60 size, but in the missing corner of the L
    text = edit("shape: [34, 0, 26, 5]", "shape: [50, 30, 26, 5]")
    found = [p for p in problems_of(text) if "elder-care" in p and "not inside floor 2F" in p]
    assert found and found[0].startswith(f"riverside.yaml:{line_of(text, 'shape: [50, 30, 26, 5]')}:"), found


def test_a_self_intersecting_shape_is_named_with_where_its_sides_cross_and_how_to_fix_it():
    text = edit("shape: [[44, 0], [62, 0], [60, 5], [46, 5]]", "shape: [[44, 0], [62, 0], [46, 5], [60, 5]]")
    found = [p for p in problems_of(text) if "pharmacy" in p]
    line = line_of(text, "[[44, 0], [62, 0], [46, 5]")
    assert len(found) == 1 and found[0].startswith(f"riverside.yaml:{line}:"), found
    assert "its sides cross each other at [53, 2.8]" in found[0]
    assert "list the corners in order around the room" in found[0]


@pytest.mark.parametrize("shape", ["[[44, 0], [62, 0], [44, 0]]", "[[44, 0], [50, 0], [62, 0]]"])
def test_an_unclosed_shape_is_named(shape):
    text = edit("shape: [[44, 0], [62, 0], [60, 5], [46, 5]]", f"shape: {shape}")
    found = [p for p in problems_of(text) if "pharmacy" in p]
    assert found and "not closed around any floor" in found[0], found


def test_a_self_intersecting_floor_outline_is_named_at_its_line():
    old = "outline: [[0, 0], [96, 0], [96, 14], [30, 14], [30, 60], [0, 60]]\n      holes:\n        - [[6, 18]"
    text = edit(old, old.replace("[96, 0], [96, 14]", "[96, 14], [96, 0]"))
    found = [p for p in problems_of(text) if "outline of floor 2F" in p]
    assert found and found[0].startswith(f"riverside.yaml:{line_of(text, '[96, 14], [96, 0]')}:"), found
    assert "its sides cross each other at [56.9, 8.3]" in found[0]


def test_two_rooms_overlapping_are_named_with_the_other_ones_line():
    text = edit("shape: [68, 0, 22, 5]", "shape: [60, 0, 22, 5]")
    found = [p for p in problems_of(text) if "overlap" in p]
    assert len(found) == 1, found
    assert "warning: `reading-room` and `pharmacy` on G overlap by" in found[0]
    assert f"line {line_of(text, 'shape: [[44, 0], [62, 0]')}" in found[0]


def test_a_hole_outside_the_outline_and_an_outline_beyond_the_size():
    text = edit("- [[6, 18], [22, 18], [22, 40], [6, 40]]", "- [[40, 18], [50, 18], [50, 40], [40, 40]]")
    assert any("hole 1 of floor 2F is not inside its outline" in p for p in problems_of(text))
    outline = "outline: [[0, 0], [96, 0], [96, 14], [30, 14], [30, 60], [0, 60]]\n      holes:\n        - [[6"
    text = edit(f"size: [96, 60]\n      {outline}", f"size: [90, 60]\n      {outline}")
    assert any("the outline of floor 2F goes beyond its size" in p for p in problems_of(text))


def test_a_facility_in_the_atrium_and_a_door_far_from_any_walkable_floor():
    text = edit(
        "at: {b1: [30, 7], g: [30, 7], f2: [30, 7], f3: [30, 7]}",
        "at: {b1: [30, 7], g: [30, 7], f2: [14, 30], f3: [30, 7]}",
    )
    assert any("`lift` is not on floor 2F" in p or "`lift` on 2F is" in p for p in problems_of(text)), problems_of(text)
    text = edit("door: [65, 5]\n", "door: [65, 0]\n")  # the classroom's north wall: 7 m from the corridor
    assert any("the door of `classroom` on 3F is 7.0 m from the nearest corridor" in p for p in problems_of(text))


def test_a_door_into_an_open_area_needs_no_corridor():
    building = load_building(RIVERSIDE)
    studio = building.space("studio")
    assert studio is not None and studio.door == (15, 46)  # 30 m from the corridor, on the hall's edge
    route = route_to_space(building, build_network(building), "riverside", studio, step_free=True)
    assert route is not None and route.walk_on("f3") is not None


def test_an_l_shaped_rooms_label_is_inside_it_where_its_box_middle_is_not():
    canteen = load_building(RIVERSIDE).space("canteen")
    assert canteen is not None and canteen.shape is not None
    xs, ys = zip(*canteen.shape, strict=True)
    middle = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    room = polygon(canteen.shape)
    from shapely.geometry import Point

    assert not room.contains(Point(middle))
    spot = label_point(canteen.shape)
    assert room.contains(Point(spot)) and room.exterior.distance(Point(spot)) >= 2.9


def test_a_route_across_the_hall_goes_straight_where_it_can_and_around_the_light_well():
    """From the hall's door to the studio: the straight line would cross the light well (x 12–18, y 28–34)."""
    building = load_building(RIVERSIDE)
    studio = building.space("studio")
    assert studio is not None
    route = route_to_space(building, build_network(building), "riverside", studio, step_free=True)
    assert route is not None
    walk = route.walk_on("f3")
    assert walk is not None
    well = polygon(((12, 28), (18, 28), (18, 34), (12, 34)))
    from shapely.geometry import LineString

    line = LineString(walk.points)
    assert not line.intersects(well.buffer(-0.01)), walk.points
    hall = [p for p in walk.points if 16 < p[1] < 46]
    # straight legs: a bend or two round the well's corners, not back along a corridor
    assert 1 <= len(hall) <= 3, walk.points
    straight = 46 - 16
    inside = LineString([(15, 16), *hall, (15, 46)]).length
    assert inside < straight + 4, (inside, walk.points)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_of_the_third_building_answers_in_every_language(make_app, lang):
    """Home, every floor, space, facility kind and layout page, with and without the kiosk, never a 5xx."""
    client = make_app(RIVERSIDE).test_client()
    building = load_building(RIVERSIDE)
    paths = ["/", "/layout", *(f"/floors/{f.id}" for f in building.floors)]
    paths += [f"/spaces/{s.id}" for s in building.spaces]
    paths += [f"/facilities/{kind}" for kind in {f.kind for f in building.facilities}]
    for path in paths:
        for query in ("", "?kiosk=riverside", "?kiosk=riverside&text=large&contrast=high"):
            response = client.get(f"/{lang}{path}{query}", follow_redirects=True)
            assert response.status_code == 200, (path, query, response.status_code)
    plan = client.get(f"/{lang}/floors/f2").get_data(as_text=True)
    assert 'fill-rule="evenodd"' in plan  # the atrium is drawn as a hole in the floor
