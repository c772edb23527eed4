"""Kept pages, compression and versioned static URLs: fast, and never a stale word."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
from pathlib import Path

import brotli
from flask import Flask

from kiosk import create_app
from kiosk.model.building import Building
from kiosk.timetable.schedule import next_change
from kiosk.web.cache.pages import choose_encoding
from kiosk.web.serving import LISTENER_KEY
from tests.helpers.buildings import FRIDAY_MORNING, SHANGHAI

TEXT = {"zh": "x", "en": "x"}


def small_building(building_hours: str, space_hours: str | None) -> Building:
    """A one-floor building unlike the shipped one: its own hours, one space with others."""
    space = {"id": "clinic", "name": TEXT, "floor": "g", "category": "services", "description": TEXT, "location": TEXT}
    if space_hours:
        space["hours"] = space_hours
    return Building.model_validate(
        {
            "building": {"id": "b", "name": TEXT, "address": TEXT, "hours": building_hours},
            "floors": [{"id": "g", "order": 1, "label": "G", "name": TEXT}],
            "spaces": [space],
        }
    )


def test_the_next_change_is_the_soonest_opening_or_closing_of_any_space_or_midnight():
    moment = dt.datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)  # a Friday
    clinic = small_building("24/7", "Mo-Fr 13:30-15:00")
    assert next_change(clinic, moment) == dt.datetime(2026, 11, 27, 13, 30, tzinfo=SHANGHAI)
    assert next_change(clinic, moment.replace(hour=14)) == dt.datetime(2026, 11, 27, 15, 0, tzinfo=SHANGHAI)
    # Nothing changes in the evening of a 24/7 building: the page is still redone at midnight (today's hours).
    assert next_change(clinic, moment.replace(hour=20)) == dt.datetime(2026, 11, 28, 0, 0, tzinfo=SHANGHAI)
    assert next_change(small_building("Mo-Su 08:30-17:00", None), moment) == moment.replace(hour=17)


def test_a_kept_page_is_the_page_and_turns_to_closed_when_the_building_closes(app: Flask, clock):
    client = app.test_client()
    first = client.get("/en/spaces/library?kiosk=lobby").get_data(as_text=True)
    again = client.get("/en/spaces/library?kiosk=lobby&junk=1").get_data(as_text=True)
    assert first == again and "Open now" in first
    assert app.extensions["kiosk.pagecache"].hits == 1
    clock["now"] = FRIDAY_MORNING.replace(hour=17, minute=0, second=1)
    assert "Closed now" in client.get("/en/spaces/library?kiosk=lobby").get_data(as_text=True)
    clock["now"] = FRIDAY_MORNING  # a clock set back (tests, or NTP) never gets a page from its future
    assert "Open now" in client.get("/en/spaces/library?kiosk=lobby").get_data(as_text=True)


def test_carried_parameters_make_different_pages(client):
    plain = client.get("/en/floors/1f").get_data(as_text=True)
    kiosk = client.get("/en/floors/1f?kiosk=lobby").get_data(as_text=True)
    assert "mode-web" in plain and "mode-kiosk" in kiosk


def test_a_reload_drops_every_kept_page(building_copy: Path):
    app = create_app(building_copy, {"TESTING": True, "RELOAD_SECONDS": 0})
    client = app.test_client()
    version = client.get("/healthz").get_json()["version"]
    assert "Public Gym" in client.get("/en/floors/7f").get_data(as_text=True)
    building_copy.write_text(building_copy.read_text(encoding="utf-8").replace("en: Public Gym}", "en: Sports Hall}"))
    stat = building_copy.stat()
    os.utime(building_copy, (stat.st_atime, stat.st_mtime + 10))
    assert "Sports Hall" in client.get("/en/floors/7f").get_data(as_text=True)
    assert client.get("/healthz").get_json()["version"] != version


def test_pages_go_out_in_brotli_or_gzip_with_vary_and_an_etag_per_encoding(client):
    plain = client.get("/zh/spaces/library", headers={"Accept-Encoding": ""})
    br = client.get("/zh/spaces/library", headers={"Accept-Encoding": "gzip, deflate, br"})
    gz = client.get("/zh/spaces/library", headers={"Accept-Encoding": "gzip"})
    assert plain.headers.get("Content-Encoding") is None
    assert br.headers["Content-Encoding"] == "br" and gz.headers["Content-Encoding"] == "gzip"
    assert brotli.decompress(br.data) == plain.data == gzip.decompress(gz.data)
    assert len(br.data) < len(plain.data) / 3
    for response in (plain, br, gz):
        assert "Accept-Encoding" in response.headers["Vary"]
    assert len({plain.headers["ETag"], br.headers["ETag"], gz.headers["ETag"]}) == 3
    again = client.get("/zh/spaces/library", headers={"Accept-Encoding": "br", "If-None-Match": br.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_choosing_an_encoding_respects_q_zero():
    assert choose_encoding("gzip, br;q=0") == "gzip"
    assert choose_encoding("identity") is None
    assert choose_encoding("*") == "br"
    assert choose_encoding(None) is None


def test_static_urls_carry_the_file_hash_and_are_immutable(client):
    page = client.get("/zh/?kiosk=lobby").get_data(as_text=True)
    css = re.search(r'href="(/static/kiosk\.css\?v=[0-9a-f]{10})"', page).group(1)
    response = client.get(css, headers={"Accept-Encoding": "br"})
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert b".topbar" in brotli.decompress(response.data)
    stale = client.get("/static/kiosk.css?v=0000000000")
    assert "immutable" not in stale.headers.get("Cache-Control", "")


def test_error_pages_and_redirects_are_never_kept(app: Flask):
    client = app.test_client()
    assert client.get("/en/spaces/nowhere").status_code == 404
    assert client.get("/en/spaces/nowhere").status_code == 404
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"].endswith("/en/")
    assert client.get("/", headers={"Accept-Language": "zh"}).headers["Location"].endswith("/zh/")
    assert len(app.extensions["kiosk.pagecache"]) == 0


def test_healthz_says_version_uptime_last_reload_and_refused_edits(building_copy: Path):
    app = create_app(building_copy, {"TESTING": True, "RELOAD_SECONDS": 0})
    client = app.test_client()
    health = client.get("/healthz").get_json()
    assert re.fullmatch(r"[0-9a-f]{12}", health["version"]) and health["refused_edits"] == 0
    assert health["uptime_seconds"] >= 0 and dt.datetime.fromisoformat(health["last_reload"]).tzinfo
    building_copy.write_text(building_copy.read_text(encoding="utf-8").replace("category: sport", "category: sports"))
    stat = building_copy.stat()
    os.utime(building_copy, (stat.st_atime, stat.st_mtime + 10))
    refused = client.get("/healthz").get_json()
    assert refused["refused_edits"] == 1 and refused["version"] == health["version"]
    # As for every answer to a stranger: one sees the status and the version, nothing more.
    stranger = client.get("/healthz", environ_overrides={"REMOTE_ADDR": "203.0.113.9"}).get_json()
    assert set(stranger) == {"status", "version"}
    lobby = client.get("/healthz", environ_overrides={LISTENER_KEY: "lobby"}).get_json()
    assert {"uptime_seconds", "last_reload", "refused_edits"} <= set(lobby)
    public = client.get("/healthz", environ_overrides={LISTENER_KEY: "public", "REMOTE_ADDR": "127.0.0.1"})
    assert "uptime_seconds" not in public.get_json()  # the proxy's loopback address is not "this machine"


def test_pages_are_kept_per_site_version(building_copy: Path):
    app = create_app(building_copy, {"TESTING": True, "RELOAD_SECONDS": 0})
    client = app.test_client()
    store, cache = app.extensions["kiosk.store"], app.extensions["kiosk.pagecache"]
    first = client.get("/en/spaces/library").get_data(as_text=True)
    assert client.get("/en/spaces/library").get_data(as_text=True) == first and cache.hits == 1
    version = store.site.version
    edited = building_copy.read_text(encoding="utf-8").replace("en: Library}", "en: Reading Room}")
    building_copy.write_text(edited, encoding="utf-8")
    os.utime(building_copy, (building_copy.stat().st_atime, building_copy.stat().st_mtime + 20))
    assert "Reading Room" in client.get("/en/spaces/library").get_data(as_text=True)
    assert store.site.version != version and cache.hits == 1


def test_a_kept_page_changes_when_a_notice_starts_at_a_time_of_day(make_app, edited, clock):
    """Pages are kept only until the next moment they can change: a notice from 10:00:40 shows then."""
    path = edited(
        "  - text:\n      zh: 所有公共空间免费向居民开放",
        "  - text: {zh: 三楼图书馆暂停借阅, en: Library lending paused}\n"
        "    starts: 2026-11-27T10:00:40\n"
        "  - text:\n      zh: 所有公共空间免费向居民开放",
    )
    app = make_app(path)
    client = app.test_client()
    assert "Library lending paused" not in client.get("/en/").get_data(as_text=True)  # 10:00:00
    clock["now"] = FRIDAY_MORNING.replace(second=30)
    assert "Library lending paused" not in client.get("/en/").get_data(as_text=True)
    assert app.extensions["kiosk.pagecache"].hits == 1  # kept until the notice starts
    clock["now"] = FRIDAY_MORNING.replace(second=41)  # before the one-minute limit: the notice's own time
    assert "Library lending paused" in client.get("/en/").get_data(as_text=True)


def test_a_kept_page_is_redone_within_a_minute_whatever_happens(app: Flask, clock):
    client = app.test_client()
    client.get("/en/floors/3f")
    clock["now"] = FRIDAY_MORNING + dt.timedelta(seconds=59)
    client.get("/en/floors/3f")
    clock["now"] = FRIDAY_MORNING + dt.timedelta(seconds=61)  # events come from feeds between reloads
    client.get("/en/floors/3f")
    cache = app.extensions["kiosk.pagecache"]
    assert (cache.hits, cache.misses) == (1, 2)
