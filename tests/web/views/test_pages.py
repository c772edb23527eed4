"""The pages as a visitor meets them, through the Flask test client."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient

from kiosk.load.loader import load_building
from kiosk.model.i18n import translate
from tests.helpers.buildings import BUNDLED, SHANGHAI

BUILDING = load_building(BUNDLED)
LANGS = ("zh", "en")


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_root_redirects_to_the_browser_language(client: FlaskClient) -> None:
    assert client.get("/").headers["Location"] == "/zh/"
    assert client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).headers["Location"] == "/en/"
    assert client.get("/", headers={"Accept-Language": "fr-FR, en;q=0.5, zh;q=0.8"}).headers["Location"] == "/zh/"
    assert client.get("/", headers={"Accept-Language": "de"}).headers["Location"] == "/zh/"


def test_a_kiosk_starts_in_chinese_and_keeps_its_id(client: FlaskClient) -> None:
    response = client.get("/?kiosk=lobby", headers={"Accept-Language": "en"})
    assert response.headers["Location"] == "/zh/?kiosk=lobby"


@pytest.mark.parametrize("lang", LANGS)
def test_home_shows_the_building_hours_floors_and_categories(client: FlaskClient, lang: str) -> None:
    page = text_of(client.get(f"/{lang}/"))
    info = BUILDING.building
    assert info.name(lang) in page and info.address(lang) in page
    assert translate(lang, "hours.open_now") in page
    assert "08:30–17:00" in page
    # floors stacked from the top: 7F appears before 1F
    assert page.index(">7F<") < page.index(">1F<")
    for floor in BUILDING.floors:
        assert f'href="/{lang}/floors/{floor.id}"' in page
    for category in ("culture", "learning", "sport", "family", "services"):
        assert f'href="/{lang}/categories/{category}"' in page
    assert f'href="/{lang}/facilities/"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_home_shows_current_notices_only(client: FlaskClient, lang: str) -> None:
    page = text_of(client.get(f"/{lang}/"))
    current, _, expired = BUILDING.notices
    assert current.text(lang) in page
    assert expired.text(lang) not in page  # it ended in 2022


def test_closed_building_says_when_it_opens(client: FlaskClient, clock) -> None:
    clock["now"] = dt.datetime(2026, 11, 27, 18, 0, tzinfo=SHANGHAI)
    page = text_of(client.get("/en/"))
    assert "Closed now" in page and "opens tomorrow 08:30" in page
    page = text_of(client.get("/zh/"))
    assert "已闭馆" in page and "明天 08:30 开放" in page


def test_a_space_closed_today_is_shown_not_hidden(client: FlaskClient, clock) -> None:
    clock["now"] = dt.datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI)  # a Saturday
    page = text_of(client.get("/en/floors/2f"))
    assert "Baby Day Care" in page
    assert "Closed now" in page and "opens Monday 08:30" in page


def test_gallery_closed_on_monday(client: FlaskClient, clock) -> None:
    clock["now"] = dt.datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)  # a Monday
    page = text_of(client.get("/en/spaces/art-exhibition-hall"))
    assert "Closed now" in page and "tomorrow 08:30" in page and "Closed today" in page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("floor", BUILDING.floors, ids=lambda f: f.id)
def test_every_floor_page(client: FlaskClient, lang: str, floor) -> None:
    response = client.get(f"/{lang}/floors/{floor.id}")
    assert response.status_code == 200
    page = text_of(response)
    assert floor.name(lang) in page and floor.label in page
    for space in BUILDING.spaces_on(floor.id):
        assert space.name(lang) in page
        assert f'href="/{lang}/spaces/{space.id}"' in page
    for facility in BUILDING.facilities_on(floor.id):
        assert f'href="/{lang}/facilities/{facility.kind}"' in page
    assert f'href="/{lang}/"' in page  # a way home


def test_floor_pages_link_up_and_down(client: FlaskClient) -> None:
    page = text_of(client.get("/en/floors/3f"))
    assert 'href="/en/floors/4f"' in page and "Up to 4F" in page
    assert 'href="/en/floors/2f"' in page and "Down to 2F" in page
    top = text_of(client.get("/en/floors/7f"))
    assert "Up to" not in top and "Down to 6F" in top
    assert "Down to" not in text_of(client.get("/en/floors/1f"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("space", BUILDING.spaces, ids=lambda s: s.id)
def test_every_space_page(client: FlaskClient, lang: str, space) -> None:
    response = client.get(f"/{lang}/spaces/{space.id}")
    assert response.status_code == 200
    page = text_of(response)
    floor = BUILDING.floor(space.floor)
    for expected in (space.name(lang), space.description(lang), space.location(lang), floor.label):
        assert str(expected).replace("'", "&#39;") in page
    assert translate(lang, f"category.{space.category}") in page
    assert f'href="/{lang}/floors/{floor.id}"' in page
    assert f'href="/{lang}/"' in page


def test_space_page_lists_facilities_near_it(client: FlaskClient) -> None:
    page = text_of(client.get("/en/spaces/library"))
    assert 'href="/en/facilities/toilet"' in page and 'href="/en/facilities/lift"' in page
    assert 'href="/en/facilities/nursing-room"' not in page  # none on 3F


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", [k.id for k in BUILDING.kinds_present()])
def test_every_facility_page(client: FlaskClient, lang: str, kind: str) -> None:
    response = client.get(f"/{lang}/facilities/{kind}")
    assert response.status_code == 200
    page = text_of(response)
    assert translate(lang, f"facility.{kind}") in page
    for facility in BUILDING.facilities_of(kind):
        assert facility.location(lang) in page
        for floor_id in facility.floors:
            assert f'href="/{lang}/floors/{floor_id}"' in page


def test_facilities_overview_says_where_each_kind_is(client: FlaskClient) -> None:
    page = text_of(client.get("/en/facilities/"))
    assert "Toilets" in page and "On every floor" in page
    assert "Nursing room" in page and "On 1F 2F" in page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("category", ["culture", "learning", "sport", "family", "services"])
def test_every_category_page(client: FlaskClient, lang: str, category: str) -> None:
    page = text_of(client.get(f"/{lang}/categories/{category}"))
    for space in BUILDING.spaces:
        assert (space.name(lang) in page) == (space.category == category), space.id


def test_language_switch_leads_to_the_same_page(client: FlaskClient) -> None:
    page = text_of(client.get("/zh/spaces/library"))
    assert re.search(r'class="topbar-lang button" href="/en/spaces/library"', page)
    page = text_of(client.get("/en/floors/3f"))
    assert 'href="/zh/floors/3f"' in page and ">中文<" in page


def test_pages_declare_their_language(client: FlaskClient) -> None:
    assert '<html lang="zh-CN"' in text_of(client.get("/zh/"))
    assert '<html lang="en"' in text_of(client.get("/en/"))


def test_kiosk_mode_travels_with_every_link(client: FlaskClient) -> None:
    page = text_of(client.get("/zh/?kiosk=lobby"))
    assert 'class="mode-kiosk' in page
    links = re.findall(r'href="(/(?:zh|en)/[^"]*)"', page)
    assert links and all("kiosk=lobby" in link for link in links), links
    assert "您在这里" in page  # the lobby's floor on the stack


def test_phone_view_has_no_kiosk_mode(client: FlaskClient) -> None:
    page = text_of(client.get("/zh/"))
    assert 'class="mode-web' in page and "kiosk=" not in page


def test_unknown_kiosk_id_is_ignored(client: FlaskClient) -> None:
    page = text_of(client.get("/zh/?kiosk=<script>alert(1)</script>"))
    assert 'class="mode-web' in page and "<script>alert" not in page


def test_from_parameter_marks_where_the_phone_scanned(client: FlaskClient) -> None:
    page = text_of(client.get("/en/facilities/toilet?from=lobby"))
    assert "You are here" in page and 'class="mode-web' in page
    assert 'href="/en/floors/1f?from=lobby"' in page


# --- errors ---------------------------------------------------------------------------------

NOT_FOUND = [
    "/zh/floors/9f",
    "/en/spaces/nope",
    "/en/spaces/LIBRARY",
    "/en/facilities/teleporter",
    "/en/categories/food",
    "/fr/",
    "/en/spaces/",
    "/static/nope.css",
    "/zh/spaces/%E5%9B%BE%E4%B9%A6%E9%A6%86",
    "/en/spaces/" + "a" * 5000,
    "/zh/floors/..%2f..%2fetc%2fpasswd",
    "/%00",
]


HEADER_LINKS = re.compile(r'<a class="topbar-(home|search|lang) button" href="([^"]*)"')


def header_links(page: str) -> dict[str, list[str]]:
    """The header's links by kind: home, search and the language switch."""
    found: dict[str, list[str]] = {}
    for kind, href in HEADER_LINKS.findall(page):
        found.setdefault(kind, []).append(href)
    return found


