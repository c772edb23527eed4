"""What staff read for the loader's rarer mistakes, each at its file:line:col with its sentence and hint.

The hints for a wrong time zone, RRULE or public address, the structure refusals, the places of
syntax errors that PyYAML describes oddly, and the warnings of special hours.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import yaml

from kiosk.load import loader
from kiosk.load.loader import check_content
from tests.helpers.buildings import BUNDLED, line_of
from tests.helpers.loading import LIBRARY, PLAN_1F, bundled_with, errors_after, problems_of

RULE_HINT = "write an iCalendar RRULE: `FREQ=WEEKLY;BYDAY=SA` (every Saturday), `FREQ=DAILY;COUNT=5`"


def test_a_wrong_time_zone_names_the_key_and_hints_an_iana_name():
    errors, edited = errors_after("  timezone: Asia/Shanghai\n", "  timezone: Asia/Shanghi\n")
    line = line_of(edited, "Asia/Shanghi")
    assert errors == [
        f"floors.yaml:{line}:13: `building`: `timezone`: unknown time zone 'Asia/Shanghi'"
        " — use a name like `Asia/Shanghai`"
    ]


def test_a_repeat_that_is_no_rrule_hints_how_to_write_one():
    errors, edited = errors_after("    repeat: FREQ=WEEKLY;BYDAY=SA\n", "    repeat: FREQ=SOMETIMES\n")
    line = line_of(edited, "FREQ=SOMETIMES")
    assert errors == [
        f"floors.yaml:{line}:13: event #1: `repeat`: 'FREQ=SOMETIMES' is not a recurrence rule — {RULE_HINT}"
    ]


def test_a_public_address_without_https_hints_an_address_phones_can_open():
    old = "  timezone: Asia/Shanghai\n"
    errors, edited = errors_after(old, old + "  public_url: kiosk.example.org\n")
    line = line_of(edited, "public_url: kiosk")
    assert errors == [
        f"floors.yaml:{line}:15: `building`: `public_url`: public_url must start with https://"
        " — write the address phones should open, e.g. `https://kiosk.example.org`"
    ]


def test_an_anchor_is_refused_at_its_value_and_asks_for_each_value_in_full():
    errors, edited = errors_after("  timezone: Asia/Shanghai\n", "  timezone: &tz Asia/Shanghai\n")
    line = line_of(edited, "&tz")
    assert errors == [
        f"floors.yaml:{line}:13: anchors and aliases (&tz / *tz) are not allowed — write each value out in full"
    ]


def test_nesting_deeper_than_sixteen_levels_is_refused_where_it_goes_too_deep():
    # The file's mapping is level 1, so the 16th bracket is level 17: one too many.
    text = "building: " + "[" * 16 + "]" * 16 + "\n"
    _, problems = check_content(text.encode("utf-8"), "floors.yaml")
    assert [str(p) for p in problems] == [
        "floors.yaml:1:26: the entries are nested more than 16 levels deep here"
        " — a building needs far fewer levels; check the brackets and the indentation"
    ]
    # Sixteen levels in all is still read (and fails only as a building).
    _, problems = check_content(("building: " + "[" * 15 + "]" * 15 + "\n").encode("utf-8"), "floors.yaml")
    assert not [p for p in problems if "nested" in p.message]


def test_nesting_counts_levels_closed_before_as_well():
    # Siblings close their brackets: only the depth of one branch counts, not how many there are.
    text = "building: [" + "[[]], " * 40 + "[]]\n"
    _, problems = check_content(text.encode("utf-8"), "floors.yaml")
    assert not [p for p in problems if "nested" in p.message]


def test_a_file_far_too_big_is_refused_on_line_one_with_a_hint():
    building, problems = check_content(b"x" * 1_000_001, "floors.yaml")
    assert building is None
    assert [str(p) for p in problems] == [
        "floors.yaml:1:1: the file is 1,000,001 bytes, more than the 1,000,000 allowed"
        " — a building needs far less; check that the right file was given"
    ]


def test_a_yaml_syntax_error_stands_at_the_column_of_the_mistake():
    old = "  timezone: Asia/Shanghai\n"
    errors, edited = errors_after(old, old + "     x: 1\n")
    line = line_of(edited, "     x: 1")
    assert errors == [
        f"floors.yaml:{line}:7: YAML syntax error: this key is indented deeper than the key above it, so it reads"
        " as more of that value — line this key up with the keys above it (indented deeper, it reads as"
        " more of the value above)"
    ]


def test_a_syntax_error_pyyaml_does_not_describe_still_gets_a_sentence_and_its_place(monkeypatch):
    mark = yaml.Mark("floors.yaml", 0, 4, 6, None, None)

    def refuse(*args, **kwargs):
        raise yaml.MarkedYAMLError(problem_mark=mark)

    monkeypatch.setattr(yaml, "compose", refuse)
    assert problems_of("building: {}\n") == [
        "floors.yaml:5:7: YAML syntax error: YAML cannot read the file from here"
        " — check the indentation and that quotes and brackets are closed"
    ]


def test_a_yaml_error_without_a_place_is_named_at_the_top_of_the_file(monkeypatch):
    def refuse(*args, **kwargs):
        raise yaml.YAMLError("something odd")

    monkeypatch.setattr(yaml, "compose", refuse)
    assert problems_of("building: {}\n") == [
        "floors.yaml:1:1: YAML syntax error: something odd — check indentation and quotes"
    ]


def test_an_indentation_error_asks_to_line_the_entry_up(monkeypatch):
    mark = yaml.Mark("floors.yaml", 0, 2, 4, None, None)

    def refuse(*args, **kwargs):
        raise yaml.MarkedYAMLError(problem="bad indentation of a mapping entry", problem_mark=mark)

    monkeypatch.setattr(yaml, "compose", refuse)
    assert problems_of("building: {}\n") == [
        "floors.yaml:3:5: YAML syntax error: this line is not lined up with the entries around it"
        " — line this entry up with the ones above it"
    ]


def test_an_id_with_capitals_and_spaces_is_named_at_the_id_with_how_ids_are_written():
    errors, edited = errors_after("  - id: library\n", "  - id: Library Hall\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'id: Library Hall')}:9: space `Library Hall`: `Library Hall` is not a valid"
        " id for `id` — write it as `library-hall` (ids are lowercase letters, digits and dashes)"
    ]


def test_a_number_where_text_belongs_is_named_at_the_value_and_hints_quotes():
    errors, edited = errors_after("    floor: 3f\n    category: learning\n", "    floor: 5\n    category: learning\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'floor: 5')}:12: space `library`: `floor` should be text,"
        ' but `5` reads as the number 5 — put it in quotes: "5"'
    ]


def test_a_name_in_one_language_only_asks_for_the_text_per_language():
    errors, edited = errors_after(LIBRARY, "  - id: library\n    name: Library\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'name: Library')}:11: space `library`: `name` needs the text per language"
        " — write it in each language, as `{zh: 中文, en: English}`"
    ]


def test_several_text_direction_characters_are_listed_comma_separated():
    text = bundled_with(LIBRARY, LIBRARY.replace("Library", "Li\u202ebr\u2066ary"))
    line = line_of(text, "Li\u202ebr")
    assert (
        f"floors.yaml:{line}:25: warning: invisible text-direction characters (U+202E, U+2066) were removed"
        " from this text — retype the text without them"
    ) in problems_of(text)


def test_special_hours_warnings_name_the_special_hours_entry_and_ignore_missing_days():
    text = BUNDLED.read_text(encoding="utf-8") + (
        "\nspecial_hours:\n"
        '  - {date: 2026-12-31, hours: "08:30-12:00", reason: {zh: 除夕, en: New Year}}\n'
        '  - {date: 2026-12-30, hours: "PH off; 08:30-12:00", reason: {zh: 除夕, en: New Year}}\n'
    )
    line = line_of(text, "PH off; 08:30")
    hours = [p for p in problems_of(text) if "hours" in p]
    # A special day's hours need no days (the date says which day), so the first entry is quiet.
    assert hours == [
        f"floors.yaml:{line}:32: warning: `special_hours.1.hours`: `PH off` does nothing: a later rule overrides"
        " it (each rule replaces the ones before it on the days it names) — put closures last: `08:30-12:00; PH off`"
    ]


def test_a_space_without_a_floor_does_not_stop_the_count_of_spaces_per_floor():
    text = "spaces:\n  - {id: lost}\n" + "".join(f"  - {{id: s{i}, floor: 1f}}\n" for i in range(301))
    _, problems = check_content(text.encode("utf-8"), "floors.yaml")
    assert [str(p) for p in problems if "more than" in p.message] == [
        "floors.yaml:303:23: floor `1f` has more than 300 spaces — split the floor, or group small rooms into one space"
    ]


def test_a_background_drawing_is_looked_for_beside_floors_yaml():
    text = bundled_with(PLAN_1F, PLAN_1F + "      background: nothere.png\n")
    line = line_of(text, "background: nothere.png")
    assert (
        f"floors.yaml:{line}:19: warning: floor 1F: the background `nothere.png` is not there, so the plan is"
        " drawn without it — put the file beside floors.yaml, or remove `background:`"
    ) in problems_of(text)


def test_a_syntax_error_without_a_place_stands_at_the_start_of_the_file(monkeypatch):
    def refuse(*args, **kwargs):
        raise yaml.MarkedYAMLError(problem="something odd")

    monkeypatch.setattr(yaml, "compose", refuse)
    assert problems_of("building: {}\n") == [
        "floors.yaml:1:1: YAML syntax error: YAML cannot read the file from here"
        " — check the indentation and that quotes and brackets are closed"
    ]


class _LateEveningInUtc(dt.datetime):
    """27 Nov 2026, 17:00 UTC: already 28 Nov, 01:00, in Shanghai; a server clock in UTC says the 27th."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        instant = dt.datetime(2026, 11, 27, 17, 0, tzinfo=dt.UTC)
        return instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)


def test_hours_warnings_look_ahead_from_today_in_the_buildings_time_zone(monkeypatch):
    # The look-ahead starts with two ordinary weeks: from 28 Nov they reach 11 Dec, from 27 Nov they do not.
    monkeypatch.setattr(loader, "dt", SimpleNamespace(datetime=_LateEveningInUtc))
    text = bundled_with("  hours: Mo-Su 08:30-17:00\n", "  hours: Dec 11 off; Mo-Su 08:30-17:00\n")
    line = line_of(text, "Dec 11 off")
    assert [p for p in problems_of(text) if "hours" in p] == [
        f"floors.yaml:{line}:10: warning: `building.hours`: `Dec 11 off` does nothing: a later rule overrides it"
        " (each rule replaces the ones before it on the days it names) — put closures last:"
        " `Mo-Su 08:30-17:00; Dec 11 off`"
    ]
