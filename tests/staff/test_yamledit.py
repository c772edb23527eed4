"""Saving floors.yaml from the console, without the web app: restores, refusals, problem places, comments.

What staff see: a restored version is the old file byte for byte, a save that would change
`public_url` is refused with its sentence, a problem is shown beside the field it is about, and
the file's comments and order survive every save.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from kiosk.load.loader import Problem
from kiosk.load.site import content_version
from kiosk.staff.edits import set_notice
from kiosk.staff.yamledit import (
    PUBLIC_URL_PROBLEM,
    Outcome,
    append_entry,
    current_version,
    draft,
    dump_tree,
    flow_map,
    load_tree,
    problem_keys,
    public_url_of,
    put,
    remove,
    save,
    save_text,
    section,
    write_atomically,
)
from kiosk.ways.backgrounds import MAX_BYTES
from tests.helpers.buildings import BUNDLED, TOWER


@pytest.fixture
def building_file(tmp_path: Path) -> Path:
    target = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, target)
    return target


def _with_public_url(text: str, url: str) -> str:
    """The bundled file with a `public_url` line under `building:`."""
    return text.replace("  timezone: Asia/Shanghai\n", f"  timezone: Asia/Shanghai\n  public_url: {url}\n", 1)


# --- restoring an old version ------------------------------------------------------------------------


def test_a_restore_writes_the_old_version_byte_for_byte(building_file: Path):
    original = building_file.read_bytes()
    changed = save(building_file, current_version(building_file), set_notice(None, {"text.zh": "闭馆"}), print)
    assert changed.saved and building_file.read_bytes() != original
    recorded: list[Outcome] = []
    restored = save_text(building_file, changed.version, original.decode("utf-8"), recorded.append)
    assert restored.saved and not restored.conflict and restored.problems == []
    assert building_file.read_bytes() == original
    assert restored.version == content_version(original) == current_version(building_file)
    assert len(recorded) == 1 and recorded[0].new_text == original.decode("utf-8")
    assert recorded[0].old_text == changed.new_text and recorded[0].building is not None
    assert not list(building_file.parent.glob(".floors.yaml.*"))  # no temp file left behind


def test_restoring_the_version_the_file_already_is_writes_nothing(building_file: Path):
    version = current_version(building_file)
    recorded: list[Outcome] = []
    outcome = save_text(building_file, version, building_file.read_text(encoding="utf-8"), recorded.append)
    assert outcome.saved and outcome.version == version and recorded == []
    assert outcome.building is not None


def test_a_restore_based_on_an_older_version_is_a_conflict(building_file: Path):
    old_version = current_version(building_file)
    original = building_file.read_text(encoding="utf-8")
    building_file.write_text(original + "# a hand edit\n", encoding="utf-8")
    outcome = save_text(building_file, old_version, original, print)
    assert outcome.conflict and outcome.saved is False and outcome.problems == []
    assert outcome.version == current_version(building_file)
    assert building_file.read_text(encoding="utf-8") == original + "# a hand edit\n"


def test_a_restore_the_checks_refuse_writes_nothing(building_file: Path):
    original = building_file.read_bytes()
    recorded: list[Outcome] = []
    broken = original.decode("utf-8").replace("  timezone: Asia/Shanghai\n", "  timezone: [\n", 1)
    outcome = save_text(building_file, current_version(building_file), broken, recorded.append)
    assert not outcome.saved and outcome.problems and outcome.building is None
    assert outcome.problem_keys == [None] * len(outcome.problems)
    assert {p.file for p in outcome.problems} == {"floors.yaml"}  # shown as floors.yaml:line:col
    assert outcome.version == content_version(original) and outcome.new_text == broken
    assert building_file.read_bytes() == original and recorded == []


def test_a_restore_that_would_change_public_url_is_refused_with_its_sentence(building_file: Path):
    original = building_file.read_bytes()
    text = _with_public_url(original.decode("utf-8"), "https://kiosk.example.org")
    outcome = save_text(building_file, current_version(building_file), text, print)
    assert not outcome.saved and outcome.building is None
    assert outcome.problems == [Problem("floors.yaml", 1, 1, *PUBLIC_URL_PROBLEM)]
    assert outcome.problem_keys == [None]
    assert building_file.read_bytes() == original


# --- the public_url guard on a form save --------------------------------------------------------------


def test_a_save_that_changes_public_url_is_refused_and_one_that_keeps_it_passes(building_file: Path):
    building_file.write_text(_with_public_url(BUNDLED.read_text(encoding="utf-8"), "https://a.example"), "utf-8")
    before = building_file.read_bytes()

    def move_url(tree):
        tree["building"]["public_url"] = "https://b.example"
        return ("building",)

    refused = save(building_file, current_version(building_file), move_url, print)
    assert not refused.saved and refused.building is None
    assert [(p.line, p.column, p.message, p.hint) for p in refused.problems] == [(1, 1, *PUBLIC_URL_PROBLEM)]
    assert PUBLIC_URL_PROBLEM[0] == "the console never changes public_url (the address in every printed QR code)"
    assert PUBLIC_URL_PROBLEM[1] == "change it in floors.yaml by hand, then run kiosk check"
    assert building_file.read_bytes() == before

    kept = save(building_file, current_version(building_file), set_notice(None, {"text.zh": "闭馆"}), print)
    assert kept.saved and kept.problems == []
    assert public_url_of(load_tree(building_file.read_text(encoding="utf-8"))) == "https://a.example"


def test_public_url_is_read_from_the_building_mapping_only():
    assert public_url_of(load_tree("building:\n  public_url: https://x.example\n")) == "https://x.example"
    assert public_url_of(load_tree("building:\n  id: b\n")) is None
    assert public_url_of(load_tree("building: text\npublic_url: https://x.example\n")) is None
    assert public_url_of(load_tree("spaces: []\n")) is None
    assert public_url_of(["building"]) is None


def _break_building_hours(tree):
    tree["building"]["hours"] = "whenever"  # a mistake, but in no entry the change names


def test_a_draft_writes_nothing_and_says_what_the_file_would_become(building_file: Path):
    before = building_file.read_bytes()
    outcome = draft(building_file, set_notice(None, {"text.zh": "闭馆"}))
    assert not outcome.saved and outcome.problems == [] and outcome.building is not None
    assert outcome.version == content_version(before) and outcome.old_text == before.decode("utf-8")
    assert "  - text: {zh: 闭馆}\n" in outcome.new_text and building_file.read_bytes() == before
    refused = draft(building_file, set_notice(None, {"text.en": "no Chinese"}))
    assert refused.building is None and refused.problem_keys == ["text.en"]  # the flow map on the line with the mistake
    assert [(p.file, p.message) for p in refused.problems] == [("floors.yaml", "notice #4: `text.zh` is missing")]
    no_entry = draft(building_file, _break_building_hours)
    assert no_entry.problems and no_entry.problem_keys == [None] * len(no_entry.problems)


# --- which field a problem is attached to ---------------------------------------------------------------

ENTRY_FILE = """\
building:
  name: {zh: 楼, en: B}
