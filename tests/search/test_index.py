"""Search: what visitors type finds what they mean, ranked sensibly; the page works without JS."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from kiosk.load.loader import load_building
from kiosk.load.site import build_site
from kiosk.search.index import (
    ALIAS,
    CONTAINS,
    EXACT,
    INITIALS,
    MAX_RESULTS,
    NAME,
    PREFIX,
    TYPO,
    WEIGHTS,
    WORD,
    Query,
    SearchIndex,
    _pinyin_terms,
    build_index,
    floor_text,
    match_level,
    normalize,
    query_variants,
    score,
    search,
    within_one_edit,
)
from tests.helpers.buildings import BUNDLED, TOWER
from tests.helpers.search_table import (
    BUILDING_QUERIES,
    CAP_EXPECTED,
    CAP_INDEX,
    CAP_QUERY,
    EDITS,
    INDEX,
    LEVELS,
    RANKING,
    entry,
)


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


@pytest.mark.parametrize(("a", "b", "close"), EDITS)
def test_within_one_edit(a: str, b: str, close: bool) -> None:
    assert within_one_edit(a, b) is close
    assert within_one_edit(b, a) is close  # the same distance both ways


@pytest.mark.parametrize(("query", "term", "level"), LEVELS)
def test_match_levels_and_kinds_of_typo(query: str, term: str, level: int | None) -> None:
    assert match_level(Query.of(query), term) == level


@pytest.mark.parametrize(("query", "expected"), RANKING)
def test_ranking_table(query: str, expected: list[str]) -> None:
    assert [e["id"] for e in search(INDEX, query)] == expected


def test_results_are_capped_at_twelve_best_first() -> None:
    assert MAX_RESULTS == 12
    assert [e["id"] for e in search(CAP_INDEX, CAP_QUERY)] == CAP_EXPECTED
    assert [e["id"] for e in search(CAP_INDEX, CAP_QUERY, limit=3)] == CAP_EXPECTED[:3]


def test_scores_combine_level_and_weight() -> None:
    # level × WEIGHTS + weight: a typo in a name still ranks below a contained word.
    entry = {"terms": [["library", NAME], ["books", ALIAS], ["reading", WORD]]}
    assert score(entry, [Query.of("library")]) == EXACT * WEIGHTS + NAME
    assert score(entry, [Query.of("books")]) == EXACT * WEIGHTS + ALIAS
    assert score(entry, [Query.of("reading")]) == EXACT * WEIGHTS + WORD
    assert score(entry, [Query.of("boo")]) == PREFIX * WEIGHTS + ALIAS
    assert score(entry, [Query.of("adin")]) == CONTAINS * WEIGHTS + WORD
    assert score(entry, [Query.of("libary")]) == TYPO * WEIGHTS + NAME
    assert score(entry, [Query.of("zzzz")]) is None
    # Initials weigh least, and are never guessed at: four letters are one edit from too many of them.
    initials = {"terms": [["zzpzj", INITIALS], ["tsg", INITIALS]]}
    assert score(initials, [Query.of("tsg")]) == EXACT * WEIGHTS + INITIALS
    assert score(initials, [Query.of("zzzz")]) is None and score(initials, [Query.of("zzpz")]) is not None
    # The best of several matching terms and several query variants wins.
    assert score(entry, [Query.of("readi"), Query.of("books")]) == EXACT * WEIGHTS + ALIAS


@pytest.mark.parametrize("path", [BUNDLED, TOWER], ids=["bundled", "tower"])
def test_names_weigh_more_than_aliases_and_aliases_more_than_words(path) -> None:
    building = load_building(path)
    index = build_index(building)
    for space in building.spaces:
        entry = next(e for e in index if e["kind"] == "space" and e["id"] == space.id)
        weights = dict(entry["terms"])
        for text in space.name.root.values():
            assert weights[normalize(text)] == NAME, (space.id, text)
            words = text.split()
            if len(words) > 1:
                assert all(weights[normalize(word)] <= WORD for word in words), (space.id, text)
        for alias in space.aliases:
            assert weights[normalize(alias)] <= ALIAS, (space.id, alias)


def test_pinyin_and_initials_are_terms_of_chinese_names_only() -> None:
    index = build_index(load_building(BUNDLED))
    library = dict(next(e for e in index if e["id"] == "library")["terms"])
    assert library["tushuguan"] == NAME and library["tsg"] == INITIALS and library["library"] == NAME
    gym = dict(next(e for e in index if e["id"] == "public-gym")["terms"])
    assert gym["bxjsf"] == INITIALS
    # An English-only text gets no pinyin: "library" has no initials "l".
    assert "l" not in library


def test_a_query_without_tone_digits_is_searched_once() -> None:
    assert query_variants("library") == ["library"]
    assert query_variants("图书馆3") == ["图书馆3"]  # a digit after a Chinese character is not a tone
    assert query_variants("3d") == ["3d"]


def test_pinyin_covers_the_whole_cjk_range_and_initials_skip_what_is_not_chinese() -> None:
    assert _pinyin_terms("3D打印室") == ("3ddayinshi", "dys")
    assert _pinyin_terms("Library") == ("", "")
    assert _pinyin_terms("\u3400") != ("", "") and _pinyin_terms("\u9fff") != ("", "")  # the first and last code points
    assert _pinyin_terms("\u33ff") == ("", "") and _pinyin_terms("\ua000") == ("", "")  # just outside them


@pytest.mark.parametrize("path", [BUNDLED, TOWER], ids=["bundled", "tower"])
def test_space_entries_carry_their_floor_label_and_order(path) -> None:
    building = load_building(path)
    spaces = [e for e in build_index(building) if e["kind"] == "space"]
    assert [e["id"] for e in spaces] == [s.id for s in building.spaces]
    for space, found in zip(building.spaces, spaces, strict=True):
        floor = building.floor(space.floor)
        assert found["floor"] == floor.label and found["order"] == floor.order, space.id
        assert found["label"] == {lang: space.name(lang) for lang in building.languages}
    if path == TOWER:
        assert {e["order"] for e in spaces} >= {-1, 1, 11}  # a basement sorts below the ground floor


def test_facility_entries_say_on_which_floors_in_every_language() -> None:
    bundled = {e["id"]: e for e in build_index(load_building(BUNDLED)) if e["kind"] == "facility"}
    toilet = bundled["toilet"]
    assert toilet["label"] == {"zh": "卫生间", "en": "Toilets"} and toilet["order"] == 1
    assert toilet["floor"] == {"zh": "每层都有", "en": "On every floor"}
    assert bundled["nursing-room"]["floor"] == {"zh": "位于 1F 2F", "en": "On 1F 2F"}
    tower = {e["id"]: e for e in build_index(load_building(TOWER)) if e["kind"] == "facility"}
    labels = "B1 G 2F 3F 4F 5F 6F 7F 8F 9F 11F"
    assert tower["toilet"]["floor"] == {"zh": f"位于 {labels}", "en": f"On {labels}", "ja": f"{labels}にあります"}
    assert tower["toilet"]["order"] == -1  # its lowest floor, B1
    assert floor_text(tower["toilet"], "ja") == f"{labels}にあります"
    assert floor_text(bundled["toilet"], "fr") == ""  # never "None" on a button
    assert floor_text(next(e for e in build_index(load_building(BUNDLED)) if e["id"] == "library"), "en") == "3F"


def test_facility_entries_hold_their_own_names_and_aliases_only() -> None:
    tower = {e["id"]: dict(e["terms"]) for e in build_index(load_building(TOWER)) if e["kind"] == "facility"}
    assert tower["lift"]["低区电梯"] == NAME and tower["lift"]["高区电梯"] == NAME  # the lifts' own names
    assert tower["toilet"]["cesuo"] == ALIAS and "cesuo" not in tower["lift"]
    assert "低区电梯" not in tower["toilet"]


TINY_JAPANESE = """\
languages: [ja]
building: {id: tiny, name: {ja: 小さな図書館}, address: {ja: 東京都}, timezone: Asia/Tokyo, hours: 24/7}
floors:
  - {id: 1f, order: 1, label: 1F, name: {ja: 一階}}
  - {id: 2f, order: 2, label: 2F, name: {ja: 二階}}
