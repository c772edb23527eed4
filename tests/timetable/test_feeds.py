"""One feed event cannot eat the server: rules more frequent than hourly are refused, the rest is capped."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from kiosk.load.loader import load_building
from kiosk.model import recurrence
from kiosk.timetable import events
from tests.helpers.buildings import CIVIC, TOWER
from tests.helpers.servers import get, running_server

TZ = dt.timezone(dt.timedelta(hours=8))
START = dt.date(2026, 11, 26)
WINDOW = events.Window(START, 16, TZ)  # type: ignore[arg-type]


def vevent(uid: str, *lines: str, start: str = "20261127T090000") -> str:
    """One VEVENT lasting 30 minutes from `start` (Shanghai), with extra property lines."""
    end = (dt.datetime.strptime(start, "%Y%m%dT%H%M%S") + dt.timedelta(minutes=30)).strftime("%Y%m%dT%H%M%S")
    body = [f"UID:{uid}", f"SUMMARY:活动 {uid} / Event {uid}", f"DTSTART;TZID=Asia/Shanghai:{start}"]
    return "\r\n".join(["BEGIN:VEVENT", *body, f"DTEND;TZID=Asia/Shanghai:{end}", *lines, "END:VEVENT"])


def calendar(*vevents: str) -> bytes:
    """A VCALENDAR holding `vevents`."""
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *vevents, "END:VCALENDAR", ""]).encode()


def read(data: bytes, path: Path = CIVIC) -> events.Reading:
    """Parse and expand over the two-week window, problems of both steps in one reading."""
    parsed, problems = events.parse_ics(data, "feed.ics")
    assert parsed is not None
    reading = events.expand_ics(parsed, "feed.ics", load_building(path), WINDOW)
    reading.problems[:0] = problems
    return reading


@pytest.mark.parametrize(
    "rule, said",
    [
        ("FREQ=SECONDLY", "every second (FREQ=SECONDLY)"),
        ("FREQ=MINUTELY;INTERVAL=30", "every minute (FREQ=MINUTELY)"),
        ("FREQ=HOURLY;BYMINUTE=0,15,30,45", "several times an hour (BYMINUTE lists 4 minutes)"),
        ("FREQ=DAILY;BYHOUR=9;BYMINUTE=0;BYSECOND=0,1,2", "several times an hour (BYSECOND lists 3 seconds)"),
    ],
)
def test_a_rule_more_frequent_than_hourly_is_refused_naming_the_uid(rule: str, said: str) -> None:
    reading = read(calendar(vevent("storm@feed", f"RRULE:{rule}"), vevent("class@feed")))
    assert [o.uid for o in reading.occurrences] == ["class@feed"]  # the other event still shows
    (problem,) = reading.problems
    assert problem.where == "UID storm@feed" and said in problem.message and "at most once an hour" in problem.message


def test_hourly_is_allowed_over_the_window_only() -> None:
    reading = read(calendar(vevent("hourly@feed", "RRULE:FREQ=HOURLY", start="20261101T000000")))
    assert not reading.problems
    starts = [o.start for o in reading.occurrences]
    assert len(starts) == 16 * 24  # every hour of the window, none of the weeks before it
    assert min(starts) == dt.datetime(2026, 11, 26, 0, 0, tzinfo=TZ)
    assert max(starts) < WINDOW.ends


def test_one_event_stops_at_its_cap_and_says_so() -> None:
    first = dt.datetime(2026, 11, 26, 8, 0)
    rdates = ",".join(f"{first + dt.timedelta(minutes=10 * n):%Y%m%dT%H%M%S}" for n in range(1, 2000))
    # An RDATE list is not a rule, so it is not refused: its 2,000 starts in two weeks meet the cap instead.
    reading = read(calendar(vevent("many@feed", f"RDATE;TZID=Asia/Shanghai:{rdates}", start=f"{first:%Y%m%dT%H%M%S}")))
    cap = recurrence.cap_for(recurrence.PER_EVENT_WEEK, WINDOW.days)
    assert len(reading.occurrences) == cap
    (problem,) = reading.problems
    assert problem.where == "UID many@feed" and f"more than {cap:,} times" in problem.message


def test_a_source_stops_at_its_cap_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recurrence, "PER_SOURCE_WEEK", 70)  # 160 in the window: 20 daily events (320) overflow it
    reading = read(calendar(*(vevent(f"e{n}@feed", "RRULE:FREQ=DAILY") for n in range(20))))
    assert len(reading.occurrences) == 160
    assert any(p.where == "" and "more than 160 occurrences" in p.message for p in reading.problems)


def test_floors_yaml_refuses_a_secondly_repeat_with_the_line(tmp_path: Path) -> None:
    text = TOWER.read_text(encoding="utf-8")
    text += "events:\n  - title: 太极 / Tai chi\n    starts: 2026-11-27 09:00\n    repeat: FREQ=SECONDLY\n"
    (tmp_path / "floors.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(Exception) as raised:
        load_building(tmp_path / "floors.yaml")
    assert "FREQ=SECONDLY" in str(raised.value) and "at most once an hour" in str(raised.value)


def test_the_real_server_shows_the_events_page_and_names_the_refused_uid(tmp_path: Path) -> None:
    shutil.copy(CIVIC, tmp_path / "floors.yaml")
    today = dt.datetime.now(TZ).replace(hour=9, minute=0, second=0, microsecond=0)
    storm = vevent("storm@feed", "RRULE:FREQ=SECONDLY", start=f"{today - dt.timedelta(days=30):%Y%m%dT%H%M%S}")
    tomorrow = today + dt.timedelta(days=1)  # not today: by the afternoon a class at 09:00 is over and not listed
    (tmp_path / "storm.ics").write_bytes(calendar(storm, vevent("class@feed", start=f"{tomorrow:%Y%m%dT%H%M%S}")))
    with (tmp_path / "floors.yaml").open("a", encoding="utf-8") as handle:
        handle.write("event_sources:\n  - file: storm.ics\n")
    with running_server(tmp_path / "floors.yaml") as server:
        status, body = get(server.port, "/en/events", timeout=10)
        assert status == 200 and "Event class@feed" in body.decode()
        _, health = get(server.lobby_port, "/healthz")
        (feed,) = json.loads(health)["event_feeds"]
        assert feed["error"] is None and "UID storm@feed" in feed["skipped"][0]
