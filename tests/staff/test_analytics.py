"""What the analytics page reports, computed without the web app: sources, sessions, the month, the charts.

tests/staff/test_counting.py follows visitors' requests through the app; these call
kiosk/staff/analytics.py directly (fast enough for a full mutation run of the module).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import threading
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kiosk.staff import analytics
from kiosk.staff.analytics import Counter, Hit, Report

MOMENT = dt.datetime(2026, 11, 27, 10, 15)


def counter(tmp_path: Path, **options: object) -> Counter:
    return Counter(tmp_path / "counts.sqlite", **options)  # type: ignore[arg-type]


def stored(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT * FROM counts ORDER BY day, hour, metric, key, source").fetchall()


# --- Where a page view came from -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "source"),
    [
        ({"kiosk": "lobby"}, "kiosk"),
        ({"kiosk": "lobby", "from": "lobby", "scan": "building"}, "kiosk"),  # the screen itself first
        ({"from": "lobby"}, "kiosk-qr"),
        ({"from": "lobby", "scan": "building"}, "kiosk-qr"),
        ({"scan": "floor-3f"}, "poster"),
        ({"scan": "<script>"}, "web"),  # not a poster id: junk is no scan
        ({"kiosk": "", "from": ""}, "web"),
        ({}, "web"),
    ],
)
def test_a_view_is_counted_for_the_screen_a_kiosk_code_a_poster_or_the_web(args: dict[str, str], source: str) -> None:
    assert analytics.source_of(args) == source


# --- Counting ------------------------------------------------------------------------------


def test_each_count_is_kept_by_day_hour_metric_key_and_source(tmp_path: Path) -> None:
    count = counter(tmp_path)
    count.hit(MOMENT, "view", "space:library", "kiosk")
    count.hit(MOMENT.replace(minute=59), "view", "space:library", "kiosk")  # the same hour: one row, n = 2
    count.hit(MOMENT.replace(hour=11), "view", "space:library", "kiosk")
    count.hit(MOMENT, "view", "space:library", "web")
    count.hit(MOMENT, "search", "图书", "web")
    assert count.flush() == 5
    count.hit(MOMENT, "view", "space:library", "kiosk")  # a later batch adds to the row
    assert count.flush() == 1
    assert stored(count.path) == [
        ("2026-11-27", 10, "search", "图书", "web", 1),
        ("2026-11-27", 10, "view", "space:library", "kiosk", 3),
        ("2026-11-27", 10, "view", "space:library", "web", 1),
        ("2026-11-27", 11, "view", "space:library", "kiosk", 1),
    ]
    assert (count.written, count.lost) == (6, 0)


def test_a_long_search_is_cut_to_forty_characters(tmp_path: Path) -> None:
    count = counter(tmp_path)
    count.hit(MOMENT, "search", "x" * 39 + "yz" + "an essay" * 50, "web")
    count.flush()
    assert [row[3] for row in stored(count.path)] == ["x" * 39 + "y"]


def test_nothing_queued_writes_nothing_and_makes_no_file(tmp_path: Path) -> None:
    count = counter(tmp_path)
    assert count.flush() == 0 and count.written == 0
    assert not count.path.exists()


def test_a_batch_given_to_flush_is_written_with_the_queue(tmp_path: Path) -> None:
    count = counter(tmp_path)
    count.hit(MOMENT, "view", "home", "web")
    assert count.flush([Hit("2026-11-27", 9, "view", "home", "kiosk")]) == 2
    assert [row[4] for row in stored(count.path)] == ["kiosk", "web"]


def test_searches_are_classified_off_the_request_path_and_the_extra_counts_written(tmp_path: Path) -> None:
    def classify(hit: Hit) -> list[Hit]:
        found = hit.metric != "search" or hit.key != "zzz"
        return [hit] if found else [hit, Hit(hit.day, hit.hour, "search-empty", hit.key, hit.source)]

    count = counter(tmp_path, classify=classify)
    count.hit(MOMENT, "search", "zzz", "kiosk")
    count.hit(MOMENT, "search", "图书", "kiosk")
    count.hit(MOMENT, "view", "home", "kiosk")
    assert count.queue.qsize() == 3  # nothing is looked up when counted
    assert count.flush() == 4
    report = count.month("2026-11")
    assert report.top("search-empty") == [("zzz", 1)] and report.total("search") == 2


def test_one_write_takes_at_most_ten_thousand_counts(tmp_path: Path) -> None:
    """A backlog (the disk was busy) is written in bounded transactions, the rest at the next flush."""
    count = counter(tmp_path)
    for _ in range(10_005):
        count.hit(MOMENT, "view", "home", "web")
    assert count.flush() == 10_000
    assert count.flush() == 5
    assert count.month("2026-11").total("view") == 10_005


def test_lost_counts_are_counted_and_logged_for_the_installer(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    count = Counter(tmp_path / "no-such-folder" / "counts.sqlite")
    count.hit(MOMENT, "view", "home", "web")
    count.hit(MOMENT, "view", "home", "web")
    with caplog.at_level(logging.WARNING, logger="kiosk.staff.analytics"):
        assert count.flush() == 0
    assert (count.lost, count.written) == (2, 0)
    assert [r.getMessage() for r in caplog.records] == ["analytics: 2 count(s) lost (database not writable)"]
    assert count.queue.empty()  # lost, not kept piling up


def test_the_database_is_in_wal_mode_so_the_page_never_waits_for_the_writer(tmp_path: Path) -> None:
    count = counter(tmp_path)
    count.hit(MOMENT, "view", "home", "web")
    count.flush()
    with sqlite3.connect(count.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


# --- Kiosk sessions ----------------------------------------------------------------------------


def sessions(count: Counter) -> list[tuple[str, int, str]]:
    count.flush()
    return [(key, hour, day) for day, hour, metric, key, _, _ in stored(count.path) if metric == "session"]


def test_a_kiosk_session_is_one_visitor_until_the_screen_stood_idle(tmp_path: Path) -> None:
    count = counter(tmp_path)
    idle = 90
    moment = MOMENT
    count.kiosk_request("lobby", moment, idle)  # the first touch: a session
    for _ in range(5):  # touches 60 s apart for five minutes: still the same visitor
        moment += dt.timedelta(seconds=60)
        count.kiosk_request("lobby", moment, idle)
    moment += dt.timedelta(seconds=idle)  # exactly the idle time: the reset has not happened yet
    count.kiosk_request("lobby", moment, idle)
    moment += dt.timedelta(seconds=idle + 1)  # longer: the screen was reset, a new visitor
    count.kiosk_request("lobby", moment, idle)
    count.flush()
    assert count.month("2026-11").total("session") == 2
    assert [row[4] for row in stored(count.path)] == ["kiosk"]


def test_each_kiosk_has_its_own_sessions(tmp_path: Path) -> None:
    count = counter(tmp_path)
    count.kiosk_request("lobby", MOMENT, 90)
    count.kiosk_request("east-door", MOMENT + dt.timedelta(seconds=10), 90)
    count.kiosk_request("lobby", MOMENT + dt.timedelta(seconds=20), 90)
    count.flush()
    assert count.month("2026-11").top("session") == [("east-door", 1), ("lobby", 1)]


# --- The writer thread and retention --------------------------------------------------------------


def test_the_writer_thread_writes_every_few_seconds_without_a_shutdown(tmp_path: Path) -> None:
    count = counter(tmp_path, flush_seconds=0.05)
    count.start()
    count.start()  # a second start is harmless: still one writer
    try:
        writers = [t for t in threading.enumerate() if t.name == "analytics-writer"]
        assert len(writers) == 1 and writers[0].daemon  # never holds the process up at exit
        count.hit(MOMENT, "view", "home", "web")
        deadline = time.monotonic() + 10
        while count.written == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert count.written == 1 and count.month("2026-11").total("view") == 1
    finally:
        count.stop()
    assert not [t for t in threading.enumerate() if t.name == "analytics-writer"]


def test_the_writer_forgets_old_days_when_it_starts(tmp_path: Path) -> None:
    count = counter(tmp_path, retention_days=30)
    count.hit(dt.datetime.now() - dt.timedelta(days=31), "view", "home", "web")
    count.hit(dt.datetime.now() - dt.timedelta(days=29), "view", "home", "web")
    count.flush()
    count.start()
    count.stop()
    assert [row[0] for row in stored(count.path)] == [(dt.date.today() - dt.timedelta(days=29)).isoformat()]


def test_retention_keeps_exactly_the_set_number_of_days(tmp_path: Path) -> None:
    count = counter(tmp_path, retention_days=30)
    for days_ago in (0, 29, 30, 31, 400):
        count.hit(dt.datetime(2026, 11, 27, 12) - dt.timedelta(days=days_ago), "view", "home", "web")
    count.flush()
    count.prune(today=dt.date(2026, 11, 27))
    assert [row[0] for row in stored(count.path)] == ["2026-10-28", "2026-10-29", "2026-11-27"]


def test_a_prune_that_cannot_write_is_logged_never_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    count = Counter(tmp_path / "no-such-folder" / "counts.sqlite")
    with caplog.at_level(logging.WARNING, logger="kiosk.staff.analytics"):
        count.prune()
    assert [r.getMessage() for r in caplog.records] == ["analytics: could not prune old days"]


# --- The month's report ---------------------------------------------------------------------------


def sample_month(tmp_path: Path) -> Counter:
    count = counter(tmp_path)
    november = dt.datetime(2026, 11, 1)
    for day, hour, metric, key, source, n in [
        (1, 9, "view", "home", "kiosk", 3),
        (1, 9, "view", "space:library", "kiosk", 2),
        (1, 23, "view", "space:gym", "web", 1),
        (2, 0, "view", "home", "poster", 4),
        (2, 14, "session", "lobby", "kiosk", 5),
        (2, 14, "search", "图书", "kiosk", 6),
        (2, 15, "scan", "floor-3f", "poster", 2),
        (30, 9, "scan", "building", "poster", 1),
        (30, 9, "scan", "floor-3f", "poster", 1),
        (30, 14, "scan", "floor-3f", "poster", 1),  # the same poster again that afternoon
    ]:
        for _ in range(n):
            count.hit(november.replace(day=day, hour=hour), metric, key, source)
    count.hit(dt.datetime(2026, 10, 31, 23), "view", "home", "web")  # the month before
    count.hit(dt.datetime(2026, 12, 1, 0), "view", "home", "web")  # and after
    count.flush()
    return count


def test_a_month_holds_that_months_days_only_in_time_order(tmp_path: Path) -> None:
    count = sample_month(tmp_path)
    report = count.month("2026-11")
    assert report.month == "2026-11"
    assert [(day, hour) for day, hour, *_ in report.rows] == sorted((day, hour) for day, hour, *_ in report.rows)
    assert {row[0] for row in report.rows} == {"2026-11-01", "2026-11-02", "2026-11-30"}
    assert report.rows[0][:2] == ("2026-11-01", 9) and report.rows[-1][:2] == ("2026-11-30", 14)
    assert count.month("2026-1").rows == [] and count.month("2026-12").total("view") == 1


def test_the_months_totals_per_day_per_hour_and_by_source(tmp_path: Path) -> None:
    report = sample_month(tmp_path).month("2026-11")
    assert (report.total("view"), report.total("session"), report.total("search"), report.total("x")) == (10, 5, 6, 0)
    assert report.per_day("view") == {"2026-11-01": 6, "2026-11-02": 4}
    hours = report.per_hour("view")
    assert len(hours) == 24 and (hours[0], hours[9], hours[23]) == (4, 5, 1) and sum(hours) == 10
    assert report.by_source() == {"kiosk": 5, "kiosk-qr": 0, "poster": 4, "web": 1}
    assert list(report.by_source()) == list(analytics.SOURCES)  # always all four, in a fixed order


def test_the_top_pages_are_the_most_viewed_first_ten_at_most() -> None:
    rows = [("2026-11-01", 9, "view", f"space:s{i}", "web", i) for i in range(1, 13)]
    rows.append(("2026-11-01", 9, "search", "space:s1", "web", 100))  # another metric
    report = Report("2026-11", rows)
    assert report.top("view") == [(f"space:s{i}", i) for i in range(12, 2, -1)]
    assert report.top("view", limit=2) == [("space:s12", 12), ("space:s11", 11)]


def test_scans_per_poster_this_month_and_today(tmp_path: Path) -> None:
    report = sample_month(tmp_path).month("2026-11")
    assert report.scans("2026-11-30") == [("floor-3f", 4, 2), ("building", 1, 1)]  # today: morning + afternoon
    assert report.scans("2026-11-02") == [("floor-3f", 4, 2), ("building", 1, 0)]
    assert report.scans() == [("floor-3f", 4, 0), ("building", 1, 0)]


def test_the_csv_has_a_header_and_one_line_per_counted_row(tmp_path: Path) -> None:
    report = Report(
        "2026-11", [("2026-11-01", 9, "view", "home", "kiosk", 3), ("2026-11-01", 10, "search", "图书,馆", "web", 1)]
    )
    assert report.csv() == (
        'day,hour,metric,key,source,count\r\n2026-11-01,9,view,home,kiosk,3\r\n2026-11-01,10,search,"图书,馆",web,1\r\n'
    )


def test_an_unreadable_database_reads_as_an_empty_month(tmp_path: Path) -> None:
    report = Counter(tmp_path / "no-such-folder" / "counts.sqlite").month("2026-11")
    assert report.rows == [] and report.total("view") == 0


# --- The charts -----------------------------------------------------------------------------------

RECT = re.compile(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"')
TEXT = re.compile(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def test_bars_stand_on_the_axis_and_the_tallest_fills_the_chart() -> None:
    svg = analytics.bar_chart([("a", 5), ("b", 10), ("c", 0)], width=340, height=140)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 140" role="img" class="chart">')
    assert '<line x1="28" y1="120" x2="330" y2="120" stroke="#555"/>' in svg  # the axis, 20 px above the bottom
    bars = [tuple(float(v) for v in found) for found in RECT.findall(svg)]
    assert [round(y + h, 1) for _, y, _, h in bars] == [120.0] * 3  # all on the axis
    assert [h for *_, h in bars] == [50.0, 100.0, 0.0]  # in proportion; the tallest 100 px (height - 40)
    slot = (340 - 40) / 3
    assert [(x, w) for x, _, w, _ in bars] == [
        (round(30 + i * slot + slot * 0.1, 1), round(slot * 0.8, 1)) for i in range(3)
    ]  # three equal slots from x = 30, each bar 80 % of its slot, centred


def test_each_bar_has_its_value_above_it_and_its_name_below_the_axis() -> None:
    svg = analytics.bar_chart([("a", 5), ("b", 10), ("c", 0)], width=340, height=140)
    texts = [(float(x), float(y), words) for x, y, words in TEXT.findall(svg)]
    values = [t for t in texts if t[1] < 120]
    names = [t for t in texts if t[1] > 120]
    assert [(words, y) for _, y, words in values] == [("5", 67.0), ("10", 17.0)]  # 3 px above the bar; none for 0
    assert [(words, y) for _, y, words in names] == [("a", 135.0), ("b", 135.0), ("c", 135.0)]
    centres = [30 + (i + 0.5) * 100 for i in range(3)]
    assert [x for x, _, _ in names] == centres and [x for x, _, _ in values] == centres[:2]
    assert re.findall(r"<title>([^<]*)</title>", svg) == ["a: 5", "b: 10", "c: 0"]  # what a tap or hover says


def test_a_long_axis_labels_every_nth_bar() -> None:
    svg = analytics.bar_chart([(str(day), day) for day in range(1, 31)], label_every=5)
    names = [words for _, y, words in TEXT.findall(svg) if float(y) == 215.0]
    assert names == ["1", "6", "11", "16", "21", "26"]


def test_a_chart_of_nothing_is_an_empty_axis_not_an_error() -> None:
    assert "<rect" not in analytics.bar_chart([])
    zeros = analytics.bar_chart([("a", 0), ("b", 0)])
    assert [float(h) for *_, h in RECT.findall(zeros)] == [0.0, 0.0]


def test_the_chart_is_well_formed_svg_with_no_stray_text() -> None:
    """Drawn into the page as it is: anything outside a text or title element would be noise."""
    svg = analytics.bar_chart([("a", 5), ("b", 0), ("c", 2)])
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and not (root.text or "").strip()
    for element in root.iter():
        assert element.tag in {f"{ns}{tag}" for tag in ("svg", "line", "rect", "title", "text")}
        assert not (element.tail or "").strip(), f"text after <{element.tag}>: {element.tail!r}"


def test_names_are_escaped_so_a_search_word_cannot_draw_on_the_page() -> None:
    svg = analytics.bar_chart([('<script>"&', 1)])
    assert "<script>" not in svg and "&lt;script&gt;&quot;&amp;" in svg