spaces:
  - id: lib
    name: {zh: 书, en: Lib}
    text:
      zh: 一
      en: two
    hours: x
  - id: b
"""


def _at(*lines: int) -> list[Problem]:
    return [Problem("floors.yaml", line, 3, "m") for line in lines]


def test_a_problem_is_attached_to_the_key_of_the_edited_entry_on_or_above_its_line():
    keys = problem_keys(ENTRY_FILE, ("spaces", 0), _at(*range(1, 14)))
    assert keys == [
        None, None, None,  # above the entry
        "id", "name.zh", "text", "text.zh", "text.en", "hours",
        "hours", "hours", "hours",  # up to three lines below its last key
        None,
    ]  # fmt: skip
    assert problem_keys(ENTRY_FILE, ("spaces", 1), _at(10, 9)) == ["id", None]


def test_a_problem_of_an_entry_that_is_not_there_or_not_a_mapping_has_no_key():
    assert problem_keys(ENTRY_FILE, ("spaces", 5), _at(4, 5)) == [None, None]
    assert problem_keys(ENTRY_FILE, ("rooms", 0), _at(4)) == [None]
    assert problem_keys(ENTRY_FILE, ("spaces", 0, "id", 2), _at(4)) == [None]
    assert problem_keys(ENTRY_FILE, ("spaces",), _at(4)) == [None]
    assert problem_keys(ENTRY_FILE, ("spaces", 0), []) == []


# --- comments and order kept --------------------------------------------------------------------------

COMMENTED = """\
# The building file.
notices:
  - text: {zh: 一, en: one}   # the first
    level: info
    # a note about the first notice