@pytest.mark.parametrize("url", NOT_FOUND)
def test_unknown_pages_get_a_friendly_bilingual_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404, url
    page = text_of(response)
    assert "找不到这个页面" in page and "Page not found" in page
    assert '<a class="button button-primary" href="/zh/" lang="zh-CN">返回首页</a>' in page
    assert '<a class="button button-primary" href="/en/" lang="en">Back to home</a>' in page
    links = header_links(page)
    assert links["home"] and links["search"] and links["lang"], url
    assert all(href.startswith("/") and "None" not in href for hrefs in links.values() for href in hrefs), links


def test_a_language_without_its_slash_is_redirected_not_lost(client: FlaskClient) -> None:
    response = client.get("/zh")
    assert response.status_code == 308 and response.headers["Location"].endswith("/zh/")


# URLs that no route matches, or whose language the building does not speak: the page has no
# "same page in another language", so the language switch goes to the home pages.
NO_PAGE = ["/fr/", "/xx/yy", "/%00", "/static/nope.css", "/en/spaces/library/", "/ZH/"]


@pytest.mark.parametrize("url", NO_PAGE)
def test_the_language_switch_of_a_page_that_does_not_exist_leads_home(client: FlaskClient, url: str) -> None:
    page = text_of(client.get(url))
    links = header_links(page)
    assert links == {"home": ["/zh/"], "search": ["/zh/search"], "lang": ["/en/"]}, url
    assert '<html lang="zh-CN"' in page
    home = client.get(links["lang"][0])
    assert home.status_code == 200 and "Xinjing Town Public Service Complex" in text_of(home)


