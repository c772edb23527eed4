"""A district's centres on one server: floors.yaml, tower-v2 and riverside under /<building-id>/."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import Client

from kiosk.district.app import DistrictApp, create_district_app
from kiosk.load.district import check_district
from kiosk.web import qr
from tests.helpers.district import BUILDINGS, write_district
from tests.helpers.pages import visitor_paths

FRIDAY_MORNING = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
SETTINGS = {"TESTING": True, "EVENT_FEEDS_THREAD": False, "CLOCK": lambda: FRIDAY_MORNING}
LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
PER_PAGE_FAMILY = 3  # each family of pages (language × route) is sampled, to keep the run short


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> DistrictApp:
    return create_district_app(write_district(tmp_path_factory.mktemp("district")), SETTINGS)


@pytest.fixture(scope="module")
def client(district: DistrictApp) -> Client:
    return Client(district)


def sampled_paths(district: DistrictApp, building_id: str) -> Iterator[str]:
    """A few pages of every family (language, route, with or without a kiosk) of one building."""
    app = district.buildings[building_id]
    seen: dict[tuple[str, ...], int] = {}
    for path in visitor_paths(app, district.store(building_id).current().building):
        plain, _, query = path.partition("?")
        key = (*plain.split("/")[1:3], re.sub(r"=.*", "", query))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= PER_PAGE_FAMILY:
            yield path


@pytest.mark.parametrize("building_id", list(BUILDINGS))
def test_every_page_family_of_every_building_answers_under_its_prefix(
    client: Client, district: DistrictApp, building_id: str
) -> None:
    paths = list(sampled_paths(district, building_id))
    languages = district.store(building_id).current().languages
    assert {p.split("/")[1] for p in paths} >= set(languages)  # every language of the building
    failed = []
    for path in paths:
        response = client.get(f"/{building_id}{path}")
        if response.status_code >= 500:
            failed.append(f"{path}: {response.status_code}")  # 404s: the console and reports are off
        elif response.mimetype == "text/html" and response.status_code == 200:
            # Links stay inside the building's prefix (or go to the district's other centres on purpose).
            for href in re.findall(r'href="(/[^"]*)"', response.get_data(as_text=True)):
                if not href.startswith(f"/{building_id}/") and "/spaces/" not in href:
                    failed.append(f"{path}: links to {href}")
    assert not failed, failed[:10]


def test_the_district_home_lists_every_centre_in_each_language(client: Client) -> None:
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"].endswith("/en/")
    english = client.get("/en/").get_data(as_text=True)
    for building_id in BUILDINGS:
        assert f'href="/{building_id}/en/"' in english
    assert "Xinjing Town Public Service Complex" in english and "Riverside Community Service Centre" in english
    assert "1358 Hami Road" in english  # the address
    assert english.count("Open now") == 3  # Friday 10:00: all three are open
    assert "Government services" in english  # what tower-v2 offers
    chinese = client.get("/zh/").get_data(as_text=True)
    assert "新泾镇公共服务综合楼" in chinese and "现在开放" in chinese
    assert client.get("/fr/").status_code == 404


def test_a_building_keeps_its_own_urls_under_its_prefix(client: Client) -> None:
    response = client.get("/tower/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/tower/zh/")
    page = client.get("/tower/en/").get_data(as_text=True)
    assert "/tower/static/kiosk.css" in page
    assert client.get("/nowhere/en/").status_code == 404


def test_search_shows_results_from_the_other_centres(client: Client) -> None:
    page = client.get("/tower/en/search?q=gym").get_data(as_text=True)
    _, _, elsewhere = page.partition("Also at other centres")
    assert elsewhere, "no results from the other centres"
    assert 'href="/xinjing/en/spaces/public-gym"' in elsewhere
    assert "Xinjing Complex" in elsewhere  # which centre
    # Searched in Chinese on the bundled building, the other centres answer in Chinese too.
    chinese = client.get("/riverside/zh/search?q=jianshen").get_data(as_text=True)
    assert "也在其他中心" in chinese


def test_a_building_alone_has_no_other_centres(make_app: Callable[..., Flask]) -> None:
    page = make_app().test_client().get("/en/search?q=gym").get_data(as_text=True)
    assert "Also at other centres" not in page


def test_a_lobby_screen_is_pinned_to_its_building(client: Client) -> None:
    # The district root sends a kiosk to the building it belongs to...
    response = client.get("/?kiosk=g-hall")
    assert response.headers["Location"].endswith("/tower/?kiosk=g-hall")
    # ... and another building does not take it: its pages are not in kiosk mode there.
    there = client.get("/tower/en/?kiosk=g-hall").get_data(as_text=True)
    elsewhere = client.get("/xinjing/en/?kiosk=g-hall").get_data(as_text=True)
    assert "mode-kiosk" in there and "mode-kiosk" not in elsewhere


def test_healthz_reports_each_building(client: Client) -> None:
    body = client.get("/healthz", environ_base=LOCAL).get_json()
    assert body["status"] == "ok" and body["degraded"] == []
    assert set(body["buildings"]) == set(BUILDINGS)
    assert body["buildings"]["tower"]["building"] == "changning-centre"
    stranger = client.get("/healthz", environ_base={"REMOTE_ADDR": "203.0.113.9"}).get_json()
    assert set(stranger["buildings"]["tower"]) == {"status", "version"}  # no file names to strangers


def test_a_broken_edit_to_one_building_leaves_the_others_serving(tmp_path: Path) -> None:
    path = write_district(tmp_path)
    district = create_district_app(path, {**SETTINGS, "RELOAD_SECONDS": 0})
    client = Client(district)
    before = client.get("/riverside/en/").get_data(as_text=True)
    riverside = tmp_path / "riverside" / "floors.yaml"
    riverside.write_text(riverside.read_text(encoding="utf-8").replace("floor: g", "floor: nowhere", 1), "utf-8")
    os.utime(riverside, (riverside.stat().st_atime, riverside.stat().st_mtime + 5))
    body = client.get("/healthz", environ_base=LOCAL).get_json()
    assert body["status"] == "degraded" and body["degraded"] == ["riverside"]
    assert any("nowhere" in p for p in body["buildings"]["riverside"]["refused_edit"])
    assert body["buildings"]["tower"]["status"] == "ok"
    # riverside keeps its last good version; the others are untouched.
    again = client.get("/riverside/en/")
    assert again.status_code == 200 and again.get_data(as_text=True) == before
    assert client.get("/tower/en/").status_code == 200
    assert client.get("/en/").status_code == 200
    # A good edit to another building is taken meanwhile.
    xinjing = tmp_path / "xinjing" / "floors.yaml"
    assert "Public Gym" in client.get("/tower/en/search?q=gym").get_data(as_text=True)  # kept for the next visitor
    text = xinjing.read_text(encoding="utf-8").replace("1358 Hami Road", "1360 Hami Road")
    xinjing.write_text(text.replace("Public Gym", "Town Gym"), "utf-8")
    os.utime(xinjing, (xinjing.stat().st_atime, xinjing.stat().st_mtime + 5))
    assert "1360 Hami Road" in client.get("/en/").get_data(as_text=True)
    # Another building's kept search page shows the edit too: not the name it had when the page was kept.
    elsewhere = client.get("/tower/en/search?q=gym").get_data(as_text=True)
    assert "Town Gym" in elsewhere and "Public Gym" not in elsewhere


def test_a_kiosk_corner_code_opens_the_page_under_its_prefix(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    encoded: list[str] = []
    make_code = qr.make_code
    monkeypatch.setattr(qr, "make_code", lambda text, fmt: encoded.append(text) or make_code(text, fmt))
    page = client.get("/tower/en/floors/g?kiosk=g-hall").get_data(as_text=True)
    src = re.search(r'class="qr-code" src="([^"]+)"', page)
    assert src is not None, "no corner code"
    image = client.get(src.group(1).replace("&amp;", "&"))
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    # The district's address with the building's prefix: the phone opens this same page.
    assert encoded == ["https://kiosk.example.org/tower/en/floors/g?from=g-hall"]


def test_a_building_that_joins_keeps_its_old_urls_for_good(tmp_path: Path) -> None:
    path = write_district(tmp_path)
    path.write_text(
        path.read_text(encoding="utf-8").replace("xinjing/floors.yaml}", "xinjing/floors.yaml, old_urls: true}")
    )
    client = Client(create_district_app(path, SETTINGS))
    # A printed code of the bundled building, from before it joined the district.
    response = client.get("/zh/spaces/library?from=lobby&scan=p1")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/xinjing/zh/spaces/library?from=lobby&scan=p1")
    assert client.get(response.headers["Location"]).status_code == 200
    assert client.get("/en/floors/3f").headers["Location"].endswith("/xinjing/en/floors/3f")
    assert client.get("/zh/").status_code == 200  # the district home keeps `/zh/`
    assert client.get("/zh/spaces/nowhere").status_code in (301, 404)
    assert client.get("/nothing/at/all").status_code == 404


def test_without_old_urls_nothing_is_redirected(client: Client) -> None:
    assert client.get("/zh/spaces/library").status_code == 404


def test_old_urls_on_two_buildings_is_refused(tmp_path: Path) -> None:
    path = write_district(tmp_path, extra=", old_urls: true")
    _, problems = check_district(path, buildings=False)
    assert any("`old_urls` is set on two buildings" in p.message and p.line == 4 for p in problems)


def test_the_district_home_lists_centres_by_subdistrict(tmp_path: Path) -> None:
    path = write_district(tmp_path)
    text = path.read_text(encoding="utf-8")
    for building_id, (zh, en) in {"xinjing": ("新泾镇", "Xinjing"), "riverside": ("新泾镇", "Xinjing")}.items():
        old = f"{building_id}/floors.yaml}}"
        text = text.replace(old, f"{building_id}/floors.yaml, subdistrict: {{zh: {zh}, en: {en}}}}}")
    path.write_text(text, encoding="utf-8")
    page = Client(create_district_app(path, SETTINGS)).get("/en/").get_data(as_text=True)
    groups = re.findall(r"<h2>([^<]+)</h2>", page)
    assert groups == ["Xinjing", "Other"]
    xinjing = page[page.index("<h2>Xinjing</h2>") : page.index("<h2>Other</h2>")]
    assert 'href="/xinjing/en/"' in xinjing and 'href="/riverside/en/"' in xinjing
    assert 'href="/tower/en/"' not in xinjing
