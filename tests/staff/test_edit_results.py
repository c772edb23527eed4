"""What each console edit hands back (the YAML path of the entry it changed), and the urgent notice.

Every edit returns the YAML path of the entry it changed: the console shows a problem the
check finds there on that entry's form, so a wrong path puts a staff member's error on another
entry (or on none). Small files as in tests/staff/test_edits.py, plus the shipped building.
"""

from __future__ import annotations

import datetime as dt

from kiosk.staff.edits import (
    add_closure,
    back_in_service,
    end_notice,
    fingerprint,
    mark_out_of_service,
    raw_entry,
    set_event,
    set_notice,
    set_space,
)
from kiosk.staff.yamledit import dump_tree, load_tree
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.staff import SMALL

NOTICES = "notices:\n  - text: {zh: 一, en: one}\n  - text: {zh: 二, en: two}\nevents: []\nclosures: []\n"


def test_a_notice_posted_as_urgent_is_saved_urgent_and_stays_urgent_when_changed():
    tree = load_tree(NOTICES)
    assert set_notice(None, {"text.zh": "停电", "text.en": "Power cut", "level": "urgent"})(tree) == ("notices", 2)
    assert "  - text: {zh: 停电, en: Power cut}\n    level: urgent\n" in dump_tree(tree)
    assert set_notice(2, {"text.zh": "停电", "text.en": "Power cut, lifts off", "level": "urgent"})(tree) == (
        "notices",
        2,
    )
    assert "    level: urgent\n" in dump_tree(tree)
    set_notice(2, {"text.zh": "停电", "text.en": "Power back", "level": "info"})(tree)
    assert "level" not in dump_tree(tree)


def test_each_edit_names_the_entry_it_changed():
    tree = load_tree(NOTICES)
    assert set_notice(1, {"text.zh": "二号", "text.en": "two"})(tree) == ("notices", 1)
    assert end_notice(1, dt.datetime(2026, 12, 24, 9, 0))(tree) == ("notices", 1)
    assert add_closure({"date": dt.date(2026, 12, 1), "reason.zh": "停电"})(tree) == ("closures", 0)
    assert add_closure({"date": dt.date(2026, 12, 2), "reason.zh": "停电"})(tree) == ("closures", 1)
    small = load_tree(SMALL)
    assert mark_out_of_service("lift", {"reason.zh": "维修"})(small) == ("facilities", 0, "out_of_service", 0)
    assert mark_out_of_service("lift", {"reason.zh": "保养"})(small) == ("facilities", 0, "out_of_service", 1)
    assert back_in_service("lift", dt.datetime(2026, 12, 1, 10, 0), [0])(small) == ("facilities", 0)
    values = {"hours": "Mo-Fr 09:00-17:00", "description.zh": "健身", "description.en": "Gym"}
    assert set_space("gym", values)(small) == ("spaces", 1)


def test_events_new_and_changed_are_named_in_the_shipped_building():
    tree = load_tree(BUNDLED.read_text(encoding="utf-8"))
    count = len(tree["events"])
    values = {"title.zh": "讲座", "title.en": "Talk", "starts": "2026-12-24 10:00"}
    assert set_event(None, values)(tree) == ("events", count)
    assert set_event(0, values)(tree) == ("events", 0)


def test_a_form_opens_only_an_entry_that_is_there():
    tree = load_tree(NOTICES)
    first = raw_entry(tree, "notices", 0)
    assert first is not None and first["text"]["en"] == "one"
    second = raw_entry(tree, "notices", 1)
    assert second is not None and second["text"]["en"] == "two"
    assert raw_entry(tree, "notices", 2) is None  # one past the last: gone, not an error
    assert raw_entry(tree, "notices", -1) is None  # never the last one counted from the end
    assert raw_entry(tree, "events", 0) is None
    assert raw_entry(tree, "floors", 0) is None  # no such section
    assert raw_entry(load_tree("notices:\n  - just text\n"), "notices", 0) is None


