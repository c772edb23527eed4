"""Events from floors.yaml, CSV and iCalendar files and URLs, and where pages show them."""

from __future__ import annotations

import datetime as dt
import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from kiosk import create_app
from kiosk.load.loader import load_building
from kiosk.timetable import events
from kiosk.web.serving import LISTENER_KEY
from tests.helpers.buildings import BUNDLED, CIVIC, SHANGHAI

WINDOW = events.Window(dt.date(2026, 11, 26), 16, dt.timezone(dt.timedelta(hours=8)))  # type: ignore[arg-type]

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//kiosk//EN
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:yoga@test
SUMMARY:太极拳 / Tai chi
LOCATION:permits
DTSTART;TZID=Asia/Shanghai:20261102T090000
DTEND;TZID=Asia/Shanghai:20261102T100000
RRULE:FREQ=WEEKLY;BYDAY=MO,WE
EXDATE;TZID=Asia/Shanghai:20261202T090000
END:VEVENT
BEGIN:VEVENT
UID:yoga@test
RECURRENCE-ID;TZID=Asia/Shanghai:20261130T090000
SUMMARY:太极拳（改时间） / Tai chi (moved)
LOCATION:permits
DTSTART;TZID=Asia/Shanghai:20261130T140000
DTEND;TZID=Asia/Shanghai:20261130T150000
END:VEVENT
BEGIN:VEVENT
UID:berlin@test
SUMMARY:Video call with Berlin
LOCATION:Notary
DTSTART;TZID=Europe/Berlin:20261201T090000
DTEND;TZID=Europe/Berlin:20261201T100000
URL:https://booking.example.org/berlin
END:VEVENT
BEGIN:VEVENT
UID:fair@test
SUMMARY:社区集市 / Community fair
DTSTART;VALUE=DATE:20261205
DTEND;VALUE=DATE:20261206
END:VEVENT
BEGIN:VEVENT
UID:broken@test
SUMMARY:No start
END:VEVENT
END:VCALENDAR
"""


def civic():
    return load_building(CIVIC)


def read_ics(text: str) -> events.Reading:
    calendar, problems = events.parse_ics(text.encode(), "test.ics")
    assert calendar is not None
    reading = events.expand_ics(calendar, "test.ics", civic(), WINDOW)
    reading.problems[:0] = problems
    return reading


def test_recurrence_with_an_exception_and_a_moved_instance() -> None:
    tai_chi = [o for o in read_ics(ICS).occurrences if o.uid == "yoga@test"]
    starts = [o.start.astimezone(SHANGHAI).strftime("%m-%d %H:%M") for o in tai_chi]
    # Mondays and Wednesdays at 09:00; 30 Nov moved to 14:00; 2 Dec cancelled (EXDATE).
    assert starts == ["11-30 14:00", "12-07 09:00", "12-09 09:00"]
    assert tai_chi[0].title("en") == "Tai chi (moved)" and tai_chi[1].title("zh") == "太极拳"
    assert tai_chi[0].space == "permits"


def test_time_zones_are_converted_to_the_building() -> None:
    (call,) = [o for o in read_ics(ICS).occurrences if o.uid == "berlin@test"]
    assert call.start == dt.datetime(2026, 12, 1, 16, 0, tzinfo=SHANGHAI)
    assert call.space == "notary"  # matched by the space's English name
    assert call.booking_required and call.booking_url == "https://booking.example.org/berlin"


def test_all_day_event() -> None:
    (fair,) = [o for o in read_ics(ICS).occurrences if o.uid == "fair@test"]
    assert fair.all_day and fair.touches(dt.date(2026, 12, 5)) and not fair.touches(dt.date(2026, 12, 6))


def test_a_broken_event_is_named_by_uid_and_skipped() -> None:
    reading = read_ics(ICS)
    assert [str(p) for p in reading.problems] == [
        "test.ics UID broken@test: no DTSTART (start), or one that cannot be read"
    ]
    assert len(reading.occurrences) == 5


def test_a_malformed_file_is_named() -> None:
    calendar, problems = events.parse_ics(b"this is not a calendar", "bad.ics")
    assert calendar is None and problems[0].source == "bad.ics" and "not an iCalendar file" in problems[0].message


def test_a_huge_file_is_refused_with_a_message() -> None:
    calendar, problems = events.parse_ics(b"x" * (events.MAX_FEED_BYTES + 1), "huge.ics")
    assert calendar is None and "more than the 5,000,000 allowed" in problems[0].message


def test_csv_rows_bad_ones_named() -> None:
    data = (
        "title_zh,title_en,starts,ends,space,booking_required,capacity\n"
        "书法课,Calligraphy,2026-11-28 09:30,2026-11-28 11:00,Permits counter,yes,20\n"
        ",,2026-11-28 09:30,,,,\n"
        "讲座,Talk,28/11/2026,,,,\n"
        "开放日,Open day,2026-11-29,,,,lots\n"
        "开放日,Open day,2026-11-29,,,,\n"
    ).encode()
    reading = events.read_csv(data, "classes.csv", civic(), WINDOW)
    assert [str(p) for p in reading.problems] == [
        "classes.csv row 3: no title (title_zh or title_en)",
        "classes.csv row 4: a date is not like 2026-12-05 or 2026-12-05 14:00",
        "classes.csv row 5: capacity 'lots' is not a whole number",
    ]
    first, open_day = reading.occurrences
    assert first.space == "permits" and first.booking_required and first.capacity == 20
    assert open_day.all_day and open_day.end - open_day.start == dt.timedelta(days=1)


def test_xlsx_rows_with_real_dates_and_a_bad_row(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["title_zh", "title_en", "starts", "ends", "space"])
    sheet.append(
        ["合唱排练", "Choir practice", dt.datetime(2026, 11, 28, 14, 0), dt.datetime(2026, 11, 28, 16, 0), "notary"]
    )
    sheet.append(["讲座", "Talk", dt.datetime(2026, 11, 29, 15, 0), dt.datetime(2026, 11, 29, 14, 0), ""])
    sheet.append(["开放日", "Open day", dt.datetime(2026, 11, 30), None, None])
    path = tmp_path / "classes.xlsx"
    workbook.save(path)
    reading = events.read_table(path.read_bytes(), "classes.xlsx", civic(), WINDOW)
    assert [str(p) for p in reading.problems] == ["classes.xlsx row 3: `ends:` is before `starts:`"]
    choir, open_day = reading.occurrences
    assert choir.start == dt.datetime(2026, 11, 28, 14, 0, tzinfo=SHANGHAI) and choir.space == "notary"
    assert open_day.all_day
    broken = events.read_table(b"not a workbook", "bad.xlsx", civic(), WINDOW)
    assert "not an Excel .xlsx workbook" in str(broken.problems[0])


def test_yaml_repeat_with_skip(tmp_path: Path) -> None:
    text = CIVIC.read_text(encoding="utf-8") + (
        "events:\n"
        "  - title: {zh: 义诊, en: Free health check}\n"
        "    space: permits\n"
        "    starts: 2026-11-02 09:00\n"
        "    ends: 2026-11-02 11:00\n"
        "    repeat: FREQ=WEEKLY;BYDAY=TU\n"
        "    skip: [2026-12-01]\n"
    )
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    found = events.from_yaml(load_building(path), WINDOW).occurrences
    assert [o.start.day for o in found] == [8]  # 1 Dec skipped; the window ends on 11 Dec
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("FREQ=WEEKLY;BYDAY=TU", "every tuesday"), encoding="utf-8")
    with pytest.raises(Exception, match="not a recurrence rule"):
        load_building(bad)


# --- feeds in a running app ------------------------------------------------------------------


class Feed(http.server.BaseHTTPRequestHandler):
    """A calendar server whose answer the test sets: a body, a 500, or a hang."""

    mode = "ok"
    body = ICS.encode()
    hits = 0

    def do_GET(self) -> None:
        Feed.hits += 1
        if Feed.mode == "hang":
            time.sleep(3)
            return
        if Feed.mode == "500":
            self.send_error(500)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.end_headers()
        self.wfile.write(Feed.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Feed.mode, Feed.hits = "ok", 0
    yield f"http://127.0.0.1:{server.server_address[1]}/calendar.ics"
    server.shutdown()


@pytest.fixture
def civic_with_feed(tmp_path: Path, feed_url: str, clock: dict) -> Flask:
    clock["now"] = dt.datetime(2026, 11, 30, 8, 0, tzinfo=SHANGHAI)
    path = tmp_path / "floors.yaml"
    text = CIVIC.read_text(encoding="utf-8") + f"event_sources:\n  - url: {feed_url}\n    refresh_minutes: 1\n"
    path.write_text(text, encoding="utf-8")
    app = create_app(path, test_config={"TESTING": True, "CLOCK": lambda: clock["now"]})
    app.extensions["kiosk.events"].timeout = 0.5
    return app


def test_a_url_feed_is_fetched_in_the_background_and_shown(civic_with_feed: Flask, clock: dict) -> None:
    client = civic_with_feed.test_client()
    assert "Tai chi" not in client.get("/en/").get_data(as_text=True)  # a request never fetches
    assert Feed.hits == 0
    civic_with_feed.extensions["kiosk.events"].refresh(force_urls=True)
    html = client.get("/en/").get_data(as_text=True)
    assert "Tai chi (moved)" in html and "14:00–15:00" in html
    feeds = client.get("/healthz").get_json()["event_feeds"]
    assert feeds[0]["last_updated"].startswith("2026-11-30T08:00") and feeds[0]["error"] is None
    assert "UID broken@test" in feeds[0]["skipped"][0]


@pytest.mark.parametrize("failure", ["500", "hang"])
def test_a_failing_feed_keeps_the_last_good_copy(civic_with_feed: Flask, clock: dict, failure: str) -> None:
    feeds = civic_with_feed.extensions["kiosk.events"]
    feeds.refresh(force_urls=True)
    Feed.mode = failure
    clock["now"] += dt.timedelta(minutes=5)
    began = time.monotonic()
    feeds.refresh(force_urls=True)
    assert time.monotonic() - began < 2.5  # the timeout, not the server, decides
    client = civic_with_feed.test_client()
    assert "Tai chi" in client.get("/en/events").get_data(as_text=True)
    (state,) = client.get("/healthz").get_json()["event_feeds"]
    assert state["last_updated"].startswith("2026-11-30T08:00") and state["error"].startswith("fetch failed")


def test_the_background_thread_fetches(civic_with_feed: Flask) -> None:
    feeds = civic_with_feed.extensions["kiosk.events"]
    feeds.start(every=0.05)
    try:
        deadline = time.monotonic() + 5
        while Feed.hits == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        feeds.stop()
    assert Feed.hits >= 1


# --- pages -------------------------------------------------------------------------------------


@pytest.fixture
def civic_files(tmp_path: Path, clock: dict) -> Flask:
    clock["now"] = dt.datetime(2026, 11, 30, 8, 0, tzinfo=SHANGHAI)
    shutil.copy(CIVIC, tmp_path / "floors.yaml")
    (tmp_path / "classes.ics").write_text(ICS, encoding="utf-8")
    with (tmp_path / "floors.yaml").open("a", encoding="utf-8") as handle:
        handle.write("event_sources:\n  - file: classes.ics\n")
    return create_app(tmp_path / "floors.yaml", test_config={"TESTING": True, "CLOCK": lambda: clock["now"]})


def test_home_shows_now_and_later_today_and_a_finished_event_disappears(civic_files: Flask, clock: dict) -> None:
    client = civic_files.test_client()
    html = client.get("/zh/").get_data(as_text=True)
    assert "今日活动" in html and "太极拳（改时间）" in html
    clock["now"] = dt.datetime(2026, 11, 30, 14, 30, tzinfo=SHANGHAI)
    assert "正在进行" in client.get("/zh/").get_data(as_text=True)
    clock["now"] = dt.datetime(2026, 11, 30, 15, 0, tzinfo=SHANGHAI)
    html = client.get("/zh/").get_data(as_text=True)
    assert "太极拳" not in html and "今天没有更多活动" in html


def test_whats_on_by_day_with_booking_code_and_flags(civic_files: Flask) -> None:
    client = civic_files.test_client()
    html = client.get("/en/events").get_data(as_text=True)
    assert 'href="https://booking.example.org/berlin"' in html  # a phone gets a link...
    html = client.get("/en/events?kiosk=entrance").get_data(as_text=True)  # ...the kiosk a code
    assert 'href="https://booking.example.org' not in html
    assert html.index("Monday 30 Nov") < html.index("Tai chi (moved)") < html.index("Tuesday 1 Dec")
    assert "Video call with Berlin" in html and "16:00–17:00" in html
    # 1 Dec 16:00: the notary (Tu, Th 09:00-12:00) is closed then, and the page says so.
    assert "The venue is closed at this time" in html
    assert "Saturday 5 Dec" in html and "All day" in html
    assert "Sunday 6 Dec" in html  # seven days: today + 6
    assert "Monday 7 Dec" not in html
    start = html.index("/events/booking.svg?event=")
    src = html[start : html.index('"', start)].replace("&amp;", "&")
    response = client.get(src)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert client.get("/events/booking.svg?event=nope").status_code == 404


def test_space_page_lists_its_next_events(civic_files: Flask) -> None:
    html = civic_files.test_client().get("/en/spaces/permits").get_data(as_text=True)
    assert "Coming up here" in html and "Tai chi (moved)" in html
    assert "Video call" not in html


def test_bundled_building_samples_are_marked_illustrative(client) -> None:
    html = client.get("/zh/events").get_data(as_text=True)
    assert "剪纸体验课" in html and "示例活动（仅为示意）" in html and "限12人" in html
    space = client.get("/en/spaces/heritage-studio").get_data(as_text=True)
    assert "Paper-cutting workshop" in space


def test_check_reports_event_sources(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kiosk.cli import main

    shutil.copy(BUNDLED, tmp_path / "floors.yaml")
    (tmp_path / "classes.csv").write_text("title_zh,title_en,starts\n,,2026-12-01\n", encoding="utf-8")
    with (tmp_path / "floors.yaml").open("a", encoding="utf-8") as handle:
        handle.write("event_sources:\n  - file: classes.csv\n  - file: missing.ics\n")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "floors.yaml")])
    assert result.exit_code == 0, result.output
    assert "events from classes.csv: last good copy 20" in result.output
    assert "skipped event: classes.csv row 2: no title" in result.output
    assert "events from missing.ics: cannot read missing.ics" in result.output


def test_attract_screen_and_home_say_todays_events_and_closures(civic_files: Flask, clock: dict) -> None:
    client = civic_files.test_client()
    html = client.get("/zh/?kiosk=entrance").get_data(as_text=True)
    attract = html[html.index('id="attract"') :]
    assert "今日活动" in attract and "太极拳（改时间）" in attract and "Tai chi (moved)" in attract
    clock["now"] = dt.datetime(2026, 12, 3, 10, 0, tzinfo=SHANGHAI)
    assert "设备检修" in client.get("/zh/").get_data(as_text=True)  # today's building closure, on home


def test_with_the_thread_running_a_visitor_never_waits_for_a_rebuild(civic_files: Flask, clock: dict) -> None:
    feeds = civic_files.extensions["kiosk.events"]
    before = feeds.snapshot()
    feeds.start(every=60)
    try:
        deadline = time.monotonic() + 5
        while feeds.snapshot() is before and time.monotonic() < deadline:
            time.sleep(0.02)  # the thread's first round
        first = feeds.snapshot()
        clock["now"] += dt.timedelta(days=1)  # a new day: the stale copy is served, the thread rebuilds
        assert feeds.snapshot() is first
        deadline = time.monotonic() + 5
        while feeds.snapshot().day == first.day and time.monotonic() < deadline:
            time.sleep(0.02)
        assert feeds.snapshot().day == dt.date(2026, 12, 1)
    finally:
        feeds.stop()


def test_feed_status_is_a_detail_strangers_never_see(civic_with_feed: Flask) -> None:
    civic_with_feed.extensions["kiosk.events"].refresh(force_urls=True)
    client = civic_with_feed.test_client()
    stranger = client.get("/healthz", environ_overrides={"REMOTE_ADDR": "203.0.113.7"}).get_json()
    assert set(stranger) <= {"status", "version"}  # no feed URLs or errors to the world
    lobby = client.get("/healthz", environ_overrides={LISTENER_KEY: "lobby"}).get_json()
    assert lobby["event_feeds"][0]["source"].startswith("http://127.0.0.1:") and "calendar" in lobby
