"""The second building: nothing like the shipped one (B2..11F, G, a mezzanine, zoned lifts,
forty counters, zh/en/ja, its own categories and facility kinds). Every page answers in
every language and says its texts; missing Japanese falls back to English."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from kiosk.cli import main
from kiosk.load.loader import check_building, load_building
from kiosk.model.i18n import translate
from tests.helpers.buildings import TOWER

BUILDING = load_building(TOWER)
LANGS = ("zh", "en", "ja")


@pytest.fixture
def client(make_app: Callable[..., Flask]) -> FlaskClient:
    return make_app(TOWER).test_client()


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_building_is_what_the_tests_need() -> None:
    assert BUILDING.languages == ("zh", "en", "ja")
    labels = [f.label for f in sorted(BUILDING.floors, key=lambda f: f.order)]
    assert labels[:4] == ["B2", "B1", "G", "M"] and len(labels) >= 12
    assert sum(1 for s in BUILDING.spaces if s.category == "services") >= 40
    assert {"escalator", "atm", "parking", "photo-booth"} <= {f.kind for f in BUILDING.facilities}
    assert {c.id for c in BUILDING.categories} >= {"services", "parking"}


def test_check_warns_with_the_count_of_missing_japanese(tmp_path) -> None:
    result = CliRunner().invoke(main, ["check", str(TOWER)])
    assert result.exit_code == 0, result.output
    assert "warning: 10 of 236 texts have no `ja` (日本語) version — they are shown in English" in result.stderr
    _, problems = check_building(TOWER)
    (warning,) = [p for p in problems if "`ja`" in p.message]
    assert warning.line == 29  # the `ja` in `languages: [zh, en, ja]`


@pytest.mark.parametrize("lang", LANGS)
def test_home_lists_every_floor_top_down_in_its_language(client: FlaskClient, lang: str) -> None:
    page = text_of(client.get(f"/{lang}/?kiosk=g-hall"))
    positions = [page.index(f'<span class="floor-label">{f.label}</span>') for f in BUILDING.floors_top_down]
    assert positions == sorted(positions)
    assert BUILDING.building.name(lang) in page
    assert translate(lang, "home.floors_heading") in page
    for category in BUILDING.categories:
        assert f'href="/{lang}/categories/{category.id}?kiosk=g-hall"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_every_floor_and_space_page_answers_with_its_texts(client: FlaskClient, lang: str) -> None:
    for floor in BUILDING.floors:
        page = text_of(client.get(f"/{lang}/floors/{floor.id}"))
        assert floor.name(lang) in page, floor.id
    for space in BUILDING.spaces:
        response = client.get(f"/{lang}/spaces/{space.id}?from=sky-lobby")
        assert response.status_code == 200, space.id
        page = text_of(response)
        assert space.name(lang) in page and space.description(lang) in page, space.id


@pytest.mark.parametrize("lang", LANGS)
def test_every_category_and_facility_kind_page(client: FlaskClient, lang: str) -> None:
    for category in BUILDING.categories:
        assert client.get(f"/{lang}/categories/{category.id}").status_code == 200
    for kind in BUILDING.kinds_present():
        page = text_of(client.get(f"/{lang}/facilities/{kind.id}?kiosk=g-hall"))
        name = kind.name(lang) if kind.name else translate(lang, f"facility.{kind.id}")
        assert name in page, kind.id


def test_a_missing_japanese_text_is_shown_in_english(client: FlaskClient) -> None:
    floor = BUILDING.floor("10f")
    assert not floor.name.has("ja")
    page = text_of(client.get("/ja/floors/10f"))
    assert floor.name("en") in page
    assert "エレベーター" in text_of(client.get("/ja/facilities/lift"))  # the UI catalog is Japanese


def test_a_category_lists_the_facility_kinds_that_belong_to_it(client: FlaskClient) -> None:
    page = text_of(client.get("/en/categories/parking"))
    assert "Car park" in page and 'href="/en/facilities/parking"' in page
    assert "Phone charging" in page


def test_the_buildings_own_kind_uses_its_name_and_shipped_icon(client: FlaskClient) -> None:
    page = text_of(client.get("/ja/facilities/photo-booth"))
    assert "証明写真機" in page and "#fac-atm" in page


def test_language_switch_offers_the_other_two(client: FlaskClient) -> None:
    page = text_of(client.get("/ja/floors/g?kiosk=g-hall"))
    assert 'href="/zh/floors/g?kiosk=g-hall"' in page and 'href="/en/floors/g?kiosk=g-hall"' in page
    assert '<html lang="ja"' in page


def test_a_language_the_building_does_not_speak_is_a_friendly_404(client: FlaskClient) -> None:
    response = client.get("/ko/")
    assert response.status_code == 404
    page = text_of(response)
    for lang in LANGS:
        assert translate(lang, "nav.back_home") in page


def test_routes_change_lifts_between_zones(client: FlaskClient) -> None:
    page = text_of(client.get("/en/spaces/" + _space_on("b1") + "?from=sky-lobby&route=step-free"))
    rides = re.findall(r"Take the (.+?) (?:up|down) to (\w+)<", page)
    assert rides == [("High-zone lifts (G, 7F–11F)", "G"), ("Low-zone lifts (B2–6F)", "B1")], rides


def test_site_css_colours_every_category(client: FlaskClient) -> None:
    css = client.get("/site.css").get_data(as_text=True)
    for category in BUILDING.categories:
        assert f".cat-{category.id} {{ --cat: {category.colour};" in css


def _space_on(floor_id: str) -> str:
    return next(s.id for s in BUILDING.spaces if s.floor == floor_id)
