"""Search that needs no spelling: common words, pinyin candidates, and ways on after nothing found.

On the three buildings: the search page shows a row of the words people look for (the analytics' top
searches when counting is on, else the catalog's usual words and the building's kinds of facility), each one
finding something here; the kiosk keyboard offers the building's Chinese words for typed pinyin ('tsg' offers
图书馆); a search that finds nothing offers the common words, browsing by floor and by category, and the way
to the help desk, all as links.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk.load.loader import load_building
from kiosk.model.building import Building
from kiosk.search.index import build_index, candidates, search
from kiosk.web.serving import LISTENER_KEY, LOBBY
from tests.helpers.buildings import BUNDLED, ROOT, TOWER
from tests.helpers.staff import copy_with_staff

RIVERSIDE = ROOT / "tests" / "buildings" / "riverside.yaml"
BUILDINGS = [BUNDLED, TOWER, RIVERSIDE]
IDS = ["shipped", "tower-v2", "riverside"]


@pytest.fixture(params=BUILDINGS, ids=IDS)
def case(request: pytest.FixtureRequest, make_app: Callable[..., Flask]) -> tuple[Building, FlaskClient]:
    path: Path = request.param
    return load_building(path), make_app(path).test_client()


def _block(page: str, pattern: str) -> str:
    match = re.search(pattern, page, re.S)
    assert match is not None, pattern
    return html_lib.unescape(match.group(0))


def _links(block: str) -> list[tuple[str, str]]:
    return [
        (html_lib.unescape(h), t.strip()) for h, t in re.findall(r'<a class="[^"]*" href="([^"]+)">([^<]+)</a>', block)
    ]


def _found(client: FlaskClient, href: str) -> int:
    page = client.get(href).get_data(as_text=True)
    return page.split('<ul class="results">', 1)[1].split("</ul>", 1)[0].count('class="result"')


def test_the_search_page_offers_common_words_that_each_find_something(case: tuple[Building, FlaskClient]):
    building, client = case
    for lang in building.languages:
        page = client.get(f"/{lang}/search").get_data(as_text=True)
        words = _links(_block(page, r'<nav class="common-words".*?</nav>'))
        assert 3 <= len(words) <= 8, words
        for href, _ in words:
            assert _found(client, href) >= 1, href


def test_top_searches_lead_the_common_words(make_app: Callable[..., Flask], tmp_path: Path):
    app = make_app(copy_with_staff(TOWER, tmp_path), RELOAD_SECONDS=0.0)
    lobby = app.test_client()
    lobby.environ_base.update({LISTENER_KEY: LOBBY})
    for word in ["护照", "护照", "护照", "公积金", "公积金", "zzqq", "zzqq", "zzqq", "zzqq"]:
        assert lobby.post("/count/search?kiosk=g-hall", data={"q": word}).status_code == 204
    app.extensions["kiosk.staff.analytics"].flush()
    page = app.test_client().get("/zh/search").get_data(as_text=True)
    words = [text for _, text in _links(_block(page, r'<nav class="common-words".*?</nav>'))]
    assert words[:2] == ["护照", "公积金"]  # the most searched first; 'zzqq' found nothing, so it is no target


def test_the_kiosk_keyboard_offers_the_buildings_chinese_words():
    assert candidates(build_index(load_building(BUNDLED)), "tsg") == ["图书馆"]
    assert candidates(build_index(load_building(BUNDLED)), "ts")[:2] == ["图书馆", "图书室"]
    for path in BUILDINGS:
        building = load_building(path)
        index = build_index(building)
        assert "厕所" in candidates(index, "cs") and "电梯" in candidates(index, "dt")
        assert candidates(index, "zzzzzz") == [] and candidates(index, "图") == []
        for space in building.spaces:
            word = space.name("zh")
            offered = [text for entry in index for text, full, initials in entry["words"] if text == word]
            if offered:  # every Chinese name is offered for its initials, and finds its space
                initials = next(i for e in index for t, _, i in e["words"] if t == word)
                assert word in candidates(index, initials, limit=50), word
                assert any(e["id"] == space.id for e in search(index, word))


def test_the_kiosk_search_page_has_the_candidate_row(make_app: Callable[..., Flask]):
    page = make_app(BUNDLED).test_client().get("/zh/search?kiosk=lobby").get_data(as_text=True)
    assert 'class="keyboard-row keyboard-candidates"' in page


@pytest.mark.parametrize("query", ["wifi", "kafei", "zzzz"])
def test_nothing_found_offers_ways_on_as_targets(case: tuple[Building, FlaskClient], query: str):
    building, client = case
    lang = building.languages[0]
    page = client.get(f"/{lang}/search?q={query}").get_data(as_text=True)
    assert _found(client, f"/{lang}/search?q={query}") == 0
    block = _block(page, r'<div class="nothing-found">.*?</div>')
    links = _links(block)
    hrefs = [href for href, _ in links]
    assert any("/search?q=" in h for h in hrefs)  # the common words
    floors = [h for h in hrefs if "/floors/" in h]
    assert len(floors) == len(building.floors)
    assert any("/categories/" in h for h in hrefs)
    desk = building.space(building.settings.help_desk) if building.settings.help_desk else None
    if desk is not None:
        assert f"/spaces/{desk.id}" in hrefs[0]  # the help desk first: the surest way on
    for href in hrefs:
        assert client.get(href).status_code == 200, href


def test_a_search_that_finds_something_hides_the_ways_on(client: FlaskClient):
    page = client.get("/zh/search?q=tsg").get_data(as_text=True)
    assert '<div class="nothing-found" hidden>' in page
