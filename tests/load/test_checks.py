"""The cross-entry checks of `kiosk check`, by the sentence and hint staff read, on both buildings.

What staff rely on: a hint that lists the ids they may use (or says to add one first), the line
of the first of two entries sharing an id, the size a corridor or room must stay within (with the
5 cm tolerance for points drawn on the wall), which language a missing translation falls back
to, and category colours measured as WCAG does. One route graph serves every rule of a check.
"""

from __future__ import annotations

import pytest

from kiosk.load.checks import Draft, contrast_on_white, run_checks
from kiosk.load.loader import check_content, load_building
from kiosk.model.building import Building
from tests.helpers import synthetic
from tests.helpers.buildings import BUNDLED, TOWER, line_of


def problems_of(text: str, name: str = "floors.yaml") -> list[str]:
    """Every problem `kiosk check` reports for a file's text, as printed."""
    _, problems = check_content(text.encode("utf-8"), name, None)
    return [str(p) for p in problems if "public_url" not in p.message]


# --- hints that name what to write -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "old"),
    [(BUNDLED, "help_desk: service-desk"), (TOWER, "  countdown_seconds: 30\n")],
    ids=["shipped", "tower"],
)
def test_a_help_desk_that_is_no_space_is_told_every_space_id_in_file_order(path, old):
    text = path.read_text(encoding="utf-8")
    new = "help_desk: nowhere" if old.startswith("help_desk") else old + "  help_desk: nowhere\n"
    edited = text.replace(old, new, 1)
    ids = ", ".join(s.id for s in load_building(path).spaces)
    line = line_of(edited, "help_desk: nowhere")
    column = edited.splitlines()[line - 1].index("nowhere") + 1
    assert [p for p in problems_of(edited, path.name) if "help_desk" in p] == [
        f"{path.name}:{line}:{column}: help_desk `nowhere` is not a space — use one of the space ids: {ids}"
    ]


def test_without_any_space_the_hint_says_to_add_the_space_first():
    b = synthetic.building([synthetic.floor("1f", 1, [[0, 10], [40, 10]])], [])
    b = b.model_copy(update={"settings": b.settings.model_copy(update={"help_desk": "desk"})})
    findings = [f for f in run_checks(Draft(b)) if f.path == ("settings", "help_desk")]
    assert [(f.message, f.hint) for f in findings] == [
        ("help_desk `desk` is not a space", "add the space under `spaces:` first")
    ]


def test_a_second_entry_with_the_same_id_points_at_the_line_of_the_first():
    text = TOWER.read_text(encoding="utf-8")
    edited = text.replace("  - id: counter-02\n", "  - id: counter-01\n", 1)
    first, second = line_of(edited, "  - id: counter-01", 1), line_of(edited, "  - id: counter-01", 2)
    assert problems_of(edited, "tower-v2.yaml") == [
        f"tower-v2.yaml:{second}:9: id `counter-01` is used twice in spaces"
        f" — the first is on line {first}; give each its own"
    ]


# --- the floor's size, with 5 cm for a point drawn on the wall ---------------------------------------


def _with_corridor(*points: list[float]) -> Building:
    return synthetic.building(
        [synthetic.floor("1f", 1, [[0, 10], [40, 10]], list(map(list, points)))],
        [synthetic.space("room", "1f", [20, 12])],
    )


def _corridor_findings(b: Building) -> list[tuple[str, str]]:
    return [(f.message, f.hint) for f in run_checks(Draft(b)) if f.path[:4] == ("floors", 0, "plan", "corridors")]


@pytest.mark.parametrize(
    "points",
    [
        ([0, 10], [0, 0], [40, 0], [40, 30], [0, 30]),  # along all four walls
        ([-0.05, 10], [20, 10]),  # 5 cm past the west wall
        ([20, 10], [40.05, 10]),  # the east wall
        ([20, -0.05], [20, 10]),  # the north wall
        ([20, 10], [20, 30.05]),  # the south wall
    ],
    ids=["walls", "west", "east", "north", "south"],
)
def test_a_corridor_drawn_on_the_walls_or_within_5_cm_of_them_is_on_the_floor(points):
    assert _corridor_findings(_with_corridor(*points)) == []


@pytest.mark.parametrize(
    "points",
    [([-0.06, 10], [20, 10]), ([20, 10], [40.06, 10]), ([20, -0.06], [20, 10]), ([20, 10], [20, 30.06])],
    ids=["west", "east", "north", "south"],
)
def test_a_corridor_6_cm_past_a_wall_leaves_the_floor_and_the_hint_gives_its_size(points):
    assert _corridor_findings(_with_corridor(*points)) == [
        ("a corridor of 1F leaves the floor", "keep every point within x 0–40, y 0–30")
    ]


def test_a_room_past_the_east_wall_is_told_the_floors_size_on_the_tower():
    tower = load_building(TOWER)
    sizes = {f.id: (f.label, f.plan.size) for f in tower.floors if f.plan is not None}
    room = next(s for s in tower.spaces if s.shape and s.floor in sizes)
    label, (width, depth) = sizes[room.floor]
    moved = tuple((x + width, y) for x, y in room.shape or ())
    spaces = tuple(s.model_copy(update={"shape": moved}) if s.id == room.id else s for s in tower.spaces)
    findings = run_checks(Draft(tower.model_copy(update={"spaces": spaces})))
    assert [(f.message, f.hint) for f in findings if f.path[-1] == "shape"] == [
        (
            f"the shape of `{room.id}` is not inside floor {label}",
            f"keep every corner within x 0–{width:g}, y 0–{depth:g}",
        )
    ]


# --- languages and colours -----------------------------------------------------------------------------


def test_missing_translations_are_shown_in_english_when_the_building_has_english():
    problems = problems_of(TOWER.read_text(encoding="utf-8"), "tower-v2.yaml")
    assert problems == [
        "tower-v2.yaml:29:21: warning: 10 of 236 texts have no `ja` (日本語) version"
        " — they are shown in English; add `ja: ...` to them"
    ]


def test_missing_translations_are_shown_in_the_first_language_when_there_is_no_english():
    b = synthetic.building([synthetic.floor("1f", 1, [[0, 10], [40, 10]])], [synthetic.space("room", "1f", [20, 12])])
    zh_ja = b.model_copy(update={"languages": ("zh", "ja")})
    findings = [f for f in run_checks(Draft(zh_ja)) if f.path[0] == "languages"]
    assert [(f.path, f.hint, f.severity) for f in findings] == [
        (("languages", 1), "they are shown in `zh`; add `ja: ...` to them", "warning")
    ]


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#ff0000", 4.0), ("#00ff00", 1.37), ("#008000", 5.14)],
)
def test_red_and_green_weigh_as_wcag_says(colour: str, ratio: float):
    # Published WCAG ratios against white (red 4:1, lime 1.37:1, green 5.14:1): green weighs most.
    assert contrast_on_white(colour) == pytest.approx(ratio, abs=0.006)


# --- one route graph per check -------------------------------------------------------------------------


def test_every_rule_of_one_check_shares_one_route_graph_and_another_building_gets_its_own():
    shipped, tower = load_building(BUNDLED), load_building(TOWER)
    draft = Draft(shipped)
    graph = draft.network
    assert draft.network is graph and draft.built_network() is graph
    assert Draft(shipped).built_network() is None  # a draft no rule asked builds none
    other = Draft(tower).network
    assert other is not graph and {n.floor for n in other.nodes} >= {"g", "m", "b2"}
