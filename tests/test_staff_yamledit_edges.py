"""Saving floors.yaml from the console: the rarer paths staff still meet, on both buildings.

A background drawing too big for a phone refuses a save (it is checked beside the file being
saved); the history hears of a save before the file changes; a write that fails leaves the old
file and no temp file; a problem on an entry with no key yet still belongs to that entry; and a
key put into an entry lands above the comment lines that follow it, whatever the entry ends with.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kiosk.load.loader import Problem
from kiosk.staff.edits import set_notice
from kiosk.staff.yamledit import (
    Outcome,
    append_entry,
    current_version,
    draft,
    dump_tree,
    load_tree,
    problem_keys,
    put,
    remove,
    save,
    save_text,
    section,
    write_atomically,
)
from kiosk.ways.backgrounds import MAX_BYTES
from tests.conftest import BUNDLED, TOWER


@pytest.fixture(params=[BUNDLED, TOWER], ids=["shipped", "tower"])
def building_file(request, tmp_path: Path) -> Path:
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


def test_a_save_naming_a_background_too_big_for_a_phone_is_refused(building_file: Path):
    _huge_drawing(building_file.parent)
    before = building_file.read_bytes()
    refused = save(building_file, current_version(building_file), _draw_on_first_plan("scan.png"), print)
    assert not refused.saved and refused.building is None
    label = next(f["label"] for f in load_tree(before.decode("utf-8"))["floors"] if "plan" in f)
    assert [p.message for p in refused.problems] == [
        f"floor {label}: the background `scan.png` is 5.2 MB, more than the 5 MB a phone should download"
    ]
    assert building_file.read_bytes() == before

    checked = draft(building_file, _draw_on_first_plan("scan.png"))
    assert checked.problems == refused.problems and checked.problem_keys == ["plan.background"]


def test_a_restore_naming_a_background_too_big_for_a_phone_is_refused(building_file: Path):
    _huge_drawing(building_file.parent)
    before = building_file.read_bytes()
    text = dump_tree(_with(load_tree(before.decode("utf-8")), _draw_on_first_plan("scan.png")))
    refused = save_text(building_file, current_version(building_file), text, print)
    assert not refused.saved and [p.hint for p in refused.problems] == [
        "export it smaller, e.g. 2000 pixels wide, or as .webp"
    ]
    assert building_file.read_bytes() == before


def _with(tree, change):
    change(tree)
    return tree


# --- the history hears of a save before the file changes --------------------------------------------


def test_a_form_save_tells_the_history_what_it_checked_before_the_file_changes(building_file: Path):
    before = building_file.read_text(encoding="utf-8")
    heard: list[tuple[Outcome, str]] = []
    outcome = save(
        building_file,
        current_version(building_file),
        set_notice(None, {"text.zh": "闭馆", "text.en": "Closed"}),
        lambda o: heard.append((o, building_file.read_text(encoding="utf-8"))),
    )
    assert outcome.saved and len(heard) == 1
    told, file_then = heard[0]
    assert told is outcome and file_then == before == told.old_text
    assert told.building is not None and "text: {zh: 闭馆, en: Closed}" in told.new_text
    assert building_file.read_text(encoding="utf-8") == told.new_text


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


def test_a_form_save_changing_public_url_is_refused_at_the_top_of_the_file(building_file: Path):
    def move_url(tree):
        tree["building"]["public_url"] = "https://elsewhere.example"
        return ("building",)

    refused = draft(building_file, move_url)
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
