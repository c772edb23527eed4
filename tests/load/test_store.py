"""Staff edit floors.yaml while the kiosk runs: good edits appear, broken ones never take it down."""

from __future__ import annotations

import os
from pathlib import Path


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))


def test_a_good_edit_shows_up_without_a_restart(building_copy: Path, make_app) -> None:
    app = make_app(building_copy, RELOAD_SECONDS=0)
    client = app.test_client()
    assert "Public Gym" in client.get("/en/floors/7f").get_data(as_text=True)
    text = building_copy.read_text(encoding="utf-8").replace("en: Public Gym}", "en: Community Gym}")
    building_copy.write_text(text, encoding="utf-8")
    bump_mtime(building_copy)
    assert "Community Gym" in client.get("/en/floors/7f").get_data(as_text=True)


def test_a_broken_edit_keeps_the_last_good_building(building_copy: Path, make_app) -> None:
    app = make_app(building_copy, RELOAD_SECONDS=0)
    client = app.test_client()
    text = building_copy.read_text(encoding="utf-8").replace("category: sport", "category: sports")
    building_copy.write_text(text, encoding="utf-8")
    bump_mtime(building_copy)
    response = client.get("/en/floors/7f")
    assert response.status_code == 200 and "Public Gym" in response.get_data(as_text=True)
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded"
    assert any("unknown category `sports`" in line for line in health["refused_edit"])


def test_a_deleted_file_keeps_the_kiosk_running(building_copy: Path, make_app) -> None:
    app = make_app(building_copy, RELOAD_SECONDS=0)
    building_copy.unlink()
    response = app.test_client().get("/zh/")
    assert response.status_code == 200 and "新泾镇公共服务综合楼" in response.get_data(as_text=True)


def test_a_load_builds_one_route_graph_for_its_checks_and_its_site(building_copy: Path, monkeypatch) -> None:
    from kiosk.load import checks, site
    from kiosk.load.store import BuildingStore
    from kiosk.ways.routing import build_network

    built = []

    def counted(building):
        built.append(building)
        return build_network(building)

    monkeypatch.setattr(checks, "build_network", counted)
    monkeypatch.setattr(site, "build_network", counted)
    store = BuildingStore(building_copy)
    assert len(built) == 1 and store.site.network.nodes
    text = building_copy.read_text(encoding="utf-8").replace("en: Public Gym}", "en: Community Gym}")
    building_copy.write_text(text, encoding="utf-8")
    bump_mtime(building_copy)
    store.check_every = 0
    assert store.current().building.space("public-gym").name("en") == "Community Gym"
    assert len(built) == 2  # the reload: one more graph, shared by its checks and its Site


def test_a_saved_version_is_served_at_once_but_only_while_the_file_holds_it(building_copy: Path) -> None:
    from kiosk.load.loader import load_content
    from kiosk.load.store import BuildingStore

    store = BuildingStore(building_copy, check_every=3600)  # no look at the file in this test
    text = building_copy.read_text(encoding="utf-8").replace("en: Public Gym}", "en: Community Gym}")
    building_copy.write_text(text, encoding="utf-8")
    saved = load_content(text.encode("utf-8"), building_copy.name, building_copy.parent)
    assert store.accept(saved) and store.current().building.space("public-gym").name("en") == "Community Gym"
    later = text.replace("en: Community Gym}", "en: Town Gym}")
    building_copy.write_text(later, encoding="utf-8")  # a hand edit after the save
    stale = load_content(text.encode("utf-8"), building_copy.name, building_copy.parent)
    assert not store.accept(stale)  # never serve a version the file no longer holds