@pytest.mark.parametrize("url", ["/fr/", "/xx/yy", "/zh-cn/", "/en/floors/g/x"])
def test_in_a_three_language_building_the_switch_leads_to_each_other_home(make_app, url: str) -> None:
    from tests.helpers.buildings import TOWER

    client = make_app(TOWER).test_client()
    response = client.get(url, query_string={"kiosk": "nope", "text": "large"})
    assert response.status_code == 404
    links = header_links(text_of(response))
    assert links["lang"] == ["/en/?text=large", "/ja/?text=large"], url  # carried choices stay, junk goes
    for href, lang in zip(links["lang"], ("en", "ja"), strict=True):
        home = client.get(href)
        assert home.status_code == 200 and f'<html lang="{lang}" class="mode-web text-large">' in text_of(home)


def test_a_page_asked_in_an_unknown_language_switches_to_it_in_a_known_one(client: FlaskClient) -> None:
    page = text_of(client.get("/fr/spaces/library?kiosk=lobby"))
    assert header_links(page)["lang"] == ["/en/spaces/library?kiosk=lobby"]
    assert "Library" in text_of(client.get("/en/spaces/library?kiosk=lobby"))


def test_a_missing_page_in_a_known_language_switches_to_the_same_path(client: FlaskClient) -> None:
    page = text_of(client.get("/en/spaces/nope?kiosk=lobby"))
    assert header_links(page) == {
        "home": ["/en/?kiosk=lobby"],
        "search": ["/en/search?kiosk=lobby"],
        "lang": ["/zh/spaces/nope?kiosk=lobby"],
    }
    assert '<html lang="en" class="mode-kiosk">' in page


