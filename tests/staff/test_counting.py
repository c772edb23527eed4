"""What visitors look for: counted off the request path, nothing personal, losses never cost a page."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from kiosk.staff import analytics
from tests.helpers.staff import VERSION, counter_of, sign_in, token


@pytest.fixture
def counted(make_app: Callable[..., Flask], staff_building: Path) -> Flask:
    return make_app(staff_building, RELOAD_SECONDS=0.0)


def test_counting_is_off_without_a_console(app: Flask) -> None:
    assert "kiosk.staff.analytics" not in app.extensions


def test_page_views_sessions_and_searches_are_counted_by_source(
    counted: Flask, staff_building: Path, clock: dict[str, dt.datetime]
) -> None:
    visitor = counted.test_client()
    for url in ("/zh/?kiosk=lobby", "/zh/spaces/library?kiosk=lobby", "/zh/spaces/library?from=lobby",
                "/en/spaces/library", "/zh/search?q=图书", "/zh/search?q=zzzqqq", "/search-index.json"):  # fmt: skip
        assert visitor.get(url).status_code == 200
    clock["now"] += dt.timedelta(hours=1)  # the screen stood untouched: the next touch is a new session
    visitor.get("/zh/?kiosk=lobby")
    count = counter_of(counted)
    assert count.queue.qsize() > 0  # queued, not written on the request
    assert count.flush() > 0
    report = count.month("2026-11")
    assert report.total("view") == 7  # the search index is not a page
    assert report.total("session") == 2
    assert report.by_source() == {"kiosk": 3, "kiosk-qr": 1, "poster": 0, "web": 3}
    assert dict(report.top("view"))["space:library"] == 3
    assert report.top("search-empty") == [("zzzqqq", 1)]
    assert report.total("search") == 2
    # Nothing personal: no address, no cookie, no user agent in the database; no cookie to visitors.
    database = staff_building.with_name("kiosk-analytics.sqlite").read_bytes()
    assert b"127.0.0.1" not in database and b"werkzeug" not in database.lower()
    assert "Set-Cookie" not in visitor.get("/zh/").headers


def test_the_analytics_page_charts_csv_and_make_this_word_find(counted: Flask, staff_building: Path) -> None:
    visitor = counted.test_client()
    visitor.get("/zh/search?q=借书卡")
    visitor.get("/zh/spaces/library")
    staff = sign_in(counted.test_client())
    page = staff.get("/staff/analytics?month=2026-11").get_data(as_text=True)
    assert "<svg" in page and "<rect" in page and "借书卡" in page and "图书馆" in page
    csv = staff.get("/staff/analytics.csv?month=2026-11")
    assert csv.mimetype == "text/csv" and "search-empty,借书卡" in csv.get_data(as_text=True)
    hidden = {"csrf_token": token(page), "version": VERSION.search(page).group(1)}  # type: ignore[union-attr]
    response = staff.post("/staff/analytics/alias", data={**hidden, "word": "借书卡", "target": "library"})
    assert response.status_code == 302
    assert "借书卡" in staff_building.read_text(encoding="utf-8").split("- id: library")[1].split("- id:")[0]
    found = visitor.get("/zh/search?q=借书卡").get_data(as_text=True)
    assert "/zh/spaces/library" in found


def test_a_locked_or_full_database_loses_counts_never_a_page(counted: Flask, staff_building: Path) -> None:
    count = counter_of(counted)
    count.path = staff_building.parent / "no-such-folder" / "x.sqlite"  # cannot be opened
    visitor = counted.test_client()
    assert visitor.get("/zh/").status_code == 200
    assert count.flush() == 0 and count.lost == 1
    count.path = staff_building.with_name("kiosk-analytics.sqlite")
    holder = sqlite3.connect(count.path)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute(analytics.SCHEMA)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the database
    assert visitor.get("/zh/spaces/library").status_code == 200
    assert count.flush() == 0 and count.lost == 2
    holder.rollback()
    holder.close()


def test_a_clean_shutdown_writes_every_count_and_old_days_are_forgotten(tmp_path: Path) -> None:
    count = analytics.Counter(tmp_path / "a.sqlite", retention_days=30, flush_seconds=0.05)
    count.start()
    moment = dt.datetime(2026, 11, 27, 10, 0)
    for _ in range(500):
        count.hit(moment, "view", "home", "web")
    count.hit(dt.datetime(2026, 9, 1, 9, 0), "view", "home", "web")
    count.stop()
    assert count.month("2026-11").total("view") == 500 and count.lost == 0
    count.prune(today=dt.date(2026, 11, 27))
    assert count.month("2026-09").total("view") == 0


def test_the_chart_is_plain_svg() -> None:
    svg = analytics.bar_chart([("1", 3), ("2", 0), ("<b>", 5)])
    assert svg.startswith("<svg") and svg.count("<rect") == 3 and "<b>" not in svg
    assert re.search(r"<title>&lt;b&gt;: 5</title>", svg)
