"""The WSGI fast path (kiosk/web/cache/fastpath.py): a kept page goes out before Flask, byte for byte."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from kiosk.web.cache.fastpath import KeptPages
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.staff import counter_of

PAGES = ["/zh/", "/en/spaces/library?kiosk=lobby", "/en/floors/1f?from=lobby&text=large", "/zh/search?q=图书"]
TOWER_PAGES = ["/ja/", "/en/floors/m", "/zh/facilities/"]
ENCODINGS = [{}, {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "br, gzip"}, {"Accept-Encoding": "gzip;q=0"}]


class Dispatches:
    """Counts the requests that reach Flask's own dispatch (behind the fast path)."""

    def __init__(self, app: Flask):
        fast = app.wsgi_app
        assert isinstance(fast, KeptPages)
        self.calls = 0
        inner = fast.wsgi_app

        def counted(environ, start_response):
            self.calls += 1
            return inner(environ, start_response)

        fast.wsgi_app = counted


def same(fast: TestResponse, full: TestResponse) -> None:
    assert fast.status == full.status
    assert fast.headers.to_wsgi_list() == full.headers.to_wsgi_list()
    assert fast.get_data() == full.get_data()


def sent_both_ways(make_app: Callable[..., Flask], path: Path, url: str, headers: dict[str, str], method: str):
    """The same kept page through the fast path and through Flask (fast path off), in two equal apps."""
    answers = []
    for fast_path in (True, False):
        app = make_app(path, FAST_PATH=fast_path)
        client = app.test_client()
        assert client.get(url).status_code == 200  # rendered and kept
        answers.append(client.open(url, method=method, headers=headers))
        assert app.extensions["kiosk.pagecache"].hits == 1
    return answers


@pytest.mark.parametrize("headers", ENCODINGS)
@pytest.mark.parametrize("url", PAGES)
def test_a_kept_page_is_sent_the_same_by_the_fast_path_and_by_flask(make_app, url, headers):
    same(*sent_both_ways(make_app, BUNDLED, url, headers, "GET"))


@pytest.mark.parametrize("url", TOWER_PAGES)
def test_the_second_building_too_and_head_requests(make_app, url):
    same(*sent_both_ways(make_app, TOWER, url, {"Accept-Encoding": "br"}, "GET"))
    fast, full = sent_both_ways(make_app, TOWER, url, {"Accept-Encoding": "gzip"}, "HEAD")
    same(fast, full)
    assert fast.get_data() == b"" and int(fast.headers["Content-Length"]) > 0


def test_a_page_the_client_has_is_a_304_with_the_same_headers(make_app):
    answers = []
    for fast_path in (True, False):
        client = make_app(FAST_PATH=fast_path).test_client()
        etag = client.get("/en/spaces/library", headers={"Accept-Encoding": "br"}).headers["ETag"]
        answers.append(client.get("/en/spaces/library", headers={"Accept-Encoding": "br", "If-None-Match": etag}))
    same(*answers)
    assert answers[0].status_code == 304 and answers[0].get_data() == b""


def test_kept_pages_skip_flask_and_everything_else_does_not(app):
    flask_saw = Dispatches(app)
    client = app.test_client()
    for _ in range(3):
        assert "Open now" in client.get("/en/spaces/library?kiosk=lobby").get_data(as_text=True)
    assert flask_saw.calls == 1  # rendered once; twice sent from memory before Flask
    client.get("/healthz")
    client.post("/en/spaces/library?kiosk=lobby")
    client.get("/en/spaces/nowhere")
    assert flask_saw.calls == 4


def test_an_untrusted_host_is_refused_even_for_a_kept_page(app):
    client = app.test_client()
    client.get("/zh/")
    refused = client.get("/zh/", headers={"Host": "evil.example"})
    assert refused.status_code == 400 and b"unknown host" in refused.get_data()


def test_a_new_hook_sends_every_request_through_flask(make_app):
    app = make_app()

    @app.after_request
    def stamp(response):
        response.headers["X-Stamp"] = "1"
        return response

    client = app.test_client()
    client.get("/zh/")
    assert client.get("/zh/").headers["X-Stamp"] == "1"  # a kept page still went through the new hook


def test_the_fast_path_stops_with_the_clock_when_the_page_changes(app, clock):
    client = app.test_client()
    assert "Open now" in client.get("/en/spaces/library").get_data(as_text=True)
    clock["now"] += dt.timedelta(hours=7, seconds=1)  # 17:00:01, the building closed
    assert "Closed now" in client.get("/en/spaces/library").get_data(as_text=True)


def test_kept_pages_are_still_counted_for_analytics(make_app, staff_building):
    app = make_app(staff_building, RELOAD_SECONDS=0.0)
    flask_saw = Dispatches(app)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/zh/spaces/library?from=lobby").status_code == 200
    assert flask_saw.calls == 1
    count = counter_of(app)
    count.flush()
    report = count.month("2026-11")
    assert report.total("view") == 3
    assert dict(report.top("view"))["space:library"] == 3
    assert report.by_source()["kiosk-qr"] == 3
