"""How floors.yaml is read as YAML (kiosk/load/reading.py): what staff read, where, and what is read at all.

Tags shown as written, the list caps at their exact limits, tabs libyaml accepts, the pure-Python
parser's own messages, nesting counted after closed brackets, the first entry of a list, and the
folder `load_building` checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kiosk.load import reading
from kiosk.load.loader import MAX_BYTES, BuildingFileError, check_content, load_building
from kiosk.ways.backgrounds import MAX_BYTES as MAX_BACKGROUND_BYTES
from tests.helpers.buildings import BUNDLED, line_of
from tests.helpers.loading import LIBRARY, PLAN_1F, SPACE_KEYS, bundled_with, errors_after, problems_of

CONTROL_HINT = "delete it, or retype the text around it"
TAG_HINT = "which floors.yaml does not use"


def errors_of(text: str) -> list[str]:
    """The errors of `text` read alone (no folder), as staff read them."""
    _, problems = check_content(text.encode("utf-8"), "floors.yaml")
    return [str(p) for p in problems if p.severity == "error"]


# --- what is read at all ---------------------------------------------------------------------


def test_a_control_character_as_the_very_first_character_is_at_line_one_column_one():
    assert errors_of("\x07building: {}\n") == [
        f"floors.yaml:1:1: the file holds an invisible control character (U+0007) — {CONTROL_HINT}"
    ]


def test_a_file_of_exactly_the_size_limit_is_still_read():
    text = BUNDLED.read_text(encoding="utf-8")
    padding = MAX_BYTES - len(text.encode("utf-8")) - len("#\n")
    exact = (text + "#" + "x" * padding + "\n").encode("utf-8")
    assert len(exact) == MAX_BYTES
    building, problems = check_content(exact, "floors.yaml", BUNDLED.parent)
    assert building is not None, [str(p) for p in problems]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="the pure-Python parser refuses these tabs")
def test_tabs_after_a_colon_and_after_a_value_are_read_as_spaces():
    # Pasted from a spreadsheet: libyaml (which also checks the file first) reads these; the
    # pure-Python composer would refuse the same file with "found character '\t'".
    text = bundled_with("  timezone: Asia/Shanghai\n", "  timezone:\tAsia/Shanghai\t\n")
    building, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert building is not None, [str(p) for p in problems]
    assert building.building.timezone == "Asia/Shanghai"


# --- tags, shown as they were written --------------------------------------------------------


def test_a_tagged_value_is_refused_with_the_tag_as_written():
    errors, edited = errors_after("    order: 5\n", "    order: !!binary aGVsbG8=\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, '!!binary')}:12: `!!binary` is a YAML tag, {TAG_HINT}"
        " — remove `!!binary`, or put the value in quotes"
    ]


def test_a_tagged_list_is_refused_with_the_tag_as_written():
    # What Python's yaml.dump writes for a tuple, pasted in.
    errors, edited = errors_after("    door: [52, 29]\n", "    door: !!python/tuple [52, 29]\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, '!!python/tuple')}:11: `!!python/tuple` is a YAML tag, {TAG_HINT}"
        " — remove `!!python/tuple`, or put the value in quotes"
    ]


def test_a_value_its_tag_cannot_read_is_quoted_in_the_message_up_to_forty_characters():
    errors, edited = errors_after("    order: 5\n", "    order: !!int " + "x" * 50 + "\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, '!!int')}:12: `{'x' * 40}` cannot be read as a value — put it in quotes"
    ]


# --- caps and nesting ------------------------------------------------------------------------


def aliases(count: int) -> str:
    return "spaces:\n  - id: x\n    aliases: [" + ", ".join(f"a{i}" for i in range(count)) + "]\n"


def test_a_space_may_have_thirty_aliases_and_not_thirty_one():
    assert not [e for e in errors_of(aliases(30)) if "list has" in e]
    assert [e for e in errors_of(aliases(31)) if "list has" in e] == [
        "floors.yaml:3:14: this list has 31 entries, more than the 30 allowed here"
        " — a building needs far fewer; check that the right file was given"
    ]


def test_a_space_written_as_a_plain_word_is_a_problem_at_its_line():
    assert errors_of("spaces:\n  - library\n")[-1] == (
        "floors.yaml:2:5: space #1: `spaces`: input should be a valid dictionary or instance of space"
        " — check the value against the bundled floors.yaml"
    )


def test_nesting_counts_the_levels_still_open_after_a_closed_sibling():
    # `building: {` is level 2 and stays open after `x: []` closes: y's 15th bracket is level 17.
    text = "building: {x: [], y: " + "[" * 15 + "]" * 15 + "}\n"
    assert errors_of(text) == [
        "floors.yaml:1:36: the entries are nested more than 16 levels deep here"
        " — a building needs far fewer levels; check the brackets and the indentation"
    ]


# --- syntax errors ---------------------------------------------------------------------------


def test_an_unclosed_bracket_names_the_line_where_the_parser_gave_up():
    old = "name: {zh: 百姓健身房, en: Public Gym}"
    errors, edited = errors_after(old, old.rstrip("}"))
    opened = line_of(edited, "en: Public Gym")
    assert errors == [
        f"floors.yaml:{opened}:11: YAML syntax error: this `{{...}}` or `[...]` is not closed properly"
        f" (on line {opened + 1} a `,` or the closing bracket was expected) — close the bracket on the same line,"
        " and put text containing `,` `:` or brackets in quotes"
    ]


def test_without_libyaml_a_misindented_entry_asks_to_line_it_up(monkeypatch):
    # PyYAML without libyaml (built from source) says "expected <block end>" where libyaml says "did not find":
    # staff read the same sentence either way.
    monkeypatch.setattr(reading, "YamlLoader", yaml.SafeLoader)
    errors, edited = errors_after("    order: 5\n", "    order: 5\n   label: 5F\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, '   label: 5F')}:4: YAML syntax error: this line is not lined up"
        " with the entries around it"
        " — line this entry up with the ones above it"
    ]


def test_without_libyaml_a_tab_indent_asks_for_spaces(monkeypatch):
    monkeypatch.setattr(reading, "YamlLoader", yaml.SafeLoader)
    errors, edited = errors_after("    order: 3\n", "\torder: 3\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, chr(9) + 'order: 3')}:1: YAML syntax error: a tab stands here,"
        " where YAML allows only spaces"
        " — indent with spaces, not tabs"
    ]


# --- places and texts ------------------------------------------------------------------------


def test_a_number_as_a_language_in_the_first_entry_is_named_as_such():
    # The first entry is index 0 of its list: its text is found there, not taken for a comma mistake.
    text = "spaces:\n  - id: a\n    name: {zh: x, en: y, 12: z}\n"
    assert errors_of(text)[-1] == (
        "floors.yaml:3:26: space `a`: `12` is not a language code — write languages as `zh`, `en`, `ja`..."
    )


def test_a_single_quoted_hours_expression_is_pointed_at_after_its_quote():
    text = bundled_with("    hours: Tu-Su 09:00-16:30\n", "    hours: '09:00-16:30'\n")
    line = line_of(text, "'09:00-16:30'")
    assert [p for p in problems_of(text) if "hours" in p] == [
        f"floors.yaml:{line}:13: warning: `spaces.13.hours`: `09:00-16:30` has no days, so it means every day,"
        " weekends and public holidays included — if that is meant, say so: `Mo-Su 09:00-16:30`;"
        " for weekdays only: `Mo-Fr 09:00-16:30; PH off`"
    ]


def test_a_public_url_keeps_its_text_direction_characters_so_that_it_is_refused():
    old = "  timezone: Asia/Shanghai\n"
    text = bundled_with(old, old + "  public_url: https://kiosk.example.org/\u202eabc\n")
    line = line_of(text, "public_url: https")
    assert problems_of(text) == [
        f"floors.yaml:{line}:15: `building`: `public_url`: public_url holds an invisible or control character"
        " (U+202E); retype it — write the address phones should open, e.g. `https://kiosk.example.org`"
    ]


def test_a_floor_key_inside_a_union_field_is_placed_at_the_key():
    # `at:` is a point or a mapping per floor: pydantic names the union branch in its location, which
    # the loader takes out to find the key (not nowhere, not a crash, not pydantic's branch names).
    errors, edited = errors_after("    at: [40, 21]\n", "    at: {1F: [40, 21]}\n")
    line = line_of(edited, "at: {1F")
    assert errors == [
        f"floors.yaml:{line}:10: facility `lifts`: `1F` is not a valid id for `at`"
        " — write it as `1f` (ids are lowercase letters, digits and dashes)"
    ]


# A key is read as the word written, not as YAML 1.1 reads it (a boolean, a number).
# (old, new, the text on the problem's line, column, message and hint)
KEYS_AS_WRITTEN = {
    "no: a language (Norwegian), not false": (
        LIBRARY, "  - id: library\n    name: {zh: 图书馆, en: Library, no: Bibliotek}\n", "no: Bibliotek", 34,
        "space `library`: `no` is not one of the building's languages (zh, en)"
        " — add it to `languages:` at the top of the file, or remove it",
    ),
    "on: a word, not true": (
        LIBRARY, LIBRARY + "    on: 1\n", "    on: 1", 5,
        f"space `library`: unknown key `on` — allowed here: {SPACE_KEYS}",
    ),
    "1: a word, not a number": (
        LIBRARY, LIBRARY + "    1: x\n", "1: x", 5, f"space `library`: unknown key `1` — allowed here: {SPACE_KEYS}",
    ),
    "0x1F: as written, not 31": (
        LIBRARY, LIBRARY + "    0x1F: x\n", "0x1F: x", 5,
        f"space `library`: unknown key `0x1F` — allowed here: {SPACE_KEYS}",
    ),
    "a floor id of digits in a position per floor": (
        "    at: [40, 21]\n", "    at: {1: [40, 21]}\n", "at: {1:", 13,
        "`lifts` has a position on `1`, which is not in its floors — add the floor to `floors:` or remove the position",
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "on_line", "column", "expected"), KEYS_AS_WRITTEN.values(), ids=list(KEYS_AS_WRITTEN)
)
def test_a_key_is_named_as_it_was_written(old, new, on_line, column, expected):
    errors, edited = errors_after(old, new)
    assert errors == [f"floors.yaml:{line_of(edited, on_line)}:{column}: {expected}"]


def test_a_number_key_and_the_same_key_in_quotes_are_the_same_key():
    errors, edited = errors_after("    at: [40, 21]\n", '    at: {1: [40, 21], "1": [40, 21]}\n')
    assert f"floors.yaml:{line_of(edited, 'at: {1:')}:23: `1` is given twice here — keep only one of them" in errors


# --- load_building with the file's content ---------------------------------------------------


def test_load_building_from_content_checks_the_drawings_beside_the_file(tmp_path: Path):
    # The store loads the bytes it read; the file's folder still decides whether its drawings are fine.
    text = bundled_with(PLAN_1F, PLAN_1F + "      background: huge.png\n")
    path = tmp_path / "floors.yaml"
    path.write_text(text, encoding="utf-8")
    with (tmp_path / "huge.png").open("wb") as drawing:
        drawing.truncate(MAX_BACKGROUND_BYTES + 1)
    with pytest.raises(BuildingFileError) as caught:
        load_building(path, text.encode("utf-8"))
    megabytes = MAX_BACKGROUND_BYTES // (1024 * 1024)
    assert [str(p) for p in caught.value.problems] == [
        f"floors.yaml:{line_of(text, 'huge.png')}:19: floor 1F: the background `huge.png` is"
        f" {(MAX_BACKGROUND_BYTES + 1) / 1e6:.1f} MB, more than the {megabytes} MB a phone should download"
        " — export it smaller, e.g. 2000 pixels wide, or as .webp"
    ]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml's own message")
def test_a_tab_at_the_start_of_a_line_asks_for_spaces():
    # The first key of a mapping: libyaml names no tab here (it does where a tab breaks an indentation
    # already set, as for the next key); the hint looks at the character it stopped at.
    errors, edited = errors_after("building:\n  id: xinjing-complex\n", "building:\n\tid: xinjing-complex\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, chr(9) + 'id: xinjing')}:1: YAML syntax error: a tab stands here,"
        " where YAML allows only spaces"
        " — indent with spaces, not tabs"
    ]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml's own message")
def test_a_tab_on_the_first_line_after_a_byte_order_mark_asks_for_spaces():
    # Notepad saves UTF-8 with a byte-order mark; the parser does not count it in the columns.
    assert errors_of("\ufeff\tbuilding: {}\n") == [
        "floors.yaml:1:1: YAML syntax error: a tab stands here, where YAML allows only spaces — indent"
        " with spaces, not tabs"
    ]


def test_a_key_with_a_text_direction_character_is_read_without_it_and_warned_about():
    text = bundled_with(LIBRARY, "  - id: library\n    na\u202eme: {zh: 图书馆, en: Library}\n")
    building, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert building is not None
    assert (
        f"floors.yaml:{line_of(text, 'na' + chr(0x202E))}:5: warning: invisible text-direction characters (U+202E)"
        " were removed from this text — retype the text without them"
    ) in [str(p) for p in problems]
