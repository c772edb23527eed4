"""Feed links and fetching: booking links by public_url's rules, a deadline, safe redirects, stuck feeds."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.load.loader import load_building
from kiosk.model.public_url import validate_link
from kiosk.timetable.feeds import EventFeeds
from tests.helpers.buildings import CIVIC
from tests.helpers.servers import get, running_server

TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize(
    "link, allow_http, expected",
    [
        ("https://book.example.org/class?id=12", False, "https://book.example.org/class?id=12"),
        ("https://BOOK.example.org:443/a/", False, "https://book.example.org/a/"),
        ("https://bücher.example/kurs", False, "https://xn--bcher-kva.example/kurs"),
        ("http://book.example.org/x", True, "http://book.example.org/x"),
        ("http://book.example.org/x", False, "must start with https://"),
        ("https://book.example.org@evil.example/x", False, "`name@` part"),
        ("https://203.0.113.9/book", False, "is an IP address"),
        ("https://[2001:db8::1]/book", False, "not an IPv6 literal"),
        ("https://localhost/book", False, "private name"),
        ("https://127.0.0.1/book", False, "is an IP address"),
        ("https://intranet/book", False, "private name"),
        ("https://printer.local/book", False, "private name"),
        ("javascript:alert(1)", False, "must start with https://"),
        ("https://book.example.org/a b", False, "space"),
        ("https://book.example.org/?q=\u202eevil", False, "invisible"),
    ],
)
def test_a_booking_link_passes_public_urls_rules(link: str, allow_http: bool, expected: str) -> None:
    if expected.startswith(("https://", "http://")):
        assert validate_link(link, allow_http) == expected
    else:
        with pytest.raises(ValueError) as raised:
            validate_link(link, allow_http)
        assert expected in str(raised.value)


def vevent(uid: str, start: dt.datetime, url: str) -> str:
    """One 30-minute VEVENT with a booking URL."""
    body = [f"UID:{uid}", f"SUMMARY:Class {uid}", f"DTSTART;TZID=Asia/Shanghai:{start:%Y%m%dT%H%M%S}"]
    end = start + dt.timedelta(minutes=30)
    return "\r\n".join(
        ["BEGIN:VEVENT", *body, f"DTEND;TZID=Asia/Shanghai:{end:%Y%m%dT%H%M%S}", f"URL:{url}", "END:VEVENT"]
    )


def calendar(*vevents: str) -> bytes:
    """A VCALENDAR holding `vevents`."""
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", *vevents, "END:VCALENDAR", ""]).encode()


def test_a_bad_booking_link_is_dropped_naming_the_uid_and_the_event_stays(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copy(CIVIC, tmp_path / "floors.yaml")
    now = dt.datetime(2026, 11, 30, 8, 0, tzinfo=TZ)
    good = vevent("good@feed", now + dt.timedelta(hours=2), "https://bücher.example/kurs?id=1")
    bad = vevent("bad@feed", now + dt.timedelta(hours=3), "https://192.168.1.20/admin")
    (tmp_path / "classes.ics").write_bytes(calendar(good, bad))
    with (tmp_path / "floors.yaml").open("a", encoding="utf-8") as handle:
        handle.write("event_sources:\n  - file: classes.ics\n")
    building = load_building(tmp_path / "floors.yaml")
    snapshot = EventFeeds(lambda: building, tmp_path, lambda: now).refresh()
    links = {o.uid: o.booking_url for o in snapshot.occurrences if o.source == "classes.ics"}
    assert links == {"good@feed": "https://xn--bcher-kva.example/kurs?id=1", "bad@feed": None}
    (problem,) = [p for p in snapshot.problems if "booking link" in p.message]
    assert problem.where == "UID bad@feed" and "IP address" in problem.message
    assert "UID bad@feed" in caplog.text


class Feed(http.server.BaseHTTPRequestHandler):
    """A feed server: drips its body, or redirects where the test says."""

    mode = "drip"
    target = ""

    def do_GET(self) -> None:
        if Feed.mode == "redirect":
            self.send_response(302)
            self.send_header("Location", Feed.target)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.end_headers()
        try:
            for byte in calendar():  # a byte every 0.2 s: each read is quick, the whole takes a minute
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/calendar.ics"
    server.shutdown()


def with_feed(tmp_path: Path, url: str) -> Path:
    """civic_office with `url` as its one event source."""
    shutil.copy(CIVIC, tmp_path / "floors.yaml")
    with (tmp_path / "floors.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"event_sources:\n  - url: {url}\n    refresh_minutes: 1\n")
    return tmp_path / "floors.yaml"


def feed_health(port: int, until: float = 15.0) -> dict:
    """The one feed's /healthz entry once it has been tried."""
    deadline = time.monotonic() + until
    while True:
        (feed,) = json.loads(get(port, "/healthz")[1])["event_feeds"]
        if (feed["last_attempt"] and feed["error"]) or time.monotonic() > deadline:
            return feed
        time.sleep(0.2)


def test_the_real_server_cuts_off_a_slow_drip_at_the_deadline(tmp_path: Path, feed_url: str) -> None:
    Feed.mode = "drip"
    env = {"KIOSK_FEED_DEADLINE_SECONDS": "2"}
    with running_server(with_feed(tmp_path, feed_url), env=env) as server:
        began = time.monotonic()
        feed = feed_health(server.lobby_port)
        assert "took more than 2 s" in (feed["error"] or ""), feed
        assert feed["stuck"] is False  # tried a moment ago: failing, not yet stuck
        assert time.monotonic() - began < 12  # the deadline decided, not the drip (about 20 s)
        assert get(server.port, "/en/events")[0] == 200


@pytest.mark.parametrize(
    "target, said",
    [("http://example.org/calendar.ics", "only https:// is followed"), ("https://localhost:1/x", "private address")],
)
def test_the_real_server_follows_redirects_only_to_public_https(
    tmp_path: Path, feed_url: str, target: str, said: str
) -> None:
    Feed.mode, Feed.target = "redirect", target
    with running_server(with_feed(tmp_path, feed_url)) as server:
        feed = feed_health(server.lobby_port)
        assert said in (feed["error"] or ""), feed


def test_healthz_says_when_a_feed_is_stuck(tmp_path: Path, feed_url: str) -> None:
    clock = {"now": dt.datetime(2026, 11, 30, 8, 0, tzinfo=TZ)}
    path = with_feed(tmp_path, feed_url.replace("/calendar.ics", "/gone"))
    Feed.mode, Feed.target = "redirect", "http://example.org/"  # every try fails
    building = load_building(path)
    feeds = EventFeeds(lambda: building, tmp_path, lambda: clock["now"])
    feeds.refresh(force_urls=True)
    assert feeds.health()[0]["stuck"] is False  # one failure is not stuck yet
    clock["now"] += dt.timedelta(minutes=9)  # three refresh periods of a minute, and five minutes' grace
    feeds.refresh(force_urls=True)
    (state,) = feeds.health()
    assert state["stuck"] is True and state["last_updated"] is None
