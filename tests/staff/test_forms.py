"""What each console form offers (fields, labels, kinds, choices) and the values an existing entry shows.

Run against the second building (tests/buildings/tower-v2.yaml), not the shipped one.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from kiosk.staff.edits import (
    Field,
    closure_fields,
    event_fields,
    event_values,
    read_form,
    space_fields,
    space_values,
    text_values,
    when_values,
)
from tests.helpers.buildings import TOWER


@pytest.fixture(scope="module")
def tower() -> Building:
    return load_building(TOWER)


def _space_choices(building: Building, without: str = "") -> list[tuple[str, tuple[str, str]]]:
    return [(s.id, (s.name("zh"), s.name("en"))) for s in building.spaces if s.id != without]


COUNTER_1 = ("counter-01", ("1号窗口 社保卡服务", "Counter 1 Social security cards"))


def _shape(fields: tuple[Field, ...]) -> list[tuple[str, str, str, bool, str]]:
    return [(f.name, f.label, f.kind, f.required, f.help) for f in fields]


def test_the_closure_form_offers_the_whole_building_then_every_space(tower: Building):
    fields = closure_fields(tower)
    assert _shape(fields) == [
        ("date", "closure_date", "date", True, "date_only_help"),
        ("ends", "closure_ends", "date", False, ""),
        ("spaces", "closure_where", "choice", False, ""),
        ("reason.zh", "reason_zh", "text", True, ""),
        ("reason.en", "reason_en", "text", False, ""),
        ("reason.ja", "reason_in", "text", False, ""),  # tower-v2 is in zh, en and ja
    ]
    assert fields[-1].label_params == {"language": "日本語"}
    where = fields[2].choices
    assert where[0] == ("", ("整栋大楼", "The whole building"))
    assert list(where[1:]) == _space_choices(tower) and where[1] == COUNTER_1 and len(where) == 56
    assert all(not f.choices for f in fields if f.name != "spaces")


def test_the_space_form_offers_its_states_and_every_other_space_to_move_to(tower: Building):
    fields = space_fields(tower, "counter-02")
    assert _shape(fields) == [
        ("hours", "hours", "text", False, "hours_help"),
        ("description.zh", "description_zh", "textarea", True, ""),
        ("description.en", "description_en", "textarea", False, ""),
        ("description.ja", "description_in", "textarea", False, ""),
        ("status.state", "status", "radio", False, ""),
        ("status.to", "moved_to", "choice", False, ""),
        ("status.until", "until_day", "date", False, ""),
        ("status.note.zh", "note_zh", "text", False, ""),
        ("status.note.en", "note_en", "text", False, ""),
        ("status.note.ja", "note_in", "text", False, ""),
    ]
    assert fields[4].choices == (
        ("", ("正常开放", "Open as usual")),
        ("moved", ("已搬迁", "Moved")),
        ("closed", ("永久关闭", "Closed for good")),
        ("renovation", ("装修中", "Under renovation")),
    )
    to = fields[5].choices
    assert to[0] == ("", ("—", "—")) and to[1] == COUNTER_1
    assert list(to[1:]) == _space_choices(tower, without="counter-02") and len(to) == 55
    assert "counter-02" not in [value for value, _ in to]  # a space cannot move to itself
    assert all(not f.choices for f in fields if f.name not in ("status.state", "status.to"))


def test_the_event_form_offers_no_space_then_every_space(tower: Building):
    fields = event_fields(tower)
    assert _shape(fields) == [
        ("title.zh", "title_zh", "text", True, ""),
        ("title.en", "title_en", "text", False, ""),
        ("title.ja", "title_in", "text", False, ""),
        ("space", "space", "choice", False, ""),
        ("starts", "event_starts", "datetime", True, "event_time_help"),
        ("ends", "event_ends", "datetime", False, "event_time_help"),
        ("description.zh", "description_zh", "textarea", False, ""),
        ("description.en", "description_en", "textarea", False, ""),
        ("description.ja", "description_in", "textarea", False, ""),
    ]
    spaces = fields[3].choices
    assert spaces[0] == ("", ("（不指定）", "(none)")) and spaces[1] == COUNTER_1
    assert list(spaces[1:]) == _space_choices(tower) and len(spaces) == 56


def test_an_event_form_read_back_and_an_existing_event_shown_in_it(tower: Building):
    form = {"title.zh": "讲座", "space": "counter-01", "starts": "2026-12-01T18:30", "ends": ""}
    parsed = read_form(event_fields(tower), form)
    assert parsed.errors == {}
    assert parsed.values == {
        "title.zh": "讲座", "title.en": None, "title.ja": None, "space": "counter-01",
        "starts": "2026-12-01 18:30", "ends": None, "description.zh": None, "description.en": None,
        "description.ja": None,
    }  # fmt: skip
    assert read_form(event_fields(tower), {"title.en": "Talk"}).errors == {
        "title.zh": ["required"],
        "starts": ["required"],
    }
    assert read_form(event_fields(tower), {"title.zh": "讲座", "starts": "2026-12-01T18:30", "space": "moon"}).errors
    event = {
        "title": {"zh": "讲座", "en": "Talk"},
        "space": "counter-01",
        "starts": dt.datetime(2026, 12, 1, 18, 30),
        "ends": "2026-12-01 20:00",
        "description": {"en": "Bring a pen"},
        "repeat": "FREQ=WEEKLY",
    }
    assert event_values(event) == {
        "title.zh": "讲座", "title.en": "Talk", "space": "counter-01",
        "starts": "2026-12-01T18:30", "ends": "2026-12-01T20:00",
        "description.zh": "", "description.en": "Bring a pen",
    }  # fmt: skip
    assert event_values({}) == {
        "title.zh": "", "title.en": "", "space": "", "starts": "", "ends": "",
        "description.zh": "", "description.en": "",
    }  # fmt: skip


def test_an_existing_space_shown_in_its_form():
    space = {
        "id": "lib",
        "hours": "Mo-Fr 09:00-17:00",
        "description": {"zh": "书", "en": "Books"},
        "status": {"state": "renovation", "until": dt.date(2027, 1, 31), "note": {"zh": "装修", "en": "Works"}},
    }
    assert space_values(space) == {
        "hours": "Mo-Fr 09:00-17:00", "description.zh": "书", "description.en": "Books",
        "status.state": "renovation", "status.to": "", "status.until": "2027-01-31",
        "status.note.zh": "装修", "status.note.en": "Works",
    }  # fmt: skip
    moved = space_values({"status": {"state": "moved", "to": "b"}, "description": "not a text"})
    assert moved["status.to"] == "b" and moved["description.zh"] == "" and moved["hours"] == ""
    assert space_values({"status": "moved"})["status.state"] == ""


def test_text_and_when_values():
    assert text_values({"t": {"zh": "一"}}, "t") == {"t.zh": "一", "t.en": ""}
    assert text_values({"t": "plain"}, "t") == {"t.zh": "", "t.en": ""}
    assert when_values({"ends": "2026-12-01 09:30"}, "ends") == {"ends": "2026-12-01", "ends.time": "09:30"}
    assert when_values({}, "ends") == {"ends": "", "ends.time": ""}
