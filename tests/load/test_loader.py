"""floors.yaml: the bundled building loads, and every kind of mistake is named by its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.load.checks import contrast_on_white
from kiosk.load.loader import KNOWN_SECTIONS, MAX_BYTES, BuildingFileError, check_building, load_building, summary
from kiosk.model.vocabulary import SHIPPED_KINDS
from tests.helpers.buildings import BUNDLED, line_of


def errors_of(path: Path) -> list[str]:
    building, problems = check_building(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert building is None, "a file with errors must not produce a building"
    return errors


# --- the bundled building ------------------------------------------------------------------


def test_bundled_building_is_the_real_complex() -> None:
    building = load_building(BUNDLED)
    assert building.building.name("zh") == "新泾镇公共服务综合楼"
    assert "1358" in building.building.address("en")
    assert building.building.hours == "Mo-Su 08:30-17:00"
    assert [f.label for f in building.floors_top_down] == ["7F", "6F", "5F", "4F", "3F", "2F", "1F"]
    assert summary(building).startswith("7 floors, 16 spaces")


def test_bundled_building_names_every_space_of_the_newsletter() -> None:
    building = load_building(BUNDLED)
    names = " ".join(s.name("zh") for s in building.spaces)
    for named in [
        "艺术展馆",
        "社区学校",
        "图书馆",
        "百姓健身房",
        "教育培训",
        "社区创新屋",
        "非遗工作室",
        "民间文化艺术展示馆",
        "虹桥艺空间",
        "为老服务",
        "未成年人保护",
        "托育",
        "党群服务",
    ]:
        assert named in names, named


def test_bundled_building_has_toilets_on_every_floor_and_lifts_everywhere() -> None:
    building = load_building(BUNDLED)
    assert len(building.floors_with("toilet")) == 7
    assert len(building.floors_with("lift")) == 7
    for kind in [k.id for k in SHIPPED_KINDS][:7]:  # the seven kinds of v1: the complex has each
        assert building.facilities_of(kind), f"no {kind}"


def test_models_are_immutable() -> None:
    building = load_building(BUNDLED)
    with pytest.raises(Exception, match="frozen"):
        building.spaces[0].floor = "7f"  # type: ignore[misc]


def test_a_broken_floor_does_not_cascade(edited) -> None:
    path = edited("    order: 3\n", "    order: three\n")
    (error,) = errors_of(path)
    assert "floor `3f`: `order`" in error


def test_floor_label_is_data_not_computed(edited) -> None:
    path = edited("    order: 1\n    label: 1F", "    order: 1\n    label: G")
    building = load_building(path)
    assert building.floor("1f").label == "G"
    assert building.floor("1f").order == 1


def test_moving_a_space_keeps_its_id(edited) -> None:
    path = edited("    floor: 3f\n    category: learning", "    floor: 6f\n    category: learning")
    building = load_building(path)
    assert building.space("library").floor == "6f"


def test_lookups_and_categories() -> None:
    building = load_building(BUNDLED)
    assert building.space("nope") is None
    assert building.floor("3f").label == "3F"
    assert building.kiosk("lobby").floor == "1f"
    assert {s.id for s in building.spaces_in("sport")} == {"public-gym"}
    below, above = building.neighbours(building.floor("1f"))
    assert below is None and above.id == "2f"


# --- every kind of mistake -----------------------------------------------------------------


def test_unclosed_bracket_is_named_where_it_opens(edited) -> None:
    path = edited("name: {zh: 百姓健身房, en: Public Gym}", "name: {zh: 百姓健身房, en: Public Gym")
    (error,) = errors_of(path)
    assert error.startswith(f"floors.yaml:{line_of(path, 'Public Gym')}:11: YAML syntax error")
    assert "not closed" in error and " — " in error


def test_yaml_syntax_error_names_line_and_column(edited) -> None:
    path = edited("    order: 5\n", "    order: 5\n   - oops\n")
    (error,) = errors_of(path)
    assert error == (
        f"floors.yaml:{line_of(path, '- oops')}:4: YAML syntax error: this line is not lined up with the"
        " entries around it"
        " — line this entry up with the ones above it"
    )


def test_unquoted_colon_gets_a_quoting_hint(edited) -> None:
    path = edited("en: Every public space is free for residents. Welcome!", "en: Note: free for residents")
    (error,) = errors_of(path)
    assert f"floors.yaml:{line_of(path, 'en: Note: free')}:" in error
    assert "quotes" in error


def test_tab_indentation_is_explained(edited) -> None:
    path = edited("    order: 3\n", "\torder: 3\n")
    (error,) = errors_of(path)
    assert error.startswith(f"floors.yaml:{line_of(path, chr(9) + 'order: 3')}:1: YAML syntax error: ")
    assert error.endswith(" — indent with spaces, not tabs")  # our hint, not only PyYAML's word "tab"


def test_typo_in_a_key_suggests_the_right_one(edited) -> None:
    path = edited("  - id: library\n    name:", "  - id: library\n    naem:")
    (error,) = errors_of(path)  # not also "name is missing": it is one mistake
    line = line_of(path, "naem:")
    assert error == f"floors.yaml:{line}:5: space `library`: unknown key `naem` — did you mean `name`?"


def test_missing_english_text_is_counted_as_a_warning_and_falls_back(edited) -> None:
    # A text missing in a language after the first is shown in the fallback, never refused.
    path = edited("name: {zh: 图书馆, en: Library}\n    floor: 3f", "name: {zh: 图书馆}\n    floor: 3f")
    building, problems = check_building(path)
    assert building is not None
    (warning,) = [p for p in problems if "version" in p.message]
    assert warning.severity == "warning"
    assert warning.message.startswith("1 of ") and "have no `en` (English) version" in warning.message
    assert building.space("library").name("en") == "图书馆"  # no English: the first language, not an empty label


def test_missing_chinese_text(edited) -> None:
    path = edited("name: {zh: 图书馆, en: Library}\n    floor: 3f", "name: {en: Library}\n    floor: 3f")
    (error,) = errors_of(path)
    assert "name.zh` is missing" in error and "Chinese" in error


def test_plain_string_where_two_languages_are_needed(edited) -> None:
    path = edited("name: {zh: 图书馆, en: Library}\n    floor: 3f", "name: 图书馆\n    floor: 3f")
    (error,) = errors_of(path)
    assert f":{line_of(path, 'name: 图书馆')}:" in error
    assert "{zh: 中文, en: English}" in error


def test_missing_name_entirely(edited) -> None:
    path = edited("    name: {zh: 图书馆, en: Library}\n    floor: 3f", "    floor: 3f")
    (error,) = errors_of(path)
    assert "space `library`: `name` is missing" in error
    assert f"floors.yaml:{line_of(path, '- id: library')}:" in error


def test_duplicate_ids(edited) -> None:
    path = edited("  - id: library\n", "  - id: public-gym\n")
    (error,) = errors_of(path)
    first, second = (n for n, line in enumerate(path.read_text().splitlines(), 1) if "id: public-gym" in line)
    assert error.startswith(f"floors.yaml:{second}:")
    assert "id `public-gym` is used twice in spaces" in error and f"line {first}" in error


def test_duplicate_floor_label_and_order(edited) -> None:
    path = edited("    order: 2\n    label: 2F", "    order: 1\n    label: 1F")
    errors = errors_of(path)
    assert any("order `1` is used twice in floors" in e for e in errors)
    assert any("label `1F` is used twice in floors" in e for e in errors)


def test_space_on_a_floor_that_does_not_exist(edited) -> None:
    path = edited("    floor: 3f\n    category: learning", "    floor: 9f\n    category: learning")
    (error,) = errors_of(path)
    assert error.startswith(f"floors.yaml:{line_of(path, 'floor: 9f')}:")
    assert "floor `9f` of space `library` does not exist" in error and "1f, 2f" in error


def test_facility_on_a_floor_that_does_not_exist(edited) -> None:
    path = edited("floors: [3f]\n", "floors: [3f, 8f]\n")
    (error,) = errors_of(path)
    assert "floor `8f` of facility" in error


def test_unknown_category_lists_the_valid_ones(edited) -> None:
    path = edited(
        "category: learning\n    description:\n      zh: 图书", "category: books\n    description:\n      zh: 图书"
    )
    (error,) = errors_of(path)
    assert error.startswith(f"floors.yaml:{line_of(path, 'category: books')}:")
    assert "unknown category `books`" in error and "culture, learning, sport, family, services" in error


def test_unknown_facility_kind(edited) -> None:
    path = edited("kind: aed\n", "kind: defibrillator\n")
    (error,) = errors_of(path)
    assert "unknown facility kind `defibrillator`" in error and "aed" in error


def test_malformed_hours(edited) -> None:
    path = edited("hours: Tu-Su 09:00-16:30", "hours: Tuesday to Sunday 9-4")
    (error,) = errors_of(path)
    assert error.startswith(f"floors.yaml:{line_of(path, 'hours: Tuesday')}:")
    assert "opening hours" in error and "Mo-Su 08:30-17:00" in error


def test_hours_out_of_range(edited) -> None:
    path = edited("hours: Mo-Su 08:30-17:00\n  hours_note", "hours: Mo-Su 08:30-27:99\n  hours_note")
    (error,) = errors_of(path)
    assert "`building`: `hours`" in error


def test_invalid_id(edited) -> None:
    path = edited("  - id: library\n", "  - id: Library Room\n")
    (error,) = errors_of(path)
    assert "`Library Room` is not a valid id" in error and "lowercase" in error


def test_unknown_time_zone(edited) -> None:
    path = edited("timezone: Asia/Shanghai", "timezone: Asia/Beijing")
    (error,) = errors_of(path)
    assert f":{line_of(path, 'timezone:')}:" in error and "Asia/Beijing" in error


def test_bare_no_becomes_a_quoting_hint(edited) -> None:
    path = edited("en: Lobby}", "en: No}")
    (error,) = errors_of(path)
    assert "should be text" in error and "quotes" in error


def test_comma_inside_a_flow_mapping(edited) -> None:
    path = edited("{zh: 七楼东侧, en:", "{zh: 七楼,东侧, en:")
    (error,) = errors_of(path)
    assert "unknown key `东侧`" in error and "Chinese comma" in error


def test_unknown_section(edited) -> None:
    path = edited("notices:\n", "notice:\n")
    (error,) = errors_of(path)
    assert error.startswith(f"floors.yaml:{line_of(path, 'notice:')}:1: unknown section `notice`")
    assert "did you mean `notices`?" in error


def test_a_key_given_twice(edited) -> None:
    path = edited("    floor: 3f\n", "    floor: 3f\n    floor: 4f\n")
    (error,) = errors_of(path)
    assert f":{line_of(path, 'floor: 4f')}:" in error and "given twice" in error


def test_every_problem_is_reported_in_one_run(edited) -> None:
    edited("  - id: library\n    name:", "  - id: library\n    naem:")
    edited("category: sport", "category: sports")
    path = edited("hours: Tu-Su 09:00-16:30", "hours: sometimes")
    errors = errors_of(path)
    lines = [int(e.split(":")[1]) for e in errors]
    assert lines == sorted(
        [line_of(path, "naem:"), line_of(path, "category: sports"), line_of(path, "hours: sometimes")]
    )


def test_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    bomb = tmp_path / "floors.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    (error,) = errors_of(bomb)
    assert error.startswith("floors.yaml:1:4:") and "anchors and aliases" in error


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "floors.yaml"
    big.write_text("# " + "x" * MAX_BYTES + "\n")
    (error,) = errors_of(big)
    assert "more than the" in error


SECTIONS = ", ".join(KNOWN_SECTIONS)


def test_empty_and_non_mapping_files(tmp_path: Path) -> None:
    empty = tmp_path / "floors.yaml"
    empty.write_text("# nothing yet\n")
    assert errors_of(empty) == ["floors.yaml:1:1: the file is empty — start from the bundled floors.yaml"]
    empty.write_text("- just\n- a list\n")
    assert errors_of(empty) == [
        f"floors.yaml:1:1: the file should be a set of `key: value` sections — the file has the sections {SECTIONS}"
    ]


def test_a_missing_section_is_named(building_copy: Path) -> None:
    text = building_copy.read_text(encoding="utf-8")
    building_copy.write_text(text[: text.index("\nfloors:") + 1] + text[text.index("\nspaces:") + 1 :])
    errors = errors_of(building_copy)
    assert errors[0] == f"floors.yaml:1:1: the `floors` section is missing — the file has the sections {SECTIONS}"


def test_not_utf8(tmp_path: Path) -> None:
    gbk = tmp_path / "floors.yaml"
    gbk.write_bytes("building:\n  name: 图书馆\n".encode("gbk"))
    (error,) = errors_of(gbk)
    assert "UTF-8" in error and error.startswith("floors.yaml:2:")


def test_missing_file(tmp_path: Path) -> None:
    (error,) = errors_of(tmp_path / "nope.yaml")
    assert "cannot read" in error


def test_load_building_raises_with_all_problems(edited) -> None:
    path = edited("category: sport", "category: sports")
    with pytest.raises(BuildingFileError) as caught:
        load_building(path)
    assert len(caught.value.problems) == 1
    assert "unknown category `sports`" in str(caught.value)


def test_missing_public_url_is_a_warning_not_an_error() -> None:
    building, problems = check_building(BUNDLED)
    assert building is not None
    (warning,) = problems
    assert warning.severity == "warning" and "public_url" in str(warning)


def test_public_url_must_be_a_web_address(edited) -> None:
    path = edited("  # public_url:", "  public_url: javascript:alert(1)\n  # was:")
    (error,) = errors_of(path)
    assert "public_url" in error and "https://" in error


def test_an_empty_floor_is_a_warning_on_its_line(edited) -> None:
    path = edited(
        "  - id: 7f\n", "  - id: roof\n    order: 8\n    label: R\n    name: {zh: 屋顶, en: Roof}\n  - id: 7f\n"
    )
    building, problems = check_building(path)
    assert building is not None
    (warning,) = [p for p in problems if "no spaces" in p.message]
    assert warning.severity == "warning" and warning.line == line_of(path, "- id: roof")
    assert str(warning).endswith("floor R has no spaces or facilities — add them, or remove the floor")


def test_no_floors_at_all_is_one_error_on_the_floors_line(building_copy: Path) -> None:
    text = building_copy.read_text(encoding="utf-8")
    start, end = text.index("\nfloors:\n") + 1, text.index("\nspaces:")
    building_copy.write_text(text[:start] + "floors: []\n" + text[end:], encoding="utf-8")
    errors = errors_of(building_copy)
    line = line_of(building_copy, "floors: []")
    # One problem: not also one per space on a floor that is gone.
    assert errors == [f"floors.yaml:{line}:9: there are no floors — add at least one floor"]


@pytest.mark.parametrize(
    ("old", "new", "owner"),
    [
        ("  - id: hongqiao-art-space\n    name:", "  - name:", "space #5"),
        ("  - id: lifts\n    kind: lift", "  - kind: lift", "facility #1"),
        ("  - id: lobby\n    name: {zh: 大厅导览屏", "  - name: {zh: 大厅导览屏", "kiosk #1"),
    ],
    ids=["space", "facility", "kiosk"],
)
def test_an_entry_without_an_id_is_named_by_its_place_and_line(edited, old: str, new: str, owner: str) -> None:
    path = edited(old, new)
    first_line = new.splitlines()[0].strip()
    errors = errors_of(path)
    assert errors == [f"floors.yaml:{line_of(path, first_line)}:5: {owner}: `id` is missing — add `id: ...`"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("      corridors:", "      coridors:", "floor `1f`: unknown key `coridors` — did you mean `corridors`?"),
        ("      size: [80, 50]", "      sise: [80, 50]", "floor `1f`: unknown key `sise` — did you mean `size`?"),
        (
            "  idle_seconds: 90",
            "  idel_seconds: 90",
            "`settings`: unknown key `idel_seconds` — did you mean `idle_seconds`?",
        ),
        ("    facing: N ", "    facng: N ", "kiosk `lobby`: unknown key `facng` — did you mean `facing`?"),
    ],
    ids=["plan-corridors", "plan-size", "settings", "kiosk"],
)
def test_a_nested_key_typo_is_one_problem_with_a_suggestion(edited, old: str, new: str, expected: str) -> None:
    path = edited(old, new)
    key = new.strip().split(":")[0]
    line = line_of(path, key + ":")
    column = new.index(key) + 1
    assert errors_of(path) == [f"floors.yaml:{line}:{column}: {expected}"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    at: [40, 21]",
            "    at: [40, 2]",
            "`lifts` on {floor} is 23.0 m from the nearest corridor — move it to within 5 m of a corridor,"
            " or draw a corridor to it",
        ),
        (
            "    at: [37, 45]",
            "    at: [20, 40]",
            "kiosk `lobby` on {floor} is 10.0 m from the nearest corridor — move it to within 5 m of a corridor,"
            " or draw a corridor to it",
        ),
    ],
    ids=["facility", "kiosk"],
)
def test_a_facility_or_kiosk_off_the_corridors_is_located_on_its_at_line(edited, old, new, expected) -> None:
    path = edited(old, new)
    errors = errors_of(path)
    line = line_of(path, new.strip())
    floors = ["1F"] if "kiosk" in expected else ["1F", "2F", "3F", "4F", "5F", "6F", "7F"]
    assert errors == [f"floors.yaml:{line}:9: " + expected.format(floor=floor) for floor in floors]


def test_a_facility_placed_floor_by_floor_is_located_on_that_floor_line(edited) -> None:
    per_floor = "".join(f"      {n}f: [40, {2 if n == 2 else 21}]\n" for n in range(1, 8))
    path = edited("    at: [40, 21]\n", "    at:\n" + per_floor)
    assert errors_of(path) == [
        f"floors.yaml:{line_of(path, '2f: [40, 2]')}:11: `lifts` on 2F is 23.0 m from the nearest corridor"
        " — move it to within 5 m of a corridor, or draw a corridor to it"
    ]


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [
        ("#000000", 21.0),
        ("#ffffff", 1.0),
        ("#767676", 4.54),
        ("#777777", 4.48),
        ("#0000ff", 8.59),
        ("#595959", 7.0),
        ("#0a0a0a", 19.80),  # 10/255 is just under 0.03928, where sRGB turns linear (c / 12.92)
    ],
)
def test_category_colours_are_measured_as_wcag_does(colour: str, ratio: float) -> None:
    # The published WCAG ratios against white: #767676 is the lightest grey that passes 4.5:1.
    assert contrast_on_white(colour) == pytest.approx(ratio, abs=0.006)