facilities:
  - {id: wc-1, kind: toilet, floors: [1f], location: {ja: 一階}, name: {ja: 一階のトイレ}, aliases: [お手洗い]}
"""


def test_a_kind_of_facility_is_found_by_its_chinese_and_english_names_in_any_building(tmp_path) -> None:
    path = tmp_path / "floors.yaml"
    path.write_text(TINY_JAPANESE, encoding="utf-8")
    (toilet,) = build_index(load_building(path))
    assert {k: toilet[k] for k in ("kind", "id", "label", "floor", "order")} == {
        "kind": "facility",
        "id": "toilet",
        "label": {"ja": "トイレ"},
        "floor": {"ja": "1Fにあります"},
        "order": 1,
    }
    terms = dict(toilet["terms"])
    assert terms["トイレ"] == terms["卫生间"] == terms["toilets"] == terms["一階のトイレ"] == NAME
    assert terms["お手洗い"] == ALIAS
    for query in ("toilet", "卫生间", "トイレ", "お手洗い"):
        assert [e["id"] for e in search([toilet], query)] == ["toilet"], query


def test_a_space_and_a_kind_of_facility_may_share_an_id_and_a_score() -> None:
    space = {**entry("lift", 1, ("lift", NAME)), "kind": "space"}
    kind = {**entry("lift", 1, ("lift", NAME)), "kind": "facility"}
    assert search([space, kind], "lift") == [space, kind]  # a tie keeps the index order, never compares entries


def test_query_objects_know_whether_typos_are_allowed() -> None:
    assert Query.of("libr") == Query("libr", latin=True, typo_ok=True)
    assert Query.of("lib") == Query("lib", latin=True, typo_ok=False)
    assert Query.of("图书馆图") == Query("图书馆图", latin=False, typo_ok=False)
    assert Query.of("l1b2") == Query("l1b2", latin=True, typo_ok=True)


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
    assert "Nothing found for &#34;zzzzqqq&#34;" in page  # straight quotes, escaped


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

    from kiosk.search import build as searchbuild

    building = load_building(BUNDLED)
    monkeypatch.setattr(searchbuild, "_in_child", True)
    monkeypatch.delitem(sys.modules, "pypinyin", raising=False)
    from_child = searchbuild.build_index_isolated(building)
    assert "pypinyin" not in sys.modules  # its dictionaries stayed in the child
    assert from_child == build_index(building)


def test_a_site_loaded_under_kiosk_serve_gets_its_index_from_the_child(monkeypatch):
    """`Site.search_index` is the child's, for the second building (three languages) too."""
    import sys

    from kiosk.load.store import BuildingStore
    from kiosk.search import build as searchbuild
    from tests.helpers.buildings import TOWER

    monkeypatch.setattr(searchbuild, "_in_child", True)
    monkeypatch.delitem(sys.modules, "pypinyin", raising=False)
    site = BuildingStore(TOWER).site
    assert "pypinyin" not in sys.modules
    assert isinstance(site.search_index, tuple)
    assert site.search_index == build_index(site.building)
    assert any(entry["label"].get("ja") for entry in site.search_index)
    assert search(site.search_index, "tsg") == search(build_index(site.building), "tsg")


