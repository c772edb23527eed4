"""QR scans per poster: printed codes carry `scan=<poster id>`; the landing page counts it once; it never travels."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from kiosk.model import scans
from kiosk.staff import analytics
from kiosk.web import qr
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.staff import copy_with_staff, sign_in

PUBLIC = "https://kiosk.example.org"


@pytest.fixture
def counted(make_app: Callable[..., Flask], tmp_path: Path) -> Flask:
    return make_app(copy_with_staff(BUNDLED, tmp_path), RELOAD_SECONDS=0.0, PUBLIC_URL=PUBLIC)


def counter_of(app: Flask) -> analytics.Counter:
    found = app.extensions["kiosk.staff.analytics"]
    assert isinstance(found, analytics.Counter)
    return found


def test_target_url_marks_the_kiosk_and_the_poster() -> None:
    assert qr.target_url(PUBLIC, "/zh/") == PUBLIC + "/zh/"
    assert qr.target_url(PUBLIC, "/zh/", "lobby") == PUBLIC + "/zh/?from=lobby"
    assert qr.target_url(PUBLIC, "/zh/floors/3f", poster="floor-3f") == PUBLIC + "/zh/floors/3f?scan=floor-3f"
    assert qr.target_url(PUBLIC, "/zh/", "lobby", "board-1f") == PUBLIC + "/zh/?from=lobby&scan=board-1f"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("space-library", "space-library"),
        ("board-3f", "board-3f"),
        ("x" * 40, "x" * 40),
        ("x" * 41, None),
        ("", None),
        ("Space-Library", None),
        ("../etc", None),
        ("a b", None),
        ("<script>", None),
        ("space-library\n", None),
        (None, None),
    ],
)
def test_a_poster_id_is_a_short_slug_anything_else_is_ignored(value: object, expected: str | None) -> None:
    assert scans.poster_id(value) == expected


def test_a_poster_scan_is_counted_once_per_landing_and_per_poster(counted: Flask) -> None:
    phone = counted.test_client()
    for url in (
        "/zh/spaces/library?scan=space-library",
        "/zh/spaces/library?scan=space-library",
        "/en/floors/3f?scan=floor-3f",
        "/zh/?scan=board-1f",  # the printed floor boards (another branch prints them) count the same way
        "/zh/spaces/library",  # typed or followed: web
        "/zh/?from=lobby&scan=building",  # scanned at the kiosk: the kiosk marker wins
    ):
        assert phone.get(url).status_code == 200
    count = counter_of(counted)
    count.flush()
    report = count.month("2026-11")
    assert report.by_source() == {"kiosk": 0, "kiosk-qr": 1, "poster": 4, "web": 1}
    assert report.scans("2026-11-27") == [("space-library", 2, 2), ("board-1f", 1, 1), ("floor-3f", 1, 1)]
    assert report.scans("2026-11-26") == [("space-library", 2, 0), ("board-1f", 1, 0), ("floor-3f", 1, 0)]
    assert "scan,space-library,poster,2" in report.csv().replace("\r", "")


def test_the_marker_does_not_travel_to_any_link_of_the_landing_page(counted: Flask) -> None:
    body = counted.test_client().get("/zh/spaces/library?scan=space-library").get_data(as_text=True)
    assert "scan=" not in body and "space-library" not in body.replace("/spaces/library", "")
    home = counted.test_client().get("/en/?scan=building&text=large").get_data(as_text=True)
    assert "scan=" not in home and "text=large" in home  # carried parameters still travel, the marker does not


@pytest.mark.parametrize(
    "junk",
    ["", "A", "x" * 500, "../../etc/passwd", "<script>alert(1)</script>", "%00", "a%0Ab", "space library", "🙂"],
)
def test_a_bad_marker_is_simply_ignored(counted: Flask, junk: str) -> None:
    response = counted.test_client().get(f"/zh/spaces/library?scan={junk}")
    assert response.status_code == 200 and "scan=" not in response.get_data(as_text=True)
    count = counter_of(counted)
    count.flush()
    report = count.month("2026-11")
    assert report.scans() == [] and report.by_source()["web"] == 1


def test_only_the_posters_the_building_has_are_counted(counted: Flask) -> None:
    phone = counted.test_client()
    # Slugs of the right shape, but no poster this app prints: a visitor typing them adds no rows.
    made_up = [f"space-nowhere-{n}" for n in range(30)] + ["floor-99f", "board-99f", "space-"]
    for poster in [*made_up, "space-library"]:
        assert phone.get(f"/zh/spaces/library?scan={poster}").status_code == 200
    count = counter_of(counted)
    count.flush()
    report = count.month("2026-11")
    assert [poster for poster, *_ in report.scans()] == ["space-library"]
    assert report.by_source()["poster"] == 1 and report.by_source()["web"] == len(made_up)


def test_many_markers_make_one_kept_page_not_one_each(counted: Flask) -> None:
    cache = counted.extensions["kiosk.pagecache"]
    phone = counted.test_client()
    first = phone.get("/zh/floors/3f").get_data()
    before = len(cache)
    for n in range(60):
        assert phone.get(f"/zh/floors/3f?scan=poster-{n}").get_data() == first
    for junk in ("x" * 300, "<b>", "A"):
        assert phone.get(f"/zh/floors/3f?scan={junk}").get_data() == first
    assert len(cache) == before
    count = counter_of(counted)
    count.flush()
    assert count.month("2026-11").scans() == []  # no poster the building has: none counted, kept page or not


def test_the_code_image_takes_a_marker_and_refuses_a_bad_one(counted: Flask) -> None:
    web = counted.test_client()
    assert web.get("/qr.svg?page=/zh/&scan=building").status_code == 200
    assert web.get("/qr.svg?page=/zh/&scan=Building!").status_code == 400
    assert web.get("/qr.svg?page=/zh/&scan=" + "x" * 41).status_code == 400
    assert web.get("/qr.svg?page=/zh/").data != web.get("/qr.svg?page=/zh/&scan=building").data


def test_the_console_shows_scans_per_poster_by_name(counted: Flask) -> None:
    phone = counted.test_client()
    for url in ("/zh/spaces/library?scan=space-library",) * 3 + ("/zh/floors/3f?scan=floor-3f", "/zh/?scan=building"):
        phone.get(url)
    phone.get("/zh/?scan=board-3f")
    # Counted while the space was still in the building (a scan of it today would not count:).
    counter_of(counted).hit(dt.datetime(2026, 11, 27, 10, 0), "scan", "space-gone", "poster")
    staff = sign_in(counted.test_client())
    page = staff.get("/staff/analytics?month=2026-11").get_data(as_text=True)
    table = page.split("QR scans per poster")[1].split("</table>")[0]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td><td>(\d+)</td></tr>', table)
    assert rows[0] == ("场馆海报 Space poster · 图书馆 Library", "3", "3")
    names = [name for name, _, _ in rows]
    assert any(n.startswith("楼层海报 Floor poster · 3F ") for n in names)
    assert "大楼总览海报 Building poster" in names
    assert any(n.startswith("楼层牌 Floor board · 3F") for n in names)
    assert "space-gone （已不在大楼信息里） (no longer in the building file)" in names
    assert "Poster QR scanned" in page and ">6<" in page  # the source line: 6 landings from a poster
    other_month = staff.get("/staff/analytics?month=2026-10").get_data(as_text=True)
    assert "QR scans per poster" in other_month and "This month" not in other_month  # no scans, no table
    csv = staff.get("/staff/analytics.csv?month=2026-11").get_data(as_text=True)
    assert "scan,space-library,poster,3" in csv.replace("\r", "")


def test_a_second_building_counts_its_own_posters(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    app = make_app(copy_with_staff(TOWER, tmp_path), RELOAD_SECONDS=0.0, PUBLIC_URL=PUBLIC)
    web = app.test_client()
    poster = web.get("/ja/posters/floors/b2").get_data(as_text=True)
    assert "scan%3Dfloor-b2" in poster or "scan=floor-b2" in poster
    assert web.get("/ja/floors/b2?scan=floor-b2").status_code == 200
    count = counter_of(app)
    count.flush()
    assert count.month("2026-11").scans() == [("floor-b2", 1, 0)]
    staff = sign_in(app.test_client())
    page = staff.get("/staff/analytics?month=2026-11").get_data(as_text=True)
    assert "楼层海报 Floor poster · B2" in page
