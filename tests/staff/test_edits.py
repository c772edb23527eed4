"""The console's edits, without the web app: what a form accepts, and the floors.yaml lines it writes.

Each save must change only its own lines (comments, order and quoting kept), refuse what the
checks refuse without writing, and notice that someone else saved in between.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kiosk.staff.edits import (
    NOTICE_FIELDS,
    EntryGone,
    Field,
    add_alias,
    add_closure,
    back_in_service,
    end_notice,
    fingerprint,
    form_value,
    locate,
    mark_out_of_service,
    notice_values,
    read_form,
    set_event,
    set_notice,
    set_space,
    when_parts,
)
from kiosk.staff.yamledit import append_entry, current_version, dump_tree, flow_map, load_tree, put, remove, save
from tests.helpers.buildings import BUNDLED
from tests.helpers.staff import SMALL

# --- reading a form --------------------------------------------------------------------------------

WHEN = (Field("starts", "starts", "when"), Field("ends", "ends", "when"))


@pytest.mark.parametrize(
    ("form", "values", "errors"),
    [
        ({"starts": "2026-12-01"}, {"starts": dt.date(2026, 12, 1), "ends": None}, {}),
        ({"starts": "2026-12-01", "starts.time": "9:05"}, {"starts": "2026-12-01 09:05", "ends": None}, {}),
        ({"starts": " 2026-12-01 ", "starts.time": "23:59"}, {"starts": "2026-12-01 23:59", "ends": None}, {}),
        ({"starts": "2026-12-01", "starts.time": "24:00"}, {"starts": None, "ends": None}, {"starts": ["bad_date"]}),
        ({"starts": "2026-12-01", "starts.time": "12:60"}, {"starts": None, "ends": None}, {"starts": ["bad_date"]}),
        ({"starts": "2026-12-01", "starts.time": "noon"}, {"starts": None, "ends": None}, {"starts": ["bad_date"]}),
        ({"starts": "", "starts.time": "09:00"}, {"starts": None, "ends": None}, {"starts": ["bad_date"]}),
        ({"starts": "2026-02-30"}, {"starts": None, "ends": None}, {"starts": ["bad_date"]}),
        ({"starts": "1 Dec 2026"}, {"starts": None, "ends": None}, {"starts": ["bad_date"]}),
        (
            {"starts": "2026-12-02", "ends": "2026-12-01"},
            {"starts": dt.date(2026, 12, 2), "ends": dt.date(2026, 12, 1)},
            {"ends": ["ends_before_starts"]},
        ),
        (
            {"starts": "2026-12-01", "starts.time": "10:00", "ends": "2026-12-01", "ends.time": "09:59"},
            {"starts": "2026-12-01 10:00", "ends": "2026-12-01 09:59"},
            {"ends": ["ends_before_starts"]},
        ),
        (
            {"starts": "2026-12-01", "starts.time": "10:00", "ends": "2026-12-01", "ends.time": "10:00"},
            {"starts": "2026-12-01 10:00", "ends": "2026-12-01 10:00"},
            {},
        ),
    ],
    ids=["date", "time", "spaces", "24:00", "minute-60", "word", "time-only", "feb-30", "prose", "day-order",
         "minute-order", "same-minute"],
)  # fmt: skip
def test_dates_and_times_staff_type(form, values, errors):
    parsed = read_form(WHEN, form)
    assert parsed.values == values
    assert parsed.errors == errors


def test_a_required_text_and_a_choice_outside_the_list_are_refused():
    parsed = read_form(NOTICE_FIELDS, {"text.zh": "  ", "text.en": "Closed", "level": "panic"})
    assert parsed.errors == {"text.zh": ["required"], "level": ["required"]}
    assert parsed.values["text.en"] == "Closed" and parsed.values["text.zh"] is None
    ok = read_form(NOTICE_FIELDS, {"text.zh": "闭馆", "level": "urgent"})
    assert ok.errors == {} and ok.values["level"] == "urgent"


def test_date_and_datetime_fields():
    fields = (Field("day", "day", "date"), Field("at", "at", "datetime"))
    parsed = read_form(fields, {"day": "2026-12-31", "at": "2026-12-31T18:30"})
    assert parsed.values == {"day": dt.date(2026, 12, 31), "at": "2026-12-31 18:30"}
    assert read_form(fields, {"at": "2026-12-31"}).values["at"] == "2026-12-31 00:00"
    assert read_form(fields, {"day": "31/12/2026"}).errors == {"day": ["bad_date"]}
    assert read_form(fields, {}).values == {"day": None, "at": None} and read_form(fields, {}).errors == {}


def test_values_shown_back_in_the_form():
    assert form_value(None) == "" and form_value(dt.datetime(2026, 1, 2, 3, 4)) == "2026-01-02 03:04"
    assert when_parts("2026-12-01 09:30") == ("2026-12-01", "09:30")
    assert when_parts(dt.date(2026, 12, 1)) == ("2026-12-01", "")
    notice = {"text": {"zh": "闭馆", "en": "Closed"}, "level": "urgent", "starts": dt.datetime(2026, 12, 1, 9, 0)}
    assert notice_values(notice) == {
        "text.zh": "闭馆", "text.en": "Closed", "level": "urgent",
        "starts": "2026-12-01", "starts.time": "09:00", "ends": "", "ends.time": "",
    }  # fmt: skip
    assert notice_values({})["level"] == "info"


# --- finding the entry again ------------------------------------------------------------------------


def test_an_entry_is_found_again_after_others_moved_and_gone_when_changed():
    tree = load_tree("notices:\n  - text: {zh: 一, en: one}\n  - text: {zh: 二, en: two}\n")
    notices = tree["notices"]
    second = fingerprint(notices[1])
    assert locate(notices, 1, second) == 1 and locate(notices, 1, None) == 1 and locate(notices, 7, "") == 7
    del notices[0]
    assert locate(notices, 1, second) == 0
    notices[0]["text"]["en"] = "TWO"
    with pytest.raises(EntryGone):
        locate(notices, 0, second)
    assert fingerprint({"a": 1, "b": 2}) == fingerprint({"b": 2, "a": 1}) != fingerprint({"a": 1})


# --- the lines an edit writes ------------------------------------------------------------------------

FILE = """\
notices:
  - text: {zh: 一, en: one}   # the first
    level: urgent
