"""What staff read when several things are wrong at once, or something is wrong deep inside an entry.

Validation errors turned into sentences (kiosk/load/explaining.py): every problem of an entry is reported,
not only the first; a nested field is named by its whole path (`plan.size`); an entry-level rule
(a closure without a date) still gets a sentence and a hint; a text in `building:` is checked against
the building's languages; the hours of the building itself are linted; and a file read from disk is
checked beside its own folder. The last tests pin that 13 languages are one problem, not a crash,
that a category is called a category, and that a value of two possible forms (`at:`, `starts:`) is
one problem in the form written, never one per form in pydantic's internal names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.load.loader import BuildingFileError, check_building, check_content, load_building
from tests.helpers.buildings import BUNDLED, line_of
from tests.helpers.loading import LIBRARY, bundled_with, errors_after, problems_of

CHECK_HINT = "check the value against the bundled floors.yaml"
LIFT_SHAPE = "    shape: [36, 14, 8, 7]   # the lift lobby, drawn as a room\n"
EVENTS = "\nevents:\n"


# --- every problem of an entry, not only the first ------------------------------------------


def test_two_unknown_keys_in_one_entry_are_both_named():
    errors, edited = errors_after(LIBRARY, LIBRARY + "    colour: red\n    zzzq: 1\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'colour: red')}:5: space `library`: unknown key `colour` — did you mean `door`?",
        f"floors.yaml:{line_of(edited, 'zzzq: 1')}:5: space `library`: unknown key `zzzq` — allowed here: id, name,"
        " floor, category, description, location, hours, aliases, shape, door, open_during_closures, step_free,"
        " status, walkable",
    ]


def test_a_language_the_building_lacks_does_not_hide_a_later_mistake_in_the_entry():
    old = LIBRARY + "    floor: 3f\n"
    new = "  - id: library\n    name: {zh: 图书馆, en: Library, fr: Bibliothèque}\n    floor: 5\n"
    errors, edited = errors_after(old, new)
    assert errors == [
        f"floors.yaml:{line_of(edited, 'fr: Biblio')}:34: space `library`: `fr` is not one of the building's"
        " languages (zh, en) — add it to `languages:` at the top of the file, or remove it",
        f"floors.yaml:{line_of(edited, 'floor: 5')}:12: space `library`: `floor` should be text,"
        ' but `5` reads as the number 5 — put it in quotes: "5"',
    ]


def test_an_ascii_comma_in_a_text_does_not_hide_a_later_mistake_in_the_entry():
    # The comma makes `书库` a key with no value: said once, as the comma, and the entry is read on.
    old = LIBRARY + "    floor: 3f\n"
    new = "  - id: library\n    name: {zh: 图书馆,书库, en: Library}\n    floor: 5\n"
    errors, edited = errors_after(old, new)
    assert errors == [
        f"floors.yaml:{line_of(edited, '图书馆,书库')}:20: space `library`: unknown key `书库` — a comma inside"
        " `{zh: ..., en: ...}` ends the text: use the Chinese comma ， or quote the text",
        f"floors.yaml:{line_of(edited, 'floor: 5')}:12: space `library`: `floor` should be text,"
        ' but `5` reads as the number 5 — put it in quotes: "5"',
    ]


def test_a_typo_close_to_two_missing_keys_stands_for_the_closest_one_only():
    # `lame` is close to both `name` (0.75) and `label` (0.67): it is taken for `name`, so a
    # missing `label` must still be said.
    errors, edited = errors_after("    label: 1F\n", "    lame: 1F\n")
    line = line_of(edited, "lame: 1F")
    assert errors == [
        f"floors.yaml:{line - 2}:5: floor `1f`: `label` is missing — add `label: ...`",
        f"floors.yaml:{line}:5: floor `1f`: unknown key `lame` — did you mean `name`?",
    ]


def test_a_section_that_is_not_a_list_does_not_stop_the_sections_after_it():
    # `closures` comes before `events` in the order sections are validated.
    edited = bundled_with("    capacity: 12\n", "    capacity: 12\n    capacty: 12\n") + "\nclosures: 5\n"
    errors = [p for p in problems_of(edited) if "warning:" not in p]
    assert errors == [
        f"floors.yaml:{line_of(edited, 'capacty')}:5: event #1: unknown key `capacty` — did you mean `capacity`?",
        f"floors.yaml:{line_of(edited, 'closures: 5')}:11: `closures` should be a list — start each entry with `- `",
    ]


# --- where a nested value is named --------------------------------------------------------------


def test_a_size_one_number_short_is_named_by_its_whole_path():
    errors, edited = errors_after("      size: [80, 50]\n", "      size: [80]\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'size: [80]')}:13: floor `1f`: `plan.size` has too few numbers"
        " (number 2 is missing) — write every number: a point is `[x, y]` in metres, a size `[width, depth]`"
    ]


def test_a_missing_nested_key_is_named_by_its_path_and_hinted_by_its_own_name():
    errors, edited = errors_after("    plan:\n      size: [80, 50]\n      corridors:", "    plan:\n      corridors:")
    line = line_of(edited, ("id: 1f", 5))  # `corridors:`, where the plan's mapping now starts
    assert errors == [f"floors.yaml:{line}:7: floor `1f`: `plan.size` is missing — add `size: ...`"]


def test_a_full_width_character_in_hours_is_named_in_this_file_at_the_character():
    errors, edited = errors_after("    hours: Tu-Su 09:00-16:30\n", "    hours: Tu-Su 09：00-16:30\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, '09：00')}:20: space `heritage-studio`: `hours` 'Tu-Su 09：00-16:30':"
        " `：` is a full-width character — write `Tu-Su 09:00-16:30`"
    ]


# --- rules on a whole entry, and the hint when no key has its own ----------------------------


def test_a_closure_without_a_date_is_named_by_its_section_with_the_general_hint():
    closure = "\nclosures:\n  - {reason: {zh: 维修, en: Repairs}}\nevents:\n"
    errors, edited = errors_after(EVENTS, closure)
    assert errors == [
        f"floors.yaml:{line_of(edited, 'reason: {zh: 维修')}:5: closure #1: `closures`: give `date:` (one day)"
        f" or both `starts:` and `ends:` (a range) — {CHECK_HINT}"
    ]


def test_a_wrong_direction_gets_the_general_hint():
    errors, edited = errors_after("    facing: N ", "    facing: up ")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'facing: up')}:13: kiosk `lobby`: `facing`: unknown direction 'up';"
        f" use N, NE, E, SE, S, SW, W, NW or degrees — {CHECK_HINT}"
    ]


# --- sections ---------------------------------------------------------------------------------


def test_a_list_section_left_empty_is_an_empty_list():
    text = BUNDLED.read_text(encoding="utf-8") + "\nclosures:\n"
    building, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert building is not None and building.closures == ()


OPERATOR = "  operator: {zh: 新泾镇社区文化事务中心, en: Xinjing Town Community Cultural Affairs Centre}\n"


def test_a_text_in_the_building_section_in_a_language_it_lacks_is_refused():
    errors, edited = errors_after(OPERATOR, "  operator: {zh: 中心, en: Centre, fr: Centre}\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'fr: Centre')}:34: `building`: `fr` is not one of the building's languages"
        " (zh, en) — add it to `languages:` at the top of the file, or remove it"
    ]


def test_a_text_in_the_building_section_without_its_first_language_is_refused():
    errors, edited = errors_after(OPERATOR, "  operator: {en: Centre}\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'operator: {en:')}:13: `building`: `operator.zh` is missing"
        " — add the Chinese text as `zh: ...`"
    ]


# --- hours of the building itself -----------------------------------------------------------


def test_the_buildings_own_hours_are_warned_about_a_rule_without_days_at_that_rule():
    text = bundled_with("  hours: Mo-Su 08:30-17:00\n", "  hours: Mo-Fr 08:30-17:00; 09:00-12:00\n")
    line = line_of(text, "Mo-Fr 08:30-17:00; 09:00")
    assert [p for p in problems_of(text) if "hours" in p] == [
        f"floors.yaml:{line}:29: warning: `building.hours`: `09:00-12:00` has no days, so it means every day,"
        " weekends and public holidays included — if that is meant, say so: `Mo-Su 09:00-12:00`;"
        " for weekdays only: `Mo-Fr 09:00-12:00; PH off`"
    ]


# --- a file on disk ---------------------------------------------------------------------------


def test_a_file_checked_from_disk_looks_for_its_drawings_in_its_own_folder(tmp_path: Path):
    plan = "    plan:\n      size: [80, 50]\n"
    path = tmp_path / "floors.yaml"
    path.write_text(bundled_with(plan, plan + "      background: nothere.png\n"), encoding="utf-8")
    _, problems = check_building(path)
    line = line_of(path.read_text(encoding="utf-8"), "background: nothere.png")
    assert (
        f"floors.yaml:{line}:19: warning: floor 1F: the background `nothere.png` is not there, so the plan is"
        " drawn without it — put the file beside floors.yaml, or remove `background:`"
    ) in [str(p) for p in problems]


def test_a_refused_file_says_one_problem_per_line(tmp_path: Path):
    # What a server log shows when the app cannot start (`kiosk:create_app()` under a WSGI server).
    path = tmp_path / "floors.yaml"
    path.write_text(bundled_with(LIBRARY, LIBRARY + "    colour: red\n    zzzq: 1\n"), encoding="utf-8")
    with pytest.raises(BuildingFileError) as refused:
        load_building(path)
    lines = str(refused.value).split("\n")
    assert len(lines) == 2
    assert lines[0].endswith("space `library`: unknown key `colour` — did you mean `door`?")
    assert lines[1].startswith(f"floors.yaml:{line_of(path.read_text(encoding='utf-8'), 'zzzq')}:5: space `library`")


# --- more languages than allowed, the word for a category, values of two forms -------------------


def test_more_languages_than_allowed_is_one_problem_at_the_first_too_many_not_a_crash():
    # The list itself was valid codes, so the loader went on and the whole Building refused it
    # afterwards with a ValidationError nobody caught: `kiosk check` showed a traceback.
    codes = "zh, en, ja, ko, fr, de, es, it, pt, ru, ar, th, vi"
    text = f"languages: [{codes}]\n" + BUNDLED.read_text(encoding="utf-8")
    building, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert building is None
    # (Most of these have no interface catalog either: the rules across entries still say so.)
    assert [str(p) for p in problems if "languages" in p.message] == [
        "floors.yaml:1:61: `languages` lists 13 languages, more than the 12 allowed"
        " — keep the languages your visitors read; the first is the default"
    ]
    twelve = text.replace(", vi]", "]", 1)
    assert not [p for p in problems_of(twelve) if "languages` lists" in p]


def test_a_category_of_the_buildings_own_is_called_a_category():
    # It was "categorie `garden`": the owner's name is the section's, less its final "s".
    errors, edited = errors_after(EVENTS, "\ncategories:\n  - {id: garden}\nevents:\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'id: garden')}:5: category `garden`: `categories`: a category of your own"
        f" needs a `name`, `icon` and `colour` — {CHECK_HINT}"
    ]


LIFT_AT = "    at: [40, 21]\n"


SHORT = (
    "has too few numbers (number 2 is missing)"
    " — write every number: a point is `[x, y]` in metres, a size `[width, depth]`"
)
STARTS = "    starts: 2026-11-07 14:00\n"
# (old, new, the text on the problem's line, column, the problem)
TWO_FORMS = {
    "a point short": (LIFT_AT, "    at: [40]\n", "at: [40]", 9, f"facility `lifts`: `at` {SHORT}"),
    "a floor's point short": (
        LIFT_AT, "    at: {1f: [40]}\n", "at: {1f: [40]}", 14, f"facility `lifts`: `at.1f` {SHORT}",
    ),
    "a word": (
        LIFT_AT, "    at: centre\n", "at: centre", 9,
        f"facility `lifts`: `at`: input should be a valid tuple — {CHECK_HINT}",
    ),
    "a floor id in capitals": (
        LIFT_AT, "    at: {1F: [40, 21]}\n", "at: {1F:", 10,
        "facility `lifts`: `1F` is not a valid id for `at`"
        " — write it as `1f` (ids are lowercase letters, digits and dashes)",
    ),
    "a word for a date": (
        STARTS, "    starts: tomorrow\n", "starts: tomorrow", 13,
        f"event #1: `starts`: input should be a valid datetime or date, input is too short — {CHECK_HINT}",
    ),
    # Neither form fits a mapping: still said, once.
    "a mapping for a date": (
        STARTS, "    starts: {a: 1}\n", "starts: {a: 1}", 13,
        f"event #1: `starts`: input should be a valid datetime — {CHECK_HINT}",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("old", "new", "on", "column", "expected"), TWO_FORMS.values(), ids=list(TWO_FORMS))
def test_a_value_of_two_possible_forms_is_one_problem_in_the_form_written(old, new, on, column, expected):
    # pydantic tries each form (`[x, y]` or `{floor: [x, y]}`; a date and time or a date) and names the
    # form in its location (`at.tuple[constrained-float, constrained-float]`, `starts.datetime`): the
    # problems said each mistake once per form, in pydantic's words.
    errors, edited = errors_after(old, new)
    assert errors == [f"floors.yaml:{line_of(edited, on)}:{column}: {expected}"]


def test_a_shape_per_floor_is_named_by_its_floor_and_point():
    errors, edited = errors_after(LIFT_SHAPE, "    shape: {1f: [36, 14]}\n")
    line = line_of(edited, "shape: {1f:")
    assert errors == [
        f"floors.yaml:{line}:18: facility `lifts`: `shape.1f.0`: input should be a valid tuple — {CHECK_HINT}",
        f"floors.yaml:{line}:22: facility `lifts`: `shape.1f.1`: input should be a valid tuple — {CHECK_HINT}",
    ]
