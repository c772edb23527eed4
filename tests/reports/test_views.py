"""Visitors report a problem; staff see it with its page and place, act on it in one tap; abuse is refused."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers.buildings import BUNDLED
from tests.helpers.staff import VERSION, copy_with_staff, sign_in, token

TOKEN = re.compile(r'name="token" value="([^"]+)"')
PAGE = re.compile(r'name="page" value="([^"]*)"')


@pytest.fixture
def staff_building(tmp_path: Path) -> Path:
    return copy_with_staff(BUNDLED, tmp_path)


@pytest.fixture
def app(make_app: Callable[..., Flask], staff_building: Path) -> Flask:
    return make_app(staff_building, RELOAD_SECONDS=0.0)


def report(client: FlaskClient, page: str, kind: str, lang: str = "zh", query: str = "", **extra: str) -> object:
    form = client.get(f"/{lang}/report?page={quote(page)}{query}").get_data(as_text=True)
    data = {"token": TOKEN.search(form).group(1), "page": PAGE.search(form).group(1), "kind": kind, **extra}  # type: ignore[union-attr]
    return client.post(f"/{lang}/report{query.replace('&', '?', 1)}", data=data)


def test_every_page_links_to_the_form_and_it_works_without_script(app: Flask) -> None:
    visitor = app.test_client()
    phone = visitor.get("/en/spaces/library").get_data(as_text=True)
    assert "/en/report?page=/en/spaces/library" in phone and "Report a problem" in phone
    kiosk = visitor.get("/zh/spaces/library?kiosk=lobby").get_data(as_text=True)
    assert 'class="button dock-button dock-report"' in kiosk and "报告问题" in kiosk
    form = visitor.get("/en/report?page=/en/floors/3f").get_data(as_text=True)
    assert "What is wrong?" in form and 'name="website"' in form and "90" in form
    sent = report(visitor, "/en/spaces/library", "closed", lang="en", words="The door is locked")
    assert sent.status_code == 303  # type: ignore[attr-defined]
    thanks = visitor.get(sent.headers["Location"]).get_data(as_text=True)  # type: ignore[attr-defined]
    assert "Thank you — staff will look at it" in thanks and 'href="/en/spaces/library"' in thanks
    assert "Set-Cookie" not in sent.headers  # type: ignore[attr-defined]


def test_reports_from_phone_and_kiosk_reach_the_console_with_page_and_place(app: Flask, staff_building: Path) -> None:
    visitor = app.test_client()
    report(visitor, "/zh/spaces/library", "closed", words="关门了")
    report(visitor, "/zh/facilities/lift", "out-of-order", query="&kiosk=lobby", words="lift broken")
    staff = sign_in(app.test_client())
    page = staff.get("/staff/reports").get_data(as_text=True)
    assert "/zh/spaces/library" in page and "图书馆" in page and "关门了" in page
    assert "/zh/facilities/lift" in page and "lift broken" in page and "大堂屏幕" in page
    assert 'data-new-reports="2"' in staff.get("/staff/").get_data(as_text=True)
    database = staff_building.with_name("kiosk-reports.sqlite").read_bytes()
    assert b"127.0.0.1" not in database and b"werkzeug" not in database.lower()


def test_out_of_service_from_a_report_marks_the_lift_and_links_the_version(app: Flask, staff_building: Path) -> None:
    visitor = app.test_client()
    report(visitor, "/en/facilities/lift", "out-of-order", lang="en", words="stuck")
    staff = sign_in(app.test_client())
    queue = staff.get("/staff/reports").get_data(as_text=True)
    link = re.search(r'href="(/staff/facilities/lifts/out\?[^"]+)"', queue).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    form = staff.get(link).get_data(as_text=True)
    assert "Reported out of order by a visitor" in form and 'name="report" value="1"' in form
    data = {"csrf_token": token(form), "version": VERSION.search(form).group(1), "report": "1",  # type: ignore[union-attr]
            "starts": "2026-11-27", "starts.time": "10:00", "ends": "2026-11-28",
            "reason.zh": "访客报告：暂停使用", "reason.en": "Reported out of order by a visitor"}  # fmt: skip
    saved = staff.post(link.split("?")[0], data=data)
    assert saved.status_code == 302 and "/staff/reports" in saved.headers["Location"]
    assert "Reported out of order by a visitor" in visitor.get("/en/facilities/lift?kiosk=lobby").get_data(as_text=True)
    queue = staff.get("/staff/reports").get_data(as_text=True)
    assert "/staff/history/" in queue and "已采取行动" in queue
    assert 'data-new-reports="0"' in queue


def test_a_wrong_way_report_opens_the_plan_editor_at_that_place(app: Flask) -> None:
    visitor = app.test_client()
    report(visitor, "/en/spaces/library", "way-wrong", lang="en", words="the door is on the other side")
    report(visitor, "/en/spaces/library", "closed", lang="en")
    staff = sign_in(app.test_client())
    page = staff.get("/staff/reports").get_data(as_text=True)
    assert page.count('href="/staff/plans/3f?space=library"') == 1  # the wrong way only, not the closed door
    editor = staff.get("/staff/plans/3f?space=library").get_data(as_text=True)
    assert '"select": {"section": "spaces", "id": "library"}' in editor
    assert '"select": {' not in staff.get("/staff/plans/3f?space=public-gym").get_data(as_text=True)  # not on 3F


def test_notice_and_alias_from_a_report_and_close_deletes_the_contact(app: Flask, staff_building: Path) -> None:
    visitor = app.test_client()
    report(visitor, "/zh/search?q=借书卡", "not-found", contact="13800000000")
    staff = sign_in(app.test_client())
    queue = staff.get("/staff/reports").get_data(as_text=True)
    assert "借书卡" in queue and "13800000000" in queue
    alias = {"csrf_token": token(queue), "version": VERSION.search(queue).group(1), "report": "1",  # type: ignore[union-attr]
             "word": "借书卡", "target": "library"}  # fmt: skip
    assert staff.post("/staff/reports/1/alias", data=alias).status_code == 302
    assert "/zh/spaces/library" in visitor.get("/zh/search?q=借书卡").get_data(as_text=True)
    notice = staff.get("/staff/notices/new?report=1&text.zh=图书馆：").get_data(as_text=True)
    assert "图书馆：" in notice and 'name="report" value="1"' in notice
    data = {"csrf_token": token(notice), "version": VERSION.search(notice).group(1), "report": "1",  # type: ignore[union-attr]
            "text.zh": "借书卡请到服务台办理", "level": "info"}  # fmt: skip
    assert staff.post("/staff/notices/new", data=data).status_code == 302
    assert "借书卡请到服务台办理" in visitor.get("/zh/?kiosk=lobby").get_data(as_text=True)
    queue = staff.get("/staff/reports").get_data(as_text=True)
    close = {"csrf_token": token(queue), "state": "done", "note": "已加别名"}
    assert staff.post("/staff/reports/1/close", data=close).status_code == 302
    closed = staff.get("/staff/reports?show=closed").get_data(as_text=True)
    assert "已加别名" in closed and "13800000000" not in closed
    assert b"13800000000" not in staff_building.with_name("kiosk-reports.sqlite").read_bytes()


def test_one_client_is_limited_and_many_stay_within_the_global_cap(app: Flask, staff_building: Path) -> None:
    one = app.test_client()
    one.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    codes = [report(one, "/zh/", "other").status_code for _ in range(200)]  # type: ignore[attr-defined]
    assert codes[:5] == [303] * 5 and set(codes[5:]) == {429}
    refused = one.post("/zh/report", data={}).get_data(as_text=True)
    assert "Traceback" not in refused
    accepted = 5
    for n in range(1000):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.{n // 250}.{n % 250}.9"
        accepted += report(client, "/zh/", "other", words="x" * 100).status_code == 303  # type: ignore[attr-defined]
    assert accepted == 200  # the global cap per hour (REPORTS_PER_HOUR)
    size = staff_building.with_name("kiosk-reports.sqlite").stat().st_size
    wal = staff_building.with_name("kiosk-reports.sqlite-wal")
    wal_kb = wal.stat().st_size / 1024 if wal.exists() else 0
    print(f"\nreports database after 1,200 attempts: {size / 1024:.0f} KB (+ WAL {wal_kb:.0f} KB)")
    assert size < 2 * 1024 * 1024


def test_a_robot_an_old_form_another_site_and_a_huge_body_are_refused_politely(app: Flask) -> None:
    visitor = app.test_client()
    assert report(visitor, "/zh/", "other", website="http://spam").status_code == 303  # type: ignore[attr-defined]
    old = visitor.post("/zh/report", data={"token": "1.abc", "page": "/zh/", "kind": "other", "words": "kept"})
    assert old.status_code == 400 and ">kept</textarea>" in old.get_data(as_text=True)
    form = visitor.get("/zh/report?page=/zh/").get_data(as_text=True)
    data = {"token": TOKEN.search(form).group(1), "page": "/zh/", "kind": "other"}  # type: ignore[union-attr]
    assert visitor.post("/zh/report", data=data, headers={"Origin": "https://evil.example"}).status_code == 403
    huge = visitor.post("/zh/report", data={**data, "words": "x" * 100_000})
    assert huge.status_code == 413 and "500" in huge.get_data(as_text=True)
    staff = sign_in(app.test_client())
    assert "http://spam" not in staff.get("/staff/reports?show=all").get_data(as_text=True)


def test_hostile_words_are_text_in_the_console_and_the_csv(app: Flask) -> None:
    visitor = app.test_client()
    hostile = "<script>alert(1)</script><b>x</b>\u202eevil=1+1"
    report(visitor, "/zh/", "other", words=hostile)
    report(visitor, "/zh/", "other", words='=HYPERLINK("http://x")')
    staff = sign_in(app.test_client())
    page = staff.get("/staff/reports").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and "&lt;U+202E&gt;" in page
    rows = list(csv.reader(io.StringIO(staff.get("/staff/reports/export.csv").get_data(as_text=True))))
    words = [row[8] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in words and any("<U+202E>" in w for w in words)
    assert not any(w.startswith(("=", "+", "-", "@")) for w in words)


def test_a_full_disk_loses_the_report_with_an_apology(make_app: Callable[..., Flask], staff_building: Path) -> None:
    blocked = staff_building.with_name("not-a-folder")
    blocked.write_text("x")
    app = make_app(staff_building, REPORTS_DB=str(blocked / "reports.sqlite"))
    visitor = app.test_client()
    sent = report(visitor, "/zh/", "other")
    assert sent.status_code == 503 and "抱歉" in sent.get_data(as_text=True)  # type: ignore[attr-defined]


def test_reports_are_off_without_a_console(make_app: Callable[..., Flask]) -> None:
    visitor = make_app().test_client()
    assert "report?page=" not in visitor.get("/zh/").get_data(as_text=True)
    assert visitor.get("/zh/report").status_code == 404


def test_the_form_speaks_every_language_of_the_second_building(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    from tests.helpers.buildings import TOWER

    app = make_app(copy_with_staff(TOWER, tmp_path))
    visitor = app.test_client()
    form = visitor.get("/ja/report?page=/ja/").get_data(as_text=True)
    assert "問題を報告" in form and "何が問題ですか" in form
    assert report(visitor, "/ja/", "way-wrong", lang="ja").status_code == 303  # type: ignore[attr-defined]