# Spaces: every room.
spaces:
  - id: lib
    hours: Mo-Fr 09:00-17:00   # weekdays
    status:
      state: moved
      to: b
  # the end of the spaces
"""


def test_a_round_trip_keeps_every_byte_of_a_file_it_did_not_change():
    assert dump_tree(load_tree(COMMENTED)) == COMMENTED
    assert dump_tree(load_tree(BUNDLED.read_text(encoding="utf-8"))) == BUNDLED.read_text(encoding="utf-8")


def test_a_file_that_is_not_a_mapping_is_refused():
    with pytest.raises(ValueError, match=r"^the building file is not a mapping$"):
        load_tree("- a\n- b\n")


def test_a_long_line_is_never_wrapped_and_quotes_are_kept():
    text = "notes:\n  - text: '" + "word " * 200 + '\'\n    quoted: "yes"\n'
    assert dump_tree(load_tree(text)) == text


def test_a_new_key_goes_below_the_entry_and_above_the_comment_lines_that_follow_it():
    tree = load_tree(COMMENTED)
    put(tree["notices"][0], "ends", "soon")
    assert dump_tree(tree).startswith(
        "# The building file.\nnotices:\n  - text: {zh: 一, en: one}   # the first\n    level: info\n"
        "    ends: soon\n    # a note about the first notice\n\n# Spaces: every room.\n"
    )
    put(tree["notices"][0], "level", "urgent")  # an existing key changes in place
    assert "    level: urgent\n    ends: soon\n" in dump_tree(tree)


def test_a_key_put_into_an_empty_mapping_and_a_flow_map_on_one_line():
    tree = load_tree("notices:\n  - {}\n")
    put(tree["notices"][0], "text", flow_map(zh="闭馆", en="", note=None))
    assert dump_tree(tree) == "notices:\n  - text: {zh: 闭馆}\n"


def test_removing_the_last_key_keeps_the_comment_lines_below_the_new_last_key():
    tree = load_tree(COMMENTED)
    remove(tree["notices"][0], "level")
    assert dump_tree(tree).startswith(
        "# The building file.\nnotices:\n  - text: {zh: 一, en: one}   # the first\n"
        "    # a note about the first notice\n\n# Spaces: every room.\nspaces:\n"
    )
    remove(tree["notices"][0], "missing")  # nothing to remove: nothing changes
    assert "# a note about the first notice\n\n# Spaces" in dump_tree(tree)


def test_removing_a_key_after_a_nested_mapping_hangs_the_comments_inside_it():
    tree = load_tree(COMMENTED)
    space = tree["spaces"][0]
    put(space, "note", "x")
    remove(space, "note")
    assert dump_tree(tree).endswith("    status:\n      state: moved\n      to: b\n  # the end of the spaces\n")


def test_removing_a_key_that_is_not_last_leaves_the_comments_where_they_were():
    tree = load_tree(COMMENTED)
    remove(tree["notices"][0], "text")
    assert dump_tree(tree).startswith(
        "# The building file.\nnotices:\n  - level: info\n    # a note about the first notice\n\n# Spaces"
    )


def test_an_appended_entry_goes_above_the_next_sections_comment():
    tree = load_tree(COMMENTED)
    append_entry(section(tree, "notices"), load_tree("text: {zh: 二}\n"))
    assert "    level: info\n  - text: {zh: 二}\n    # a note about the first notice\n\n# Spaces" in dump_tree(tree)


def test_an_empty_entry_appended_and_a_section_created_at_the_end():
    tree = load_tree("spaces: []\n")
    notices = section(tree, "notices")
    assert section(tree, "notices") is notices
    append_entry(notices, load_tree("{}"))
    assert list(tree) == ["spaces", "notices"] and len(notices) == 1


# --- the atomic write ---------------------------------------------------------------------------------


def test_an_atomic_write_keeps_the_files_mode_and_leaves_no_temp_file(tmp_path: Path):
    target = tmp_path / "floors.yaml"
    target.write_bytes(b"a: 1\n")
    target.chmod(0o640)
    write_atomically(target, b"a: 2\n")
    assert target.read_bytes() == b"a: 2\n" and stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "new.yaml"
    write_atomically(fresh, b"b: 1\n")
    assert fresh.read_bytes() == b"b: 1\n" and stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["floors.yaml", "new.yaml"]


@pytest.fixture(params=[BUNDLED, TOWER], ids=["shipped", "tower"])
def either_building(request, tmp_path: Path) -> Path:
    target = tmp_path / "floors.yaml"
    shutil.copy(request.param, target)
    return target


# --- a background drawing is looked for beside the file being saved -------------------------------


def _draw_on_first_plan(name: str):
    def change(tree):
        floor = next(i for i, f in enumerate(tree["floors"]) if "plan" in f)
        tree["floors"][floor]["plan"]["background"] = name
        return ("floors", floor)

    return change


def _huge_drawing(folder: Path) -> None:
    with open(folder / "scan.png", "wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: 5 MB and a byte, written in no time


def test_a_save_naming_a_background_too_big_for_a_phone_is_refused(either_building: Path):
    _huge_drawing(either_building.parent)
    before = either_building.read_bytes()
    refused = save(either_building, current_version(either_building), _draw_on_first_plan("scan.png"), print)
    assert not refused.saved and refused.building is None
    label = next(f["label"] for f in load_tree(before.decode("utf-8"))["floors"] if "plan" in f)
    assert [p.message for p in refused.problems] == [
        f"floor {label}: the background `scan.png` is 5.2 MB, more than the 5 MB a phone should download"
    ]
    assert either_building.read_bytes() == before

    checked = draft(either_building, _draw_on_first_plan("scan.png"))
    assert checked.problems == refused.problems and checked.problem_keys == ["plan.background"]


def test_a_restore_naming_a_background_too_big_for_a_phone_is_refused(either_building: Path):
    _huge_drawing(either_building.parent)
    before = either_building.read_bytes()
    text = dump_tree(_with(load_tree(before.decode("utf-8")), _draw_on_first_plan("scan.png")))
    refused = save_text(either_building, current_version(either_building), text, print)
    assert not refused.saved and [p.hint for p in refused.problems] == [
        "export it smaller, e.g. 2000 pixels wide, or as .webp"
    ]
    assert either_building.read_bytes() == before


def _with(tree, change):
    change(tree)
    return tree


# --- the history hears of a save before the file changes --------------------------------------------


def test_a_form_save_tells_the_history_what_it_checked_before_the_file_changes(either_building: Path):
    before = either_building.read_text(encoding="utf-8")
    heard: list[tuple[Outcome, str]] = []
    outcome = save(
        either_building,
        current_version(either_building),
        set_notice(None, {"text.zh": "闭馆", "text.en": "Closed"}),
        lambda o: heard.append((o, either_building.read_text(encoding="utf-8"))),
    )
    assert outcome.saved and len(heard) == 1
    told, file_then = heard[0]
    assert told is outcome and file_then == before == told.old_text
    assert told.building is not None and "text: {zh: 闭馆, en: Closed}" in told.new_text
    assert either_building.read_text(encoding="utf-8") == told.new_text


# --- a write that fails -----------------------------------------------------------------------------


def test_a_write_that_fails_keeps_the_old_file_and_leaves_no_temp_file(tmp_path: Path, monkeypatch):
    target = tmp_path / "floors.yaml"
    target.write_bytes(b"a: 1\n")
    temps: list[tuple[str, str]] = []

    def full_disk(source, destination):
        temps.append((str(source), str(destination)))
        raise OSError("No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left on device"):
        write_atomically(target, b"a: 2\n")
    ((temp, destination),) = temps
    # Beside the file (a rename within one folder is atomic), hidden, and named after the file.
    assert Path(temp).parent == tmp_path and Path(destination) == target
    assert Path(temp).name.startswith(".floors.yaml.") and Path(temp).name.endswith(".tmp")
    assert target.read_bytes() == b"a: 1\n" and [p.name for p in tmp_path.iterdir()] == ["floors.yaml"]


# --- a problem on an entry with no key yet --------------------------------------------------------------


def test_a_problem_on_an_entry_without_keys_belongs_to_the_entry_not_to_a_key():
    text = "notices:\n  - {}\n  - text: {zh: 一}\n"
    at = [Problem("floors.yaml", line, 5, "m") for line in (1, 2, 3)]
    assert problem_keys(text, ("notices", 0), at) == [None, "", ""]  # shown above the form, not lost


# --- where a new key goes, whatever the entry ends with ---------------------------------------------------

ENDINGS = """\
spaces:
  - id: lib
    status:
      state: moved
      to: b
    # the moved library
  - id: b
    name: {zh: 二, en: two}
    # the name is provisional

