"""Search: what visitors type finds what they mean, ranked sensibly; the page works without JS."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from kiosk.loader import load_building
from kiosk.search import build_index, normalize, query_variants, search, within_one_edit
from kiosk.site import build_site
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def index() -> list[dict]:
    return build_index(load_building(BUNDLED))


def first(index: list[dict], query: str) -> str | None:
    found = search(index, query)
    return found[0]["id"] if found else None


@pytest.mark.parametrize(
    "query",
    [
        "图书馆",
        "图书",
        "书馆",
        "tushuguan",
        "tu shu guan",
        "TuShuGuan",
        "tú shū guǎn",
        "tu2 shu1 guan3",
        "tsg",
        "library",
        "Library",
    ],
)
def test_the_library_is_found_every_way(index, query):
    assert first(index, query) == "library"


@pytest.mark.parametrize(
    "query", ["厕所", "洗手间", "卫生间", "WC", "restroom", "toilet", "toilets", "cesuo", "xishoujian"]
)
def test_toilet_aliases_from_floors_yaml_find_the_toilets(index, query):
    assert first(index, query) == "toilet"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("gym", "public-gym"), ("健身", "public-gym"), ("bxjsf", "public-gym"), ("lift", "lift"), ("电梯", "lift")],
)
def test_english_chinese_and_initials(index, query, expected):
    assert first(index, query) == expected


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("libary", "library"),
        ("librray", "library"),
        ("tushugaun", "library"),
        ("toliet", "toilet"),
        ("tushugua", "library"),
    ],
)
def test_one_typo_is_forgiven_in_english_and_pinyin(index, typo, expected):
    assert first(index, typo) == expected


def test_two_typos_and_short_typos_find_nothing(index):
    assert search(index, "lbrarx") == []
    assert first(index, "gim") != "public-gym"  # three letters: too short to guess


def test_exact_name_ranks_before_prefix_before_the_rest(index):
    # "art": no exact name; words that start with it (Art Exhibition Hall, Hongqiao Art Space)
    # come before names that merely contain it (Party-Member ...).
    ids = [e["id"] for e in search(index, "art")]
    assert ids.index("art-exhibition-hall") < ids.index("party-liaison")
    # The whole name "Toilets" (prefix) and alias "toilet" (exact) beat "Accessible toilet".
    ids = [e["id"] for e in search(index, "toilet")]
    assert ids[:2] == ["toilet", "accessible-toilet"]


def test_ties_go_to_the_lower_floor():
    def entry(id_: str, order: int) -> dict:
        return {"id": id_, "order": order, "label": {"en": id_, "zh": id_}, "terms": [["hall", 0]]}

    found = search([entry("high", 7), entry("low", 2), entry("middle", 4)], "hall")
    assert [e["id"] for e in found] == ["low", "middle", "high"]


def test_results_say_the_floor(index):
    library = search(index, "tsg")[0]
    assert library["floor"] == "3F"
    toilets = search(index, "toilet")[0]
    assert toilets["floor"] == {"zh": "每层都有", "en": "On every floor"}


def test_pinyin_is_computed_not_typed_into_floors_yaml():
    text = BUNDLED.read_text(encoding="utf-8")
    assert "tushuguan" not in text
    assert re.search(r"\btsg\b", text) is None


def test_normalize_drops_tones_case_spaces_and_punctuation():
    assert normalize(" Tú-Shū  Guǎn！") == "tushuguan"
    assert normalize("ＷＣ") == "wc"  # full-width letters from a Chinese keyboard
    assert query_variants("tu2shu1guan3") == ["tu2shu1guan3", "tushuguan"]
    assert query_variants("  ") == []


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("libary", "library", True),
        ("library", "libary", True),
        ("tushugaun", "tushuguan", True),
        ("abcd", "abxd", True),
        ("abcd", "badc", False),
        ("abcd", "ab", False),
        ("gym", "gym", True),
    ],
)
def test_within_one_edit(a, b, close):
    assert within_one_edit(a, b) is close


def test_the_index_is_built_once_per_loaded_site(app):
    store = app.extensions["kiosk.store"]
    built = store.current().search_index
    assert store.current().search_index is built
    content = BUNDLED.read_bytes()
    reloaded = build_site(load_building(BUNDLED), content, BUNDLED)  # what the store does on an edit
    assert reloaded.search_index is not built
    assert reloaded.search_index == built
    assert reloaded.version == store.current().version  # same bytes, same version


def test_search_page_renders_results_on_the_server(client: FlaskClient):
    page = client.get("/zh/search?q=tsg").get_data(as_text=True)
    assert "找到 1 个结果" in page
    assert 'href="/zh/spaces/library"' in page and "图书馆" in page and ">3F<" in page


def test_search_page_keeps_kiosk_mode_and_large_text(client: FlaskClient):
    page = client.get("/en/search?q=toilet&kiosk=lobby&text=large").get_data(as_text=True)
    assert 'href="/en/facilities/toilet?kiosk=lobby&amp;text=large"' in page
    assert 'name="kiosk" value="lobby"' in page and 'name="text" value="large"' in page
    assert "On every floor" in page
    assert 'class="keyboard"' in page


def test_search_page_says_when_nothing_is_found(client: FlaskClient):
    page = client.get("/en/search?q=zzzzqqq").get_data(as_text=True)
    assert "Nothing found for “zzzzqqq”" in page


@pytest.mark.parametrize("query", ["", "<script>alert(1)</script>", "x" * 5000, "%", "\u0000", "图" * 200])
def test_any_query_is_a_friendly_page(client: FlaskClient, query):
    response = client.get("/zh/search", query_string={"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.get_data(as_text=True)


def test_index_json_is_the_same_data_the_server_ranks_with(client: FlaskClient, app):
    response = client.get("/search-index.json")
    assert response.status_code == 200
    expected = list(app.extensions["kiosk.store"].current().search_index)
    assert response.get_json() == expected
    again = client.get("/search-index.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_server_builds_the_index_in_a_child_process_with_the_same_result(monkeypatch):
    import sys

    from kiosk import searchbuild

    building = load_building(BUNDLED)
    monkeypatch.setattr(searchbuild, "_in_child", True)
    monkeypatch.delitem(sys.modules, "pypinyin", raising=False)
    from_child = searchbuild.build_index_isolated(building)
    assert "pypinyin" not in sys.modules  # its dictionaries stayed in the child
    assert from_child == build_index(building)


def test_a_site_loaded_under_kiosk_serve_gets_its_index_from_the_child(monkeypatch):
    """`Site.search_index` is the child's, for the second building (three languages) too."""
    import sys

    from kiosk import searchbuild
    from kiosk.store import BuildingStore
    from tests.conftest import TOWER

    monkeypatch.setattr(searchbuild, "_in_child", True)
    monkeypatch.delitem(sys.modules, "pypinyin", raising=False)
    site = BuildingStore(TOWER).site
    assert "pypinyin" not in sys.modules
    assert isinstance(site.search_index, tuple)
    assert site.search_index == build_index(site.building)
    assert any(entry["label"].get("ja") for entry in site.search_index)
    assert search(site.search_index, "tsg") == search(build_index(site.building), "tsg")


def test_when_the_child_cannot_run_the_index_is_made_here(monkeypatch):
    from kiosk import searchbuild

    building = load_building(BUNDLED)
    monkeypatch.setattr(searchbuild, "_in_child", True)
    monkeypatch.setattr(searchbuild.sys, "executable", "/nonexistent/python")
    searchbuild._index_json.cache_clear()
    assert searchbuild.build_index_isolated(building) == build_index(building)
    searchbuild._index_json.cache_clear()
