"""What each console edit hands back, and the urgent notice, pinned where the full mutation run found them loose.

Every edit returns the YAML path of the entry it changed: the console shows a problem the
check finds there on that entry's form, so a wrong path puts a staff member's error on another
entry (or on none). Small files as in tests/test_staff_edits.py, plus the shipped building.
"""

from __future__ import annotations

import datetime as dt

from kiosk.staff.edits import (
    add_closure,
    back_in_service,
    end_notice,
    mark_out_of_service,
    raw_entry,
    set_event,
    set_notice,
    set_space,
)
from kiosk.staff.yamledit import dump_tree, load_tree
from tests.conftest import BUNDLED
from tests.test_staff_edits import SMALL

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