# Facilities.
facilities: []
"""


def test_a_new_key_after_a_nested_block_goes_below_it_and_above_the_comment():
    tree = load_tree(ENDINGS)
    put(tree["spaces"][0], "note", "x")
    assert dump_tree(tree).startswith(
        "spaces:\n  - id: lib\n    status:\n      state: moved\n      to: b\n    note: x\n    # the moved library\n"
    )


def test_a_new_key_after_a_one_line_map_goes_below_it_and_above_the_comment():
    tree = load_tree(ENDINGS)
    put(tree["spaces"][1], "note", "x")
    assert dump_tree(tree).endswith(
        "    name: {zh: 二, en: two}\n    note: x\n    # the name is provisional\n\n# Facilities.\nfacilities: []\n"
    )


def test_a_new_key_after_a_comment_on_the_last_line_adds_no_blank_line():
    text = "spaces:\n  - id: lib\n    hours: Mo-Fr 09:00-17:00   # weekdays\nfacilities: []\n"
    tree = load_tree(text)
    put(tree["spaces"][0], "note", "x")
    assert dump_tree(tree) == (
        "spaces:\n  - id: lib\n    hours: Mo-Fr 09:00-17:00   # weekdays\n    note: x\nfacilities: []\n"
    )


def test_an_entry_appended_after_a_hand_written_entry_that_is_no_mapping():
    tree = load_tree("notices:\n  - closed on Monday\n")
    append_entry(section(tree, "notices"), load_tree("text: {zh: 二}\n"))
    assert dump_tree(tree) == "notices:\n  - closed on Monday\n  - text: {zh: 二}\n"


# --- the public_url refusal names the file --------------------------------------------------------------


def test_a_form_save_changing_public_url_is_refused_at_the_top_of_the_file(either_building: Path):
    def move_url(tree):
        tree["building"]["public_url"] = "https://elsewhere.example"
        return ("building",)

    refused = draft(either_building, move_url)
    assert [str(p) for p in refused.problems] == [
        "floors.yaml:1:1: the console never changes public_url (the address in every printed QR code)"
        " — change it in floors.yaml by hand, then run kiosk check"
    ]


@pytest.mark.parametrize("comment", ["# weekdays  ", "# as in Block X"], ids=["trailing-spaces", "ends-in-x"])
def test_removing_the_last_key_keeps_the_comment_of_the_line_above_byte_for_byte(comment: str):
    text = f"spaces:\n  - id: lib\n    hours: x   {comment}\n    level: y\n    # note\nfacilities: []\n"
    tree = load_tree(text)
    remove(tree["spaces"][0], "level")
    assert dump_tree(tree) == f"spaces:\n  - id: lib\n    hours: x   {comment}\n    # note\nfacilities: []\n"