# --- events below ---
events: []
"""


def test_a_new_notice_goes_after_the_last_one_and_above_the_next_sections_comment():
    tree = load_tree(FILE)
    at = set_notice(None, {"text.zh": "二", "text.en": "two", "ends": dt.date(2026, 12, 31)})(tree)
    assert at == ("notices", 1)
    assert dump_tree(tree) == FILE.replace(
        "    level: urgent\n", "    level: urgent\n  - text: {zh: 二, en: two}\n    ends: 2026-12-31\n"
    )


def test_changing_a_notice_keeps_its_comment_and_drops_cleared_keys():
    tree = load_tree(FILE)
    set_notice(0, {"text.zh": "一号", "text.en": "", "level": "info"})(tree)
    # The comment stays where it was on the line.
    expected = FILE.replace("{zh: 一, en: one}   #", "{zh: 一号}           #").replace("    level: urgent\n", "")
    assert dump_tree(tree) == expected


def test_ending_a_notice_sets_its_end_a_minute_ago_and_drops_a_start_still_to_come():
    tree = load_tree("notices:\n  - text: {zh: 一, en: one}\n    starts: 2026-12-24 10:00\n")
    end_notice(0, dt.datetime(2026, 12, 24, 9, 0))(tree)
    assert dump_tree(tree) == "notices:\n  - text: {zh: 一, en: one}\n    ends: 2026-12-24 08:59\n"
    tree = load_tree("notices:\n  - text: {zh: 一, en: one}\n    starts: 2026-12-24 08:00\n")
    end_notice(0, dt.datetime(2026, 12, 24, 9, 0))(tree)
    assert "starts: 2026-12-24 08:00\n    ends: 2026-12-24 08:59\n" in dump_tree(tree)


def test_put_and_remove_keep_the_comment_lines_that_follow_an_entry():
    text = "spaces:\n  - id: a\n    floor: 1f\n# --- 2F ---\n  - id: b\n    floor: 2f\n"
    tree = load_tree(text)
    put(tree["spaces"][0], "hours", "Mo-Fr 09:00-17:00")
    assert dump_tree(tree) == text.replace("floor: 1f\n", "floor: 1f\n    hours: Mo-Fr 09:00-17:00\n")
    remove(tree["spaces"][0], "hours")
    remove(tree["spaces"][0], "absent")
    assert dump_tree(tree) == text
    append_entry(tree["spaces"], flow_map(id="c", floor="2f", note=""))
    assert dump_tree(tree).endswith("  - id: b\n    floor: 2f\n  - {id: c, floor: 2f}\n")


# --- saving -------------------------------------------------------------------------------------------


@pytest.fixture
def building_file(tmp_path: Path) -> Path:
    target = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, target)
    return target


def test_a_save_writes_only_its_lines_and_a_refused_one_writes_nothing(building_file: Path):
    before = building_file.read_text(encoding="utf-8")
    recorded = []
    outcome = save(
        building_file, current_version(building_file), set_notice(None, {"text.zh": "闭馆"}), recorded.append
    )
    assert outcome.saved and not outcome.problems and len(recorded) == 1
    after = building_file.read_text(encoding="utf-8")
    assert outcome.version == current_version(building_file)
    assert [line for line in after.splitlines() if line not in before.splitlines()] == ["  - text: {zh: 闭馆}"]

    refused = save(building_file, outcome.version, set_notice(None, {"text.en": "no Chinese"}), recorded.append)
    assert not refused.saved and building_file.read_text(encoding="utf-8") == after and len(recorded) == 1
    assert [p.message for p in refused.problems] == ["notice #5: `text.zh` is missing"]


def test_a_save_based_on_an_older_version_is_a_conflict(building_file: Path):
    old = current_version(building_file)
    building_file.write_text(building_file.read_text(encoding="utf-8") + "\n# a hand edit\n", encoding="utf-8")
    outcome = save(building_file, old, set_notice(None, {"text.zh": "闭馆"}), lambda _: None)
    assert outcome.conflict and not outcome.saved and outcome.version == current_version(building_file)
    assert "闭馆" not in building_file.read_text(encoding="utf-8")


def test_a_save_that_changes_nothing_writes_nothing(building_file: Path):
    recorded = []
    version = current_version(building_file)
    outcome = save(building_file, version, lambda tree: None, recorded.append)
    assert outcome.saved and outcome.version == version and recorded == []


# --- closures, outages, spaces, events, aliases: the lines each writes ------------------------------


def edited(change, text: str = SMALL) -> str:
    tree = load_tree(text)
    change(tree)
    return dump_tree(tree)


def test_a_closure_for_one_day_of_the_building_and_for_days_of_one_space():
    one_day = edited(add_closure({"date": dt.date(2026, 12, 1), "ends": None, "reason.zh": "停电", "reason.en": ""}))
    assert one_day.endswith("closures:\n  - date: 2026-12-01\n    reason: {zh: 停电}\n")
    same_day = edited(add_closure({"date": dt.date(2026, 12, 1), "ends": dt.date(2026, 12, 1), "reason.zh": "停电"}))
    assert same_day == one_day
    days = edited(
        add_closure(
            {
                "date": dt.date(2026, 12, 1),
                "ends": dt.date(2026, 12, 3),
                "spaces": "lib",
                "reason.zh": "盘点",
                "reason.en": "Stocktaking",
            }
        )
    )
    assert days.endswith(
        "closures:\n  - starts: 2026-12-01\n    ends: 2026-12-03\n"
        "    reason: {zh: 盘点, en: Stocktaking}\n    spaces: [lib]\n"
    )


def test_a_lift_out_of_service_and_back():
    broken = edited(mark_out_of_service("lift", {"starts": "2026-12-01 09:00", "ends": None, "reason.zh": "维修"}))
    assert broken.endswith(
        "  - id: lift\n    kind: lift\n    out_of_service:\n      - {starts: 2026-12-01 09:00, reason: {zh: 维修}}\n"
    )
    twice = edited(mark_out_of_service("lift", {"ends": dt.date(2026, 12, 9), "reason.zh": "保养"}), broken)
    assert twice.endswith(
        "      - {starts: 2026-12-01 09:00, reason: {zh: 维修}}\n      - {ends: 2026-12-09, reason: {zh: 保养}}\n"
    )
    now = dt.datetime(2026, 12, 1, 10, 0)
    assert edited(back_in_service("lift", now, [1]), twice) == broken
    assert edited(back_in_service("lift", now, [0, 5]), broken) == SMALL  # the key goes with the last outage
    with pytest.raises(KeyError):
        edited(mark_out_of_service("escalator", {"reason.zh": "x"}))


def test_a_space_moved_then_renovated_then_open_again():
    moved = edited(set_space("lib", {"hours": "Mo-Fr 09:00-17:00", "description.zh": "书", "description.en": "Books",
                                     "status.state": "moved", "status.to": "gym", "status.until": dt.date(2027, 1, 1),
                                     "status.note.zh": "搬到二楼"}))  # fmt: skip
    assert "    status: {state: moved, to: gym, note: {zh: 搬到二楼}}\n" in moved
    renovating = edited(set_space("lib", {"hours": "", "description.zh": "书", "status.state": "renovation",
                                          "status.to": "gym", "status.until": dt.date(2027, 1, 1)}), moved)  # fmt: skip
    assert "    description: {zh: 书}\n    status: {state: renovation, until: 2027-01-01}\n" in renovating
    assert "hours:" not in renovating.split("- id: gym")[0]
    reopened = edited(
        set_space("lib", {"hours": "Mo-Fr 09:00-17:00", "description.zh": "书", "description.en": "Books"}), moved
    )
    assert reopened == SMALL  # back to the lines it had before it moved


def test_an_event_added_then_changed_keeps_its_other_keys():
    added = edited(
        set_event(
            None,
            {
                "title.zh": "讲座",
                "title.en": "Talk",
                "space": "lib",
                "starts": "2026-12-05 14:00",
                "ends": "2026-12-05 15:00",
            },
        )
    )
    assert added.endswith(
        "events:\n  - title: {zh: 讲座, en: Talk}\n    space: lib\n"
        "    starts: 2026-12-05 14:00\n    ends: 2026-12-05 15:00\n"
    )
    with_repeat = added + "    repeat: FREQ=WEEKLY;BYDAY=SA\n"
    changed = edited(
        set_event(0, {"title.zh": "讲座", "space": "", "starts": "2026-12-05 14:00", "description.zh": "免费"}),
        with_repeat,
    )
    assert changed.endswith(
        "events:\n  - title: {zh: 讲座}\n    starts: 2026-12-05 14:00\n"
        "    repeat: FREQ=WEEKLY;BYDAY=SA\n    description: {zh: 免费}\n"
    )


def test_a_word_that_found_nothing_becomes_an_alias_once():
    first = edited(add_alias("lib", "图书"))
    assert (
        "  - id: lib\n    hours: Mo-Fr 09:00-17:00\n    description: {zh: 书, en: Books}\n    aliases: [图书]\n"
        in first
    )
    assert "    aliases: [健身, 器械]\n" in edited(add_alias("gym", "器械"))
    assert edited(add_alias("gym", "健身")) == SMALL
    assert "    aliases: [电梯]\n" in edited(add_alias("lift", "电梯"))
    with pytest.raises(KeyError):
        edited(add_alias("nowhere", "x"))


# --- a notice's start, and which outages end when a lift is back in service ---------------------------


def test_a_notice_with_a_start_writes_its_start():
    tree = load_tree(FILE)
    set_notice(None, {"text.zh": "二", "starts": "2026-12-01 09:00", "ends": dt.date(2026, 12, 31)})(tree)
    assert "  - text: {zh: 二}\n    starts: 2026-12-01 09:00\n    ends: 2026-12-31\n" in dump_tree(tree)


def test_back_in_service_removes_exactly_the_outages_in_force():
    three = SMALL + (
        "    out_of_service:\n"  # SMALL ends with the lift
        "      - {starts: 2026-12-01, reason: {zh: 一}}\n"
        "      - {starts: 2026-12-02, reason: {zh: 二}}\n"
        "      - {starts: 2026-12-03, reason: {zh: 三}}\n"
    )
    now = dt.datetime(2026, 12, 3, 10, 0)
    assert edited(back_in_service("lift", now, [0, 1]), three).endswith(
        "    out_of_service:\n      - {starts: 2026-12-03, reason: {zh: 三}}\n"
    )