def test_editing_a_text_in_the_console_keeps_its_other_languages_and_clears_a_missing_one_quietly():
    # The console edits Chinese and English; the tower's Japanese stays as it was.
    tree = load_tree("notices:\n  - text: {zh: 一, en: one, ja: いち}\n")
    set_notice(0, {"text.zh": "一号", "text.en": "first"})(tree)
    assert dump_tree(tree) == "notices:\n  - text: {zh: 一号, en: first, ja: いち}\n"
    # Clearing the English of a notice that never had any.
    tree = load_tree("notices:\n  - text: {zh: 一}\n")
    set_notice(0, {"text.zh": "一号", "text.en": ""})(tree)
    assert dump_tree(tree) == "notices:\n  - text: {zh: 一号}\n"


def test_a_notice_or_event_opened_before_another_was_removed_is_the_one_changed():
    # A colleague removed the first notice (and event) after this form was opened at index 1.
    opened = load_tree(NOTICES)
    second = fingerprint(opened["notices"][1])
    tree = load_tree("notices:\n  - text: {zh: 二, en: two}\nevents: []\nclosures: []\n")
    assert set_notice(1, {"text.zh": "二号", "text.en": "two"}, second)(tree) == ("notices", 0)
    assert dump_tree(tree).startswith("notices:\n  - text: {zh: 二号, en: two}\nevents")
    assert end_notice(1, dt.datetime(2026, 12, 24, 9, 0), fingerprint(tree["notices"][0]))(tree) == ("notices", 0)
    assert "ends: 2026-12-24 08:59" in dump_tree(tree)
    assert set_notice(0, {"text.zh": "改", "text.en": "changed"})(load_tree(NOTICES)) == ("notices", 0)
    events = load_tree(BUNDLED.read_text(encoding="utf-8"))
    last = len(events["events"]) - 1
    print_ = fingerprint(events["events"][last])
    del events["events"][0]
    values = {"title.zh": "讲座", "title.en": "Talk", "starts": "2026-12-24 10:00"}
    assert set_event(last, values, print_)(events) == ("events", last - 1)


def test_a_notice_with_an_end_date_is_found_again_and_a_stale_outage_index_is_ignored():
    tree = load_tree("notices:\n  - text: {zh: 一, en: one}\n  - text: {zh: 二}\n    ends: 2026-12-31\n")
    print_ = fingerprint(tree["notices"][1])  # the date is hashed as text, not refused
    del tree["notices"][0]
    assert set_notice(1, {"text.zh": "二号", "ends": "2026-12-31"}, print_)(tree) == ("notices", 0)
    # Back in service from a form listing two outages, after one of them was already removed.
    small = load_tree(SMALL)
    mark_out_of_service("lift", {"reason.zh": "维修"})(small)
    back_in_service("lift", dt.datetime(2026, 12, 1, 10, 0), [0, 1])(small)
    assert dump_tree(small) == SMALL


def test_changing_a_space_under_renovation_keeps_the_note_in_the_tower_s_third_language():
    text = (
        "spaces:\n  - id: lib\n    hours: Mo-Fr 09:00-17:00\n"
        "    status: {state: renovation, until: 2027-01-01, note: {zh: 装修, en: Works, ja: 改装}}\n"
    )
    values = {
        "hours": "Mo-Fr 09:00-17:00",
        "status.state": "renovation",
        "status.until": dt.date(2027, 2, 1),
        "status.note.zh": "装修",
        "status.note.en": "Works",
    }
    tree = load_tree(text)
    assert set_space("lib", values)(tree) == ("spaces", 0)
    assert "status: {state: renovation, until: 2027-02-01, note: {zh: 装修, en: Works, ja: 改装}}" in dump_tree(tree)


def test_in_the_tower_a_notice_edited_in_the_console_keeps_its_japanese_and_its_place():
    tree = load_tree(TOWER.read_text(encoding="utf-8"))
    first = fingerprint(tree["notices"][0])
    values = {"text.zh": "请先取号", "text.en": "Take a number first", "level": "urgent"}
    assert set_notice(0, values, first)(tree) == ("notices", 0)
    notice = tree["notices"][0]
    assert dict(notice["text"]) == {
        "zh": "请先取号",
        "en": "Take a number first",
        "ja": "まず1階待合ホールで番号札を取り、呼ばれた窓口へお進みください",
    }
    assert notice["level"] == "urgent"
    assert tree["notices"][1]["text"]["en"] == "On Saturday mornings only counters 1–12 are open"