ODD_QUERIES = [
    ("/zh/?kiosk=" + "x" * 10000, "zh", "新泾镇公共服务综合楼", "mode-web"),
    ("/en/?q=%00%ff%fe", "en", "Xinjing Town Public Service Complex", "mode-web"),
    ("/en/floors/3f?kiosk=lobby&kiosk=other&from[]=1", "en", "Library", "mode-kiosk"),
    ("/zh/spaces/library?from=%F0%9F%98%80", "zh", "图书馆", "mode-web"),
    ("/en/?text=large&route=step-free&lang=xx", "en", "Xinjing Town Public Service Complex", "mode-web text-large"),
]


@pytest.mark.parametrize(("url", "lang", "heading", "mode"), ODD_QUERIES, ids=lambda v: str(v)[:30])
def test_odd_queries_never_break_a_page(client: FlaskClient, url: str, lang: str, heading: str, mode: str) -> None:
    response = client.get(url, headers={"Accept-Language": "x" * 3000})
    assert response.status_code == 200, url
    page = text_of(response)
    assert f'<html lang="{"zh-CN" if lang == "zh" else lang}" class="{mode}">' in page
    assert re.search(r"<h1>.*" + re.escape(heading) + r".*</h1>", page), url
    assert header_links(page)["home"][0].startswith(f"/{lang}/")
    assert "xxxxxxxx" not in page and "\x00" not in page and "other" not in page


def test_an_odd_kiosk_on_the_root_is_dropped_on_the_way_in(client: FlaskClient) -> None:
    response = client.get("/?kiosk=%E2%80%AE", headers={"Accept-Language": "x" * 3000})
    assert response.status_code == 302 and response.headers["Location"] == "/zh/"


def test_wrong_method_is_friendly(client: FlaskClient) -> None:
    response = client.post("/zh/")
    assert response.status_code == 405
    assert "返回首页" in text_of(response)


def test_an_unexpected_error_still_gets_a_page(app, client: FlaskClient) -> None:
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert "出了点问题" in text_of(response) and "went wrong" in text_of(response)


# --- health and assets ----------------------------------------------------------------------


def test_healthz(client: FlaskClient) -> None:
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["file"].endswith("floors.yaml")
    assert body["counts"] == {"floors": 7, "spaces": 16, "facilities": 21, "kiosks": 1, "notices": 3}


@pytest.mark.parametrize("url", ["/zh/", "/en/floors/1f", "/zh/spaces/library?kiosk=lobby", "/en/facilities/toilet"])
def test_nothing_loads_from_another_origin(client: FlaskClient, url: str) -> None:
    page = text_of(client.get(url))
    assert not re.search(r'(src|href)="(https?:)?//', page), url
    css = text_of(client.get("/static/kiosk.css"))
    assert "url(" not in css and "@import" not in css


def test_static_assets_are_served(client: FlaskClient) -> None:
    assert client.get("/static/kiosk.css").status_code == 200
    icons = client.get("/static/icons.svg")
    assert icons.status_code == 200 and b'id="fac-toilet"' in icons.data


def test_facility_page_lists_the_visitors_floor_first(client: FlaskClient) -> None:
    page = text_of(client.get("/en/facilities/toilet?from=lobby"))
    positions = [page.index(f'href="/en/floors/{n}f?from=lobby"') for n in (1, 2, 3, 7)]
    assert positions == sorted(positions)
    web = text_of(client.get("/en/facilities/toilet"))
    assert web.index('href="/en/floors/7f"') < web.index('href="/en/floors/1f"')


def test_pages_forbid_other_origins_and_are_never_cached_stale(client: FlaskClient) -> None:
    response = client.get("/zh/?kiosk=lobby")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "http" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "no-cache" not in client.get("/static/kiosk.css").headers.get("Cache-Control", "")
