"""Cold start (issue 12): `kiosk serve` answers before the search index is made, and search still finds."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk import create_app, searchbuild
from kiosk.loader import load_building
from kiosk.search import build_index, search
from kiosk.site import PendingIndex, build_site
from tests.conftest import BUNDLED, FRIDAY_MORNING, TOWER


@pytest.mark.parametrize("path", [BUNDLED, TOWER])
def test_an_index_made_later_is_the_same_index(path: Path):
    building = load_building(path)
    site = build_site(building, path.read_bytes(), path, index_later=True)
    assert isinstance(site.search_source, PendingIndex)
    assert site.search_index == build_index(building)  # waits for the thread
    assert search(site.search_index, "tsg") == search(build_index(building), "tsg")


def test_the_first_search_waits_for_the_index_and_finds(monkeypatch: pytest.MonkeyPatch):
    release = threading.Event()
    slow = searchbuild.build_index_isolated

    def held(building):
        release.wait(10)
        return slow(building)

    monkeypatch.setattr("kiosk.site.build_index_isolated", held)
    monkeypatch.setattr(searchbuild, "_first_later", True)
    app = create_app(BUNDLED, {"TESTING": True, "CLOCK": lambda: FRIDAY_MORNING})
    client = app.test_client()
    assert client.get("/healthz").status_code == 200  # answered while the index is still being made
    threading.Timer(0.2, release.set).start()
    found = client.get("/en/search?q=library").get_data(as_text=True)
    assert "/en/spaces/library" in found


def test_an_index_that_fails_finds_nothing_instead_of_failing_every_page(monkeypatch: pytest.MonkeyPatch):
    def broken(building):
        raise RuntimeError("no pinyin today")

    monkeypatch.setattr("kiosk.site.build_index_isolated", broken)
    building = load_building(BUNDLED)
    site = build_site(building, BUNDLED.read_bytes(), BUNDLED, index_later=True)
    assert site.search_index == ()
