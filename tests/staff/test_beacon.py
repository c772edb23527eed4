"""Searches typed on the lobby screen: kiosk.js sends a beacon, the endpoint takes it only from a kiosk session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.staff import analytics
from kiosk.web.serving import LISTENER_KEY, LOBBY, PUBLIC
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.staff import copy_with_staff, sign_in

BEACON = "/count/search?kiosk=lobby"


def client_at(app: Flask, environ: dict[str, str]) -> FlaskClient:
    """A test client whose requests arrive as `environ` says (listener, peer address, headers)."""
    client = app.test_client()
    client.environ_base.update(environ)
    return client


@pytest.fixture
def counted(make_app: Callable[..., Flask], tmp_path: Path) -> Flask:
    return make_app(copy_with_staff(BUNDLED, tmp_path), RELOAD_SECONDS=0.0)


def report_of(app: Flask) -> analytics.Report:
    count = app.extensions["kiosk.staff.analytics"]
    count.flush()
    return count.month("2026-11")


def test_a_kiosk_search_is_queued_and_a_word_that_found_nothing_is_listed(counted: Flask) -> None:
    lobby = client_at(counted, {LISTENER_KEY: LOBBY})
    for words in ("tsg", "借书卡", "借书卡", "ZZQQ"):
        response = lobby.post(BEACON, data={"q": words})
        assert response.status_code == 204 and response.data == b""
        assert "Set-Cookie" not in response.headers
    count = counted.extensions["kiosk.staff.analytics"]
    assert count.queue.qsize() >= 4  # queued on the request, written later
    report = report_of(counted)
    assert report.total("search") == 4
    assert dict(report.top("search")) == {"tsg": 1, "借书卡": 2, "zzqq": 1}
    assert dict(report.top("search-empty")) == {"借书卡": 2, "zzqq": 1}  # tsg (initials) finds the library
    assert all(row[4] == "kiosk" for row in report.rows if row[2].startswith("search"))
    assert report.total("view") == 0  # a beacon is not a page view
    page = sign_in(counted.test_client()).get("/staff/analytics?month=2026-11").get_data(as_text=True)
    empty = page.split("Words that found nothing")[1]
    assert "“借书卡” — 2" in empty and "“zzqq” — 1" in empty


@pytest.mark.parametrize(
    ("environ", "url"),
    [
        ({LISTENER_KEY: PUBLIC}, BEACON),  # a phone on the public listener, even claiming kiosk mode
        ({"REMOTE_ADDR": "203.0.113.9"}, BEACON),  # someone on the internet (no listener mark)
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, BEACON),  # through the proxy
        ({LISTENER_KEY: LOBBY}, "/count/search"),  # no kiosk
        ({LISTENER_KEY: LOBBY}, "/count/search?kiosk=nope"),  # no such kiosk
    ],
)
def test_only_a_kiosk_session_may_count(counted: Flask, environ: dict[str, str], url: str) -> None:
    response = client_at(counted, environ).post(url, data={"q": "图书馆"})
    assert response.status_code == 404
    assert report_of(counted).total("search") == 0


def test_bad_beacons_are_refused_without_a_500(counted: Flask) -> None:
    lobby = client_at(counted, {LISTENER_KEY: LOBBY})
    assert lobby.post(BEACON, data={"q": "x" * 2000}).status_code == 413  # the body is capped
    assert lobby.post(BEACON, data={"q": "   "}).status_code == 400
    assert lobby.post(BEACON, data={}).status_code == 400
    assert lobby.post(BEACON, data=b"\xff\xfe", content_type="application/x-www-form-urlencoded").status_code == 400
    assert lobby.get(BEACON).status_code == 405
    assert lobby.post(BEACON, data={"q": "长" * 59 + "词x"}).status_code == 204  # 61 characters: cut, counted
    (word, n), *_ = report_of(counted).top("search")
    assert n == 1 and len(word) == analytics.MAX_KEY


def test_no_beacon_while_counting_is_off(make_app: Callable[..., Flask]) -> None:
    app = make_app(BUNDLED)  # no staff account: no console, no counting
    lobby = client_at(app, {LISTENER_KEY: LOBBY})
    assert lobby.post(BEACON, data={"q": "图书馆"}).status_code == 404
    assert "data-beacon" not in lobby.get("/zh/search?kiosk=lobby").get_data(as_text=True)


def test_only_the_kiosk_search_page_carries_the_beacon_address(counted: Flask) -> None:
    web = counted.test_client()
    kiosk_page = web.get("/zh/search?kiosk=lobby").get_data(as_text=True)
    assert 'data-beacon="/count/search?kiosk=lobby"' in kiosk_page
    assert "data-beacon" not in web.get("/zh/search").get_data(as_text=True)
    assert "data-beacon" not in web.get("/zh/search?from=lobby").get_data(as_text=True)


def test_a_second_building_counts_its_kiosk_searches(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    app = make_app(copy_with_staff(TOWER, tmp_path), RELOAD_SECONDS=0.0)
    lobby = client_at(app, {LISTENER_KEY: LOBBY})
    assert 'data-beacon="/count/search?kiosk=g-hall"' in lobby.get("/ja/search?kiosk=g-hall").get_data(as_text=True)
    assert lobby.post("/count/search?kiosk=g-hall", data={"q": "qqqzzz"}).status_code == 204
    assert lobby.post(BEACON, data={"q": "qqqzzz"}).status_code == 404  # `lobby` is not a kiosk of this building
    assert report_of(app).top("search-empty") == [("qqqzzz", 1)]


def test_a_visitor_typing_on_the_screen_is_one_session_until_the_screen_resets(
    counted: Flask, clock: dict[str, dt.datetime]
) -> None:
    """The screen goes home after idle_seconds + countdown_seconds (90 + 30 here) untouched: only then a new visitor."""
    lobby = client_at(counted, {LISTENER_KEY: LOBBY})
    for pause in (0, 100, 119, 121):  # typing with pauses shorter than the reset, then one longer
        clock["now"] += dt.timedelta(seconds=pause)
        assert lobby.post(BEACON, data={"q": "图书"}).status_code == 204
    report = report_of(counted)
    assert report.top("session") == [("lobby", 2)] and report.total("search") == 4
