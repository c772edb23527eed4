"""Cold start: `kiosk serve` answers before the search index is made, and search still finds."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import qrcode.constants
from click.testing import CliRunner

from kiosk import cli, create_app
from kiosk.load.loader import load_building
from kiosk.load.site import PendingIndex, build_site
from kiosk.search import build as searchbuild
from kiosk.search.index import build_index, search
from kiosk.web import qr
from tests.helpers.buildings import BUNDLED, FRIDAY_MORNING, ROOT, TOWER


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

    monkeypatch.setattr("kiosk.load.site.build_index_isolated", held)
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

    monkeypatch.setattr("kiosk.load.site.build_index_isolated", broken)
    building = load_building(BUNDLED)
    site = build_site(building, BUNDLED.read_bytes(), BUNDLED, index_later=True)
    assert site.search_index == ()


# What `kiosk serve` must not load before it answers, nor for the first page: Pillow and qrcode
# (drawing a code), ruamel (staff saves), argon2 (staff sign-in), pypinyin (the search index's child
# process), icalendar (event files); holidays may load with the first page's opening hours, not before.
NOT_AT_START = ("PIL", "qrcode", "ruamel", "argon2", "pypinyin", "icalendar", "holidays")
NOT_FOR_THE_FIRST_PAGE = tuple(name for name in NOT_AT_START if name != "holidays")
SERVE_LIKE = """
import json, sys
import kiosk.cli  # what `kiosk serve` imports
import kiosk.load.site
from kiosk import create_app
from kiosk.search import build as searchbuild

searchbuild.use_child_process()
kiosk.load.site.build_index_isolated = lambda building: ()  # the child process's work is not this test's
app = create_app(sys.argv[1], {"EVENT_FEEDS_THREAD": False})
loaded = lambda: sorted({name.split(".")[0] for name in sys.modules})
at_start = loaded()
client = app.test_client()
statuses = [client.get(path).status_code for path in ("/healthz", "/zh/", "/en/")]
print(json.dumps({"start": at_start, "page": loaded(), "statuses": statuses}))
"""


def test_serving_the_first_page_leaves_the_heavy_imports_unloaded():
    done = subprocess.run(
        [sys.executable, "-c", SERVE_LIKE, str(BUNDLED)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["statuses"] == [200, 200, 200]
    assert not set(NOT_AT_START) & set(seen["start"])
    assert not set(NOT_FOR_THE_FIRST_PAGE) & set(seen["page"])


def test_the_written_out_error_correction_is_qrcodes_level_m():
    assert qr.ERROR_CORRECTION == qrcode.constants.ERROR_CORRECT_M


def test_serve_starts_without_garbage_collection_and_serves_with_it(monkeypatch: pytest.MonkeyPatch):
    seen: dict[str, bool] = {}

    def app_for_test(path, settings=None):
        seen["while building"] = gc.isenabled()
        return create_app(path, {**(settings or {}), "EVENT_FEEDS_THREAD": False})

    def serve_for_test(app, listeners):
        seen["while serving"] = gc.isenabled()

    monkeypatch.setattr(cli, "create_app", app_for_test)
    monkeypatch.setattr(cli.serving, "serve", serve_for_test)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # not this test process's objects
    monkeypatch.setattr("kiosk.load.site.build_index_isolated", lambda building: ())
    monkeypatch.setattr(searchbuild, "_in_child", False)  # restored after: serve turns both on
    monkeypatch.setattr(searchbuild, "_first_later", False)
    result = CliRunner().invoke(cli.main, ["serve", "--config", str(BUNDLED), "--port", "9"])
    assert result.exit_code == 0, result.output
    assert seen == {"while building": False, "while serving": True}


def test_a_refused_start_leaves_garbage_collection_on(tmp_path: Path):
    broken = tmp_path / "floors.yaml"
    broken.write_text("building: [", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["serve", "--config", str(broken), "--port", "9"])
    assert result.exit_code == 1 and "Not starting" in result.stderr
    assert gc.isenabled()
