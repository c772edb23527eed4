"""The exact sentence, line and column staff read for each kind of mistake in floors.yaml.

Each case edits one place of the bundled file; the problem must stand on the edited line, at the
column of the offending key or value, with a hint that says what to write instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.load.loader import Problem, check_building, check_content
from tests.helpers.buildings import BUNDLED, TOWER, line_of
from tests.helpers.loading import LIBRARY, SPACE_KEYS, errors_after

SECTIONS = (
    "languages, building, floors, spaces, facilities, kiosks, notices, settings, categories, facility_kinds,"
    " closures, special_hours, events, event_sources"
)

# (old, new, the text on the line the problem is on (or: a text and how many lines below it), column,
#  the message and hint)
CASES = {
    "unknown key, nothing close": (
        LIBRARY, LIBRARY + "    zzzzqq: 1\n", "zzzzqq", 5,
        f"space `library`: unknown key `zzzzqq` — allowed here: {SPACE_KEYS}",
    ),
    "unknown section, nothing close": (
        "settings:", "qqqqxx: 1\nsettings:", "qqqqxx", 1, f"unknown section `qqqqxx` — allowed here: {SECTIONS}",
    ),
    "a text left empty": (
        LIBRARY, "  - id: library\n    name:\n", ("id: library", 1), 10,
        "space `library`: `name` is empty — write the text, or remove the key",
    ),
    "one language left empty": (
        LIBRARY, "  - id: library\n    name: {zh: '', en: Library}\n", "name: {zh: ''", 16,
        "space `library`: `name.zh` is empty — write the text, or remove the key",
    ),
    "a word where a number belongs": (
        "    order: 5\n", "    order: five\n", "order: five", 12,
        "floor `5f`: `order`: input should be a valid integer, unable to parse string as an integer"
        " — check the value against the bundled floors.yaml",
    ),
    "a point one number short": (
        "    door: [52, 29]\n", "    door: [52]\n", "door: [52]", 11,
        "space `library`: `door` has too few numbers (number 2 is missing)"
        " — write every number: a point is `[x, y]` in metres, a size `[width, depth]`",
    ),
    "merge key": (
        LIBRARY, LIBRARY + "    <<: {a: 1}\n", "<<:", 5,
        "merge keys (`<<:`) are not allowed — write each value out in full",
    ),
    "a list as a key": (
        LIBRARY, LIBRARY + "    ? [a, b]\n    : 1\n", "? [a, b]", 7, "a key must be a plain word — write `key: value`",
    ),
    "a YAML tag": (
        LIBRARY, "  - id: library\n    name: !foo {zh: 图书馆, en: Library}\n", "!foo", 11,
        "`!foo` is a YAML tag, which floors.yaml does not use — remove `!foo`, or put the value in quotes",
    ),
    "a language the building does not have": (
        LIBRARY, "  - id: library\n    name: {zh: 图书馆, en: Library, fr: Bibliothèque}\n", "fr: Biblio", 34,
        "space `library`: `fr` is not one of the building's languages (zh, en)"
        " — add it to `languages:` at the top of the file, or remove it",
    ),
    "a number as a language": (
        LIBRARY, "  - id: library\n    name: {zh: 图书馆, en: Library, 12: x}\n", "12: x", 34,
        "space `library`: `12` is not a language code — write languages as `zh`, `en`, `ja`...",
    ),
    "languages not codes": (
        "building:", "languages: [zh, 5]\nbuilding:", "languages: [zh, 5]", 17,
        "`languages` should be a list of language codes"
        " — write e.g. `languages: [zh, en, ja]`; the first is the default",
    ),
    "no languages": (
        "building:", "languages: []\nbuilding:", "languages: []", 12,
        "`languages` is empty — write e.g. `languages: [zh, en]`",
    ),
    "an invisible control character": (
        LIBRARY, "  - id: library\n    name: {zh: 图书馆, en: Lib\x07rary}\n", "Lib\x07rary", 28,
        "the file holds an invisible control character (U+0007) — delete it, or retype the text around it",
    ),
    "an unquoted colon in a text": (
        "en: Books to borrow, newspapers", "en: Note: Books to borrow, newspapers", "en: Note: Books", 15,
        "YAML syntax error: a `: ` (colon and space) cannot stand here — put text that contains ': ' in quotes",
    ),
    "a key given twice": (
        LIBRARY, LIBRARY + "    floor: 3f\n", ("id: library", 3), 5,
        "`floor` is given twice here — keep only one of them",
    ),
    "a section that is not a list": (
        "notices:\n", "notices: 5\nsettings_old:\n", "notices: 5", 10,
        "`notices` should be a list — start each entry with `- `",
    ),
    "an impossible date": (
        "    ends: 2022-12-07", "    ends: 2022-02-30", "ends: 2022-02-30", 11,
        "`2022-02-30` is not a real date — write dates as YYYY-MM-DD, e.g. 2026-12-31",
    ),
    "a value its tag cannot read": (
        "    order: 5\n", "    order: !!int five\n", "order: !!int five", 12,
        "`five` cannot be read as a value — put it in quotes",
    ),
    "a language left out": (
        LIBRARY, "  - id: library\n    name: {en: Library}\n", ("id: library", 1), 11,
        "space `library`: `name.zh` is missing — add the Chinese text as `zh: ...`",
    ),
    "an ASCII comma inside a Chinese text": (
        "    location: {zh: 三楼东侧，出电梯左转,", "    location: {zh: 三楼东侧,出电梯左转,", "东侧,出电", 25,
        "space `library`: unknown key `出电梯左转` — a comma inside `{zh: ..., en: ...}` ends the text:"
        " use the Chinese comma ， or quote the text",
    ),
    "hours that do not parse": (
        "    hours: Tu-Su 09:00-16:30\n", '    hours: "Tu-Su 09:00-16:30 xx"\n', "16:30 xx", 12,
        "space `heritage-studio`: `hours`: opening hours 'Tu-Su 09:00-16:30 xx' are not valid (expected EOI,"
        " any_rule_separator, or rules_modifier) — use OpenStreetMap opening_hours syntax, e.g. `Mo-Su 08:30-17:00`"
        " or `Mo-Fr 09:00-12:00,13:00-17:00`",
    ),
    # The bundled file has no `categories:` or `closures:`: the sections after them are still checked.
    "a typo in an event, after absent sections": (
        "    capacity: 12\n", "    capacity: 12\n    capacty: 12\n", "capacty", 5,
        "event #1: unknown key `capacty` — did you mean `capacity`?",
    ),
    "a number as a key": (
        LIBRARY, LIBRARY + "    1.5: x\n", "1.5: x", 5,
        f"space `library`: unknown key `1.5` — allowed here: {SPACE_KEYS}",
    ),
}  # fmt: skip


@pytest.mark.parametrize(("old", "new", "on_line", "column", "expected"), CASES.values(), ids=list(CASES))
def test_each_mistake_is_one_sentence_at_its_line_and_column(old, new, on_line, column, expected):
    errors, edited = errors_after(old, new)
    if "settings_old" in new:
        errors = [e for e in errors if "settings_old" not in e]  # the renamed section is a second, expected problem
    assert errors == [f"floors.yaml:{line_of(edited, on_line)}:{column}: {expected}"]


def test_text_direction_characters_are_removed_with_a_warning_at_the_text():
    text = BUNDLED.read_text(encoding="utf-8").replace(LIBRARY, LIBRARY.replace("Library", "Lib\u202erary"), 1)
    building, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert building is not None
    line = line_of(text, "Lib\u202erary")
    assert (
        f"floors.yaml:{line}:25: warning: invisible text-direction characters (U+202E) were removed from this"
        " text — retype the text without them" in [str(p) for p in problems]
    )
    library = building.space("library")
    assert library is not None and library.name("en") == "Library"


def test_a_problem_without_a_hint_is_one_clean_line():
    assert str(Problem("floors.yaml", 3, 4, "something is wrong")) == "floors.yaml:3:4: something is wrong"
    assert str(Problem("floors.yaml", 3, 4, "doubtful", severity="warning")) == "floors.yaml:3:4: warning: doubtful"


def test_an_unreadable_file_names_itself_on_line_one(tmp_path: Path):
    missing = tmp_path / "nowhere" / "floors.yaml"
    building, problems = check_building(missing)
    assert building is None
    assert [str(p) for p in problems] == [
        f"floors.yaml:1:1: cannot read {missing}: No such file or directory — check the path and permissions"
    ]


def test_hours_that_parse_but_mislead_are_warnings_at_the_expression():
    text = BUNDLED.read_text(encoding="utf-8")
    text = text.replace("  hours: Mo-Su 08:30-17:00\n", "  hours: PH off; Mo-Su 08:30-17:00\n", 1)
    text = text.replace("    hours: Tu-Su 09:00-16:30\n", '    hours: "09:00-16:30"\n', 1)
    building, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert building is not None  # warnings never stop the kiosk
    hours = [str(p) for p in problems if "hours" in p.message]
    quoted = '"09:00-16:30"'
    assert hours == [
        f"floors.yaml:{line_of(text, 'PH off; Mo-Su')}:10: warning: `building.hours`: `PH off` does nothing: a later"
        " rule overrides it (each rule replaces the ones before it on the days it names) — put closures last:"
        " `Mo-Su 08:30-17:00; PH off`",
        # The expression is quoted: the column is its first character, after the quote.
        f"floors.yaml:{line_of(text, quoted)}:13: warning: `spaces.13.hours`: `09:00-16:30` has no days,"
        " so it means every day, weekends and public holidays included — if that is meant, say so:"
        " `Mo-Su 09:00-16:30`; for weekdays only: `Mo-Fr 09:00-16:30; PH off`",
    ]


def test_too_many_spaces_on_one_floor_is_named_at_the_first_one_too_many():
    text = "spaces:\n" + "".join(f"  - {{id: s{i}, floor: 1f}}\n" for i in range(301))
    _, problems = check_content(text.encode("utf-8"), "floors.yaml")
    capped = [str(p) for p in problems if "more than" in p.message]
    assert capped == [
        "floors.yaml:302:23: floor `1f` has more than 300 spaces — split the floor, or group small rooms into one space"
    ]


def test_a_file_that_is_not_utf8_is_named_at_the_line_of_the_first_bad_byte():
    _, problems = check_content("building: {}\nname: caf\xe9\n".encode("latin-1"), "floors.yaml")
    assert [str(p) for p in problems] == [
        "floors.yaml:2:1: the file is not UTF-8 text — save it as UTF-8 in your editor"
    ]


def test_an_empty_categories_list_means_the_shipped_five():
    text = BUNDLED.read_text(encoding="utf-8") + "\ncategories: []\n"
    building, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert building is not None and not [p for p in problems if p.severity == "error"]
    assert [c.id for c in building.categories] == ["culture", "learning", "sport", "family", "services"]


def test_a_list_longer_than_its_cap_is_refused_at_the_list():
    text = "kiosks:\n" + "".join(f"  - {{id: k{i}}}\n" for i in range(101))
    _, problems = check_content(text.encode("utf-8"), "floors.yaml")
    assert [str(p) for p in problems if "list has" in p.message] == [
        "floors.yaml:2:3: this list has 101 entries, more than the 100 allowed here"
        " — a building needs far fewer; check that the right file was given"
    ]


# --- quotes and indentation: the hint names the mistake, at the place to mend it --------------


def test_a_quote_left_open_is_named_where_it_opens_not_where_the_parser_gave_up():
    """An open quote swallows the lines below it: libyaml gives up dozens of lines further on."""
    errors, edited = errors_after("    label: 3F\n", '    label: "3F\n')
    line = line_of(edited, 'label: "3F')
    (closing,) = [n for n, text in enumerate(edited.splitlines(), 1) if n > line and '"' in text][:1]
    assert errors == [
        f"floors.yaml:{line}:12: YAML syntax error: this quote is not closed on its line"
        f' (the text runs on to line {closing}) — end the text with " on this line'
    ]
    assert closing > line + 10


def test_a_single_quote_left_open_asks_for_a_single_quote():
    errors, edited = errors_after("  timezone: Asia/Shanghai\n", "  timezone: 'Asia/Shanghai\n")
    line = line_of(edited, "'Asia/Shanghai")
    assert len(errors) == 1
    assert errors[0].startswith(f"floors.yaml:{line}:13: YAML syntax error: this quote is not closed on its line")
    assert errors[0].endswith(" — end the text with ' on this line")


def test_an_apostrophe_inside_single_quotes_is_pointed_at():
    old = "      en: Books to borrow, newspapers and a children's reading corner; library cards are free\n"
    errors, edited = errors_after(old, "      en: 'Books and a children's reading corner'\n")
    line = line_of(edited, "children's reading corner'")
    assert errors == [
        f"floors.yaml:{line}:32: YAML syntax error: an apostrophe ends this '...' text early"
        " — inside '...' write an apostrophe twice ('') or put the text in double quotes"
    ]


def test_a_quoted_text_over_two_lines_that_is_closed_is_not_a_problem():
    old = "      en: Books to borrow, newspapers and a children's reading corner; library cards are free\n"
    two_lines = '      en: "Books to borrow, newspapers\n        and a reading corner"\n'
    edited = BUNDLED.read_text(encoding="utf-8").replace(old, two_lines)
    building, problems = check_content(edited.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert building is not None and [p for p in problems if "public_url" not in p.message] == []
    assert building.space("library").description("en") == "Books to borrow, newspapers and a reading corner"


@pytest.mark.parametrize("indent", ["   ", "  "])
def test_a_key_indented_less_than_its_neighbours_asks_to_line_it_up(indent):
    errors, edited = errors_after("    label: 3F\n", f"{indent}label: 3F\n")
    line = line_of(edited, ("    order: 3", 1))
    assert errors == [
        f"floors.yaml:{line}:{len(indent) + 1}: YAML syntax error: this line is not lined up with the entries around it"
        " — line this entry up with the ones above it"
    ]


def test_a_key_indented_deeper_than_its_neighbours_is_not_told_to_quote():
    errors, edited = errors_after("    label: 3F\n", "      label: 3F\n")
    line = line_of(edited, "      label: 3F")
    assert errors == [
        f"floors.yaml:{line}:12: YAML syntax error: this key is indented deeper than the key above it, so"
        " it reads as more of that value"
        " — line this key up with the keys above it (indented deeper, it reads as more of the value above)"
    ]


def test_a_colon_inside_a_value_is_still_told_to_quote():
    errors, edited = errors_after("    label: 3F\n", "    label: 3F: library\n")
    line = line_of(edited, "label: 3F: library")
    assert errors == [
        f"floors.yaml:{line}:14: YAML syntax error: a `: ` (colon and space) cannot stand here"
        " — put text that contains ': ' in quotes"
    ]


def test_an_id_that_is_not_made_of_latin_letters_gets_the_rule_not_a_guess():
    errors, edited = errors_after("  - id: library\n", "  - id: 图书馆\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'id: 图书馆')}:9: space `图书馆`: `图书馆` is not a valid id for `id`"
        " — use lowercase letters, digits and dashes, e.g. `art-gallery`"
    ]


def test_a_floor_written_with_its_label_is_told_the_id_it_means():
    errors, edited = errors_after("    floor: 3f\n    category: learning\n", "    floor: 3F\n    category: learning\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'floor: 3F')}:12: space `library`: `3F` is not a valid id for `floor`"
        " — write it as `3f` (ids are lowercase letters, digits and dashes)"
    ]


# YAML 1.1 reads some plain words as something else: the message quotes what was written.
READ_AS_SOMETHING_ELSE = {
    "no": '`no` reads as false (a yes/no value) — put it in quotes: "no"',
    "On": '`On` reads as true (a yes/no value) — put it in quotes: "On"',
    "1:30": '`1:30` reads as the number 90 — put it in quotes: "1:30"',
    "0x1F": '`0x1F` reads as the number 31 — put it in quotes: "0x1F"',
    "2026-01-01": '`2026-01-01` reads as a date — put it in quotes: "2026-01-01"',
}


@pytest.mark.parametrize(("written", "said"), READ_AS_SOMETHING_ELSE.items(), ids=list(READ_AS_SOMETHING_ELSE))
def test_a_word_yaml_reads_as_a_value_is_quoted_as_written(written, said):
    errors, edited = errors_after("    label: 3F\n", f"    label: {written}\n")
    line = line_of(edited, f"label: {written}")
    assert errors == [f"floors.yaml:{line}:12: floor `3f`: `label` should be text, but {said}"]


@pytest.mark.parametrize("empty", ["~", "null"])
def test_a_yaml_null_where_text_belongs_is_empty(empty):
    errors, edited = errors_after("    label: 3F\n", f"    label: {empty}\n")
    line = line_of(edited, f"label: {empty}")
    assert errors == [f"floors.yaml:{line}:12: floor `3f`: `label` is empty — write the text, or remove the key"]


def test_norwegian_in_the_languages_is_not_read_as_false():
    text = BUNDLED.read_text(encoding="utf-8").replace("building:\n", "languages: [zh, en, no]\n\nbuilding:\n", 1)
    _, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    line = line_of(text, "languages: [zh, en, no]")
    assert [str(p) for p in problems if p.severity == "error"] == [
        f'floors.yaml:{line}:21: `languages`: `no` reads as false (a yes/no value) — put it in quotes: "no"'
    ]


def test_a_list_where_text_belongs_is_shown_as_read():
    errors, edited = errors_after("    label: 3F\n", "    label: [3F]\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'label: [3F]')}:12: floor `3f`: `label` should be text, not `['3F']`"
        ' — put the value in quotes, e.g. "No" or "08:30"'
    ]


def test_a_key_indented_deeper_after_a_bracketed_value_asks_to_line_it_up():
    old = "    floor: 3f\n    category: learning\n"
    errors, edited = errors_after(old, "  " + old)
    assert errors == [
        f"floors.yaml:{line_of(edited, '      floor: 3f')}:7: YAML syntax error: this line is not lined up"
        " with the entries around it"
        " — line this entry up with the ones above it"
    ]


DEEPER = (
    "YAML syntax error: this key is indented deeper than the key above it, so it reads as more of that value"
    " — line this key up with the keys above it (indented deeper, it reads as more of the value above)"
)
QUOTE_IT = "YAML syntax error: a `: ` (colon and space) cannot stand here — put text that contains ': ' in quotes"


def test_a_key_indented_deeper_after_a_blank_line_is_still_more_of_the_value_above():
    errors, edited = errors_after("    order: 3\n    label: 3F\n", "    order: 3\n\n      label: 3F\n")
    line = line_of(edited, "      label: 3F")
    assert errors == [f"floors.yaml:{line}:12: {DEEPER}"]


def test_the_line_just_above_decides_whether_a_key_is_indented_deeper():
    # `building:` (no value) two lines up; `id: xinjing-complex` just above has one
    name = "  name: {zh: 新泾镇公共服务综合楼, en: Xinjing Town Public Service Complex}\n"
    errors, edited = errors_after(name, "  " + name)
    line = line_of(edited, "    name: {zh: 新泾镇")
    assert errors == [f"floors.yaml:{line}:9: {DEEPER}"]


def test_a_colon_in_a_value_on_the_first_line_is_told_to_quote():
    _, problems = check_content(b"building: Hall: east\n", "floors.yaml", BUNDLED.parent)
    assert [str(p) for p in problems] == [f"floors.yaml:1:15: {QUOTE_IT}"]


@pytest.mark.parametrize(("written", "meant"), [("Library_Hall", "library-hall"), ("LIBRARY", "library")])
def test_an_id_in_capitals_or_with_underscores_is_told_the_id_it_means(written, meant):
    errors, edited = errors_after("  - id: library\n", f"  - id: {written}\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'id: ' + written)}:9: space `{written}`: `{written}` is not a valid id"
        f" for `id` — write it as `{meant}` (ids are lowercase letters, digits and dashes)"
    ]


def test_an_id_of_chinese_words_is_not_guessed_at_even_with_a_space_to_mend():
    errors, edited = errors_after("  - id: library\n", "  - id: 图书 馆\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'id: 图书 馆')}:9: space `图书 馆`: `图书 馆` is not a valid id for `id`"
        " — use lowercase letters, digits and dashes, e.g. `art-gallery`"
    ]


@pytest.mark.parametrize(("written", "column"), [('"3F" extra', 17), ("'3F' extra", 17), ('"3F"x', 16)])
def test_text_after_a_closing_quote_is_pointed_at(written, column):
    errors, edited = errors_after("    label: 3F\n", f"    label: {written}\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'label: ' + written)}:{column}: YAML syntax error:"
        " the text goes on after its closing quote — put the whole text inside the quotes"
    ]


def test_an_apostrophe_inside_a_bracketed_text_is_pointed_at_not_the_bracket():
    old = "    name: {zh: 图书馆, en: Library}\n"
    errors, edited = errors_after(old, "    name: {zh: 图书馆, en: 'Children's library'}\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, 'Children')}:34: YAML syntax error: an apostrophe ends this '...' text early"
        " — inside '...' write an apostrophe twice ('') or put the text in double quotes"
    ]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quote_open_to_the_end_of_the_file_is_named_where_it_opens(quote):
    text = BUNDLED.read_text(encoding="utf-8") + f"\nextra: {quote}unclosed\n"
    _, problems = check_content(text.encode("utf-8"), "floors.yaml", BUNDLED.parent)
    assert [str(p) for p in problems] == [
        f"floors.yaml:{line_of(text, 'extra: ')}:8: YAML syntax error: this quote is never closed"
        f" (the text runs on to the end of the file) — end the text with {quote} on this line"
    ]


def test_a_date_written_in_no_form_is_named_even_beside_a_date_written_in_the_wrong_one():
    """`starts: {a: 1}` fits no form of a date; `ends: tomorrow` fits one: both are said, once each."""
    old = "    starts: 2026-11-07 14:00\n    ends: 2026-11-07 15:30\n"
    errors, edited = errors_after(old, "    starts: {a: 1}\n    ends: tomorrow\n")
    assert [e.split(" — ")[0] for e in errors] == [
        f"floors.yaml:{line_of(edited, 'starts: {a: 1}')}:13: event #1: `starts`: input should be a valid datetime",
        f"floors.yaml:{line_of(edited, 'ends: tomorrow')}:11: event #1: `ends`: input should be a valid datetime"
        " or date, input is too short",
    ]


def test_a_quoted_text_earlier_on_the_line_is_not_blamed_for_a_mistake_after_it():
    old = "    name: {zh: 图书馆, en: Library}\n"
    errors, edited = errors_after(old, '    name: {zh: "图书馆", en: Library: the}\n')
    assert errors == [
        f"floors.yaml:{line_of(edited, 'Library: the')}:11: YAML syntax error: this `{{...}}` or `[...]` is not"
        f" closed properly (on line {line_of(edited, 'Library: the')} a `,` or the closing bracket was expected)"
        " — close the bracket on the same line, and put text containing `,` `:` or brackets in quotes"
    ]


@pytest.mark.parametrize("after", [" ", "   # the drawing"])
def test_a_key_with_a_space_or_a_comment_after_it_still_holds_what_is_below_it(after):
    """`plan: ` or `plan:  # note` opens the plan like `plan:`: a colon below is then in a value, to quote."""
    old = "    plan:\n      size: [80, 50]\n"
    errors, edited = errors_after(old, f"    plan:{after}\n      size: a: b\n")
    assert errors == [f"floors.yaml:{line_of(edited, 'size: a: b')}:14: {QUOTE_IT}"]


def test_a_quoted_key_out_of_line_is_asked_to_line_up_not_blamed_on_its_quotes():
    errors, edited = errors_after("    order: 3\n    label: 3F\n", '    order: 3\n   "label": 3F\n')
    line = line_of(edited, '   "label": 3F')
    assert errors == [
        f"floors.yaml:{line}:4: YAML syntax error: this line is not lined up with the entries around it"
        " — line this entry up with the ones above it"
    ]


@pytest.mark.parametrize("word", ["Library", "Children's corner"])
def test_a_word_alone_on_its_line_is_named_on_its_own_line(word):
    """libyaml looks for the word's colon and gives up on the line below: the word's line is named."""
    errors, edited = errors_after("    label: 3F\n", f"    label: 3F\n    {word}\n")
    line = line_of(edited, f"    {word}")
    assert errors == [
        f"floors.yaml:{line}:5: YAML syntax error: `{word}` stands alone on its line, without a `:` after it"
        " — write it as `key: value`, or join it to the line above if it belongs to that text"
    ]


def test_a_word_alone_on_the_last_line_is_named_there_not_past_the_end():
    _, problems = check_content(b"building: b\nc\n", "floors.yaml", BUNDLED.parent)
    assert [str(p).split(" — ")[0] for p in problems] == [
        "floors.yaml:2:1: YAML syntax error: `c` stands alone on its line, without a `:` after it"
    ]


def test_text_after_a_closing_quote_and_a_tab_is_pointed_at():
    errors, edited = errors_after("    label: 3F\n", '    label: "3F"\textra\n')
    line = line_of(edited, '    label: "3F"\textra')
    assert errors == [
        f"floors.yaml:{line}:17: YAML syntax error:"
        " the text goes on after its closing quote — put the whole text inside the quotes"
    ]


def test_a_second_document_is_asked_to_go():
    errors, edited = errors_after("floors:\n", "---\nfloors:\n")
    assert errors == [
        f"floors.yaml:{line_of(edited, '---')}:1: YAML syntax error: a second document starts here (a `---` line)"
        " — a building is one document: remove the `---` line (and anything after it that repeats the file)"
    ]


def test_a_long_line_alone_is_quoted_up_to_forty_characters():
    long = "Opening hours are longer in the summer holidays"  # 47 characters
    errors, _ = errors_after("    label: 3F\n", f"    label: 3F\n    {long}\n")
    assert f"`{long[:40]}` stands alone on its line" in errors[0] and long[:41] not in errors[0]


def test_a_floor_written_as_its_label_does_not_hide_a_later_mistake_in_the_entry():
    old = "    at: [40, 21]\n    shape: [36, 14, 8, 7]   # the lift lobby, drawn as a room\n"
    errors, edited = errors_after(old, "    at: {1F: [40, 21]}\n    shape: [36, 14, 8, 7]\n    colour: red\n")
    assert [e.split(" — ")[0] for e in errors] == [
        f"floors.yaml:{line_of(edited, 'at: {1F')}:10: facility `lifts`: `1F` is not a valid id for `at`",
        f"floors.yaml:{line_of(edited, 'colour: red')}:5: facility `lifts`: unknown key `colour`",
    ]


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            '"B2',
            "YAML syntax error: this quote is not closed on its line (the text runs on to line 77)"
            ' — end the text with " on this line',
        ),
        ("no", 'floor `b2`: `label` should be text, but `no` reads as false (a yes/no value) — put it in quotes: "no"'),
        (
            "B2\n    Basement",
            "YAML syntax error: `Basement` stands alone on its line, without a `:` after it"
            " — write it as `key: value`, or join it to the line above if it belongs to that text",
        ),
    ],
    ids=["open quote", "no", "word alone"],
)
def test_the_hand_editing_hints_read_the_same_in_the_second_building(written, said):
    """tower-v2 (basements first, three languages): the place and sentence do not depend on the building."""
    text = TOWER.read_text(encoding="utf-8")
    assert "    label: B2\n" in text
    edited = text.replace("    label: B2\n", f"    label: {written}\n", 1)
    _, problems = check_content(edited.encode("utf-8"), "tower-v2.yaml", TOWER.parent)
    label_line = line_of(edited, "    label: " + written.splitlines()[0])
    where, column = (label_line + 1, 5) if "Basement" in written else (label_line, 12)
    assert [str(p) for p in problems if p.severity == "error"] == [f"tower-v2.yaml:{where}:{column}: {said}"]
