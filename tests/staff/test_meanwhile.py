"""A refused save says what the other person saved, field by field, and who saved it when."""

from __future__ import annotations

import html
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from kiosk.staff.edits import Field
from kiosk.staff.history import Version
from kiosk.staff.meanwhile import last_change, saved_now, shown
from tests.helpers.staff import form_of, sign_in

SAVED_NOW = re.compile(r'<p class="saved-now" data-field="([^"]+)">.*?<strong>(.*?)</strong></p>', re.S)


def space_form(client: FlaskClient, hours: str) -> dict[str, str]:
    page = client.get("/staff/spaces/library").get_data(as_text=True)
    chinese = re.search(r'<textarea id="f-\d+" name="description.zh" rows="3">([^<]*)</textarea>', page)
    assert chinese
    form = form_of(client, "/staff/spaces/library")
    return {**form, "hours": hours, "description.zh": html.unescape(chinese.group(1)), "status.state": ""}


def test_the_refused_form_shows_what_is_saved_now_and_who_saved_it(staff_app: Flask, staff_building: Path) -> None:
    wang, li = sign_in(staff_app.test_client()), sign_in(staff_app.test_client(), "li")
    first = space_form(wang, "Mo-Su 09:00-17:00")
    second = space_form(li, "Mo-Fr 10:00-16:00")
    assert first["version"] == second["version"]
    assert wang.post("/staff/spaces/library", data=first).status_code == 302
    refused = li.post("/staff/spaces/library", data=second)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 409 and 'value="Mo-Fr 10:00-16:00"' in body  # li's input kept
    # Only the field that differs says what is saved now: the Chinese text both kept the same.
    assert SAVED_NOW.findall(body) == [("hours", "Mo-Su 09:00-17:00")]
    meanwhile = re.search(r'<p class="meanwhile">(.*?)</p>', body, re.S)
    assert meanwhile and "<strong>wang</strong>" in meanwhile.group(1) and "space library changed" in meanwhile.group(1)


def test_a_new_entry_refused_shows_no_field_comparison(staff_app: Flask) -> None:
    first, second = sign_in(staff_app.test_client()), sign_in(staff_app.test_client(), "li")
    form_a, form_b = form_of(first, "/staff/notices/new"), form_of(second, "/staff/notices/new")
    assert first.post("/staff/notices/new", data={**form_a, "text.zh": "甲", "level": "info"}).status_code == 302
    body = second.post("/staff/notices/new", data={**form_b, "text.zh": "乙", "level": "urgent"}).get_data(as_text=True)
    assert "saved-now" not in body and 'class="meanwhile"' in body


def test_choices_are_compared_and_shown_by_their_words() -> None:
    state = Field(
        "status.state", "status", "radio", choices=(("open", ("正常开放", "Open")), ("moved", ("已搬迁", "Moved")))
    )
    when = Field("starts", "starts", "when")
    fields = (state, when)
    latest = {"status.state": "moved", "starts": "2026-11-28", "starts.time": "09:00"}
    typed = {"status.state": "open", "starts": "2026-11-28", "starts.time": "09:00"}
    assert saved_now(fields, latest, typed) == {"status.state": "已搬迁 Moved"}
    assert saved_now(fields, {**latest, "starts.time": ""}, typed) == {
        "status.state": "已搬迁 Moved",
        "starts": "2026-11-28",
    }
    assert saved_now((when,), {}, {"starts": "2026-11-28"}) == {"starts": "—"}


def test_a_hand_edit_after_the_last_kept_version_names_nobody() -> None:
    kept = [Version(3, "abc", "wang", "2026-11-27T10:00:00+00:00", "x", "")]
    assert last_change(kept, "abc") == kept[0]
    assert last_change(kept, "def") is None and last_change([], "abc") is None


# --- How a saved value is shown next to the field (kiosk/staff/meanwhile.py, no web app) -----------

MOVED_TO = Field("status.to", "moved_to", "choice", choices=(("", ("—", "—")), ("gym", ("健身房", "Gym"))))
HOURS = Field("hours", "hours")
STARTS = Field("starts", "starts", "when")


def test_a_choice_is_shown_in_both_languages_once_when_they_are_the_same() -> None:
    assert shown(MOVED_TO, {"status.to": "gym"}) == "健身房 Gym"
    assert shown(MOVED_TO, {"status.to": ""}) == "—"  # one dash, not "— —"
    assert shown(MOVED_TO, {"status.to": "pool"}) == "pool"  # a value the form no longer offers: as it is
    assert shown(MOVED_TO, {}) == "—"


def test_a_date_is_shown_with_its_time_when_it_has_one() -> None:
    assert shown(STARTS, {"starts": "2026-11-28", "starts.time": "09:00"}) == "2026-11-28 09:00"
    assert shown(STARTS, {"starts": "2026-11-28"}) == "2026-11-28"
    assert shown(STARTS, {"starts": "2026-11-28", "starts.time": ""}) == "2026-11-28"
    assert shown(STARTS, {}) == ""
    assert shown(HOURS, {"hours": "Mo-Fr 09:00-17:00", "hours.time": "x"}) == "Mo-Fr 09:00-17:00"


def test_only_fields_whose_saved_value_differs_are_named_spaces_at_the_ends_aside() -> None:
    latest = {"hours": "Mo-Su 09:00-17:00", "status.to": "gym", "starts": ""}
    typed = {"hours": " Mo-Su 09:00-17:00 ", "status.to": "", "starts": "2026-11-28"}
    assert saved_now((HOURS, MOVED_TO, STARTS), latest, typed) == {"status.to": "健身房 Gym", "starts": "—"}
    assert saved_now((HOURS,), latest, latest) == {}


def test_the_newest_kept_version_is_first() -> None:
    newest = Version(4, "v4", "li", "2026-11-27T11:00:00+00:00", "y", "")
    older = Version(3, "v3", "wang", "2026-11-27T10:00:00+00:00", "x", "")
    assert last_change([newest, older], "v4") == newest
    assert last_change([newest, older], "v3") is None  # the file went back to v3 by hand: nobody to name