def test_when_the_child_cannot_run_the_index_is_made_here(monkeypatch):
    from kiosk.search import build as searchbuild

    building = load_building(BUNDLED)
    monkeypatch.setattr(searchbuild, "_in_child", True)
    monkeypatch.setattr(searchbuild.sys, "executable", "/nonexistent/python")
    searchbuild._index_json.cache_clear()
    assert searchbuild.build_index_isolated(building) == build_index(building)
    searchbuild._index_json.cache_clear()


# --- the buildings' own words: precision and recall ---------------------------------------------

_BUILDING_PATHS = {
    "shipped": BUNDLED,
    "tower-v2": TOWER,
    "riverside": BUNDLED.parent / "tests" / "buildings" / "riverside.yaml",
}


@pytest.fixture(scope="module")
def building_indexes() -> dict[str, SearchIndex]:
    return {name: build_index(load_building(path)) for name, path in _BUILDING_PATHS.items()}


def test_each_building_has_a_table_of_sixty_queries_or_more() -> None:
    for name, rows in BUILDING_QUERIES.items():
        assert len({query for query, _, _ in rows}) >= 60, name


@pytest.mark.parametrize(
    ("building", "query", "first", "absent"),
    [(name, *row) for name, rows in BUILDING_QUERIES.items() for row in rows],
)
def test_building_search_table(building_indexes, building: str, query: str, first, absent) -> None:
    found = [entry["id"] for entry in search(building_indexes[building], query)]
    if first is None:
        assert found == [], (query, found)
    else:
        assert found and found[0] == first, (query, found)
    assert not set(absent) & set(found), (query, found)
