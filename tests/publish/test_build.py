"""`kiosk build OUT`: the phone site as static files, crawled through a plain static file server."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from kiosk import create_app
from kiosk.cli import main
from kiosk.load.loader import load_building
from kiosk.publish.build import build_site
from tests.helpers.buildings import BUNDLED, FRIDAY_MORNING, TOWER
from tests.helpers.servers import static_server

PUBLIC_URL = "https://kiosk.example.org"
LINK = re.compile(r'(?:href|src)="([^"#]+)[^"]*"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    app = create_app(BUNDLED, {"TESTING": True, "CLOCK": lambda: FRIDAY_MORNING, "PUBLIC_URL": PUBLIC_URL})
    build_site(app, out)
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with static_server(site) as base:
        yield base


def crawl(base: str, start: list[str]) -> set[str]:
    """Every path reachable by links and sources from `start` on the static server; fails on any 404."""
    seen, queue = set(), list(start)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        with urllib.request.urlopen(base + path, timeout=5) as response:  # raises on 404
            assert response.status == 200, path
            if "text/html" not in response.headers.get("Content-Type", ""):
                continue
            html = response.read().decode("utf-8")
        for link in LINK.findall(html):
            target = urlsplit(urljoin(base + path, link))
            if target.netloc == urlsplit(base).netloc:
                queue.append(target.path)
    return seen


def test_every_page_in_every_language_with_and_without_from(site: Path):
    for lang in ("zh", "en"):
        assert (site / lang / "index.html").is_file()
        assert (site / lang / "spaces" / "library" / "index.html").is_file()
        with_from = (site / lang / "spaces" / "library" / "from-lobby.html").read_text(encoding="utf-8")
        assert "directions" in with_from or "怎么走" in with_from
        assert (site / lang / "search" / "index.html").is_file()
    assert json.loads((site / "search-index.json").read_text(encoding="utf-8"))


CHOICE = re.compile(r'href="([^"?]*)\?from=([^"#&]+)#directions"')


def where_are_you_choices(page: str) -> list[str]:
    """The `from` values a space page's "where are you?" offers, in the order it offers them."""
    return [start for _, start in CHOICE.findall(page)]


def assert_every_where_are_you_choice_leads_to_directions(out: Path, config: Path) -> None:
    """On every space page of the static site in `out`, each "where are you?" choice has its own page, with
    the directions from there (nginx's try_files serves ?from=<start> from from-<start>.html, see README)."""
    building = load_building(config)
    asked = 0
    for space in building.spaces:
        folder = out / building.default_language / "spaces" / space.id
        choices = where_are_you_choices((folder / "index.html").read_text(encoding="utf-8"))
        for start in choices:
            answer = (folder / f"from-{start}.html").read_text(encoding="utf-8")
            assert where_are_you_choices(answer) == [], (space.id, start)  # the directions, not the question again
        asked += bool(choices)
    assert asked >= len(building.spaces) // 2  # most spaces ask (the rest have no door on a plan)
    # Kiosks and entrances only: a static site has no page for "I am on 3F".
    first = out / building.languages[-1] / "spaces" / building.spaces[0].id / "index.html"
    assert "route-ask-floors-label" not in first.read_text(encoding="utf-8")


def test_every_where_are_you_choice_on_a_static_space_page_leads_to_its_directions(site: Path):
    assert_every_where_are_you_choice_leads_to_directions(site, BUNDLED)


def test_a_crawl_of_the_static_site_finds_every_link_and_asset(served: str):
    seen = crawl(served, ["/", "/zh/", "/en/"])
    assert len(seen) > 70  # both languages' pages, assets, the search index
    assert "/site.css" in seen  # the building's colours, linked as /site.css?v=<version>


def test_every_qr_code_decodes_to_a_page_of_the_static_site(site: Path, served: str):
    codes = sorted((site / "qr").glob("*.png"))
    assert len(codes) == 2 * (1 + 7 + 16)  # home, floors, spaces; two languages
    for code in codes:
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.read_bytes())))[0].text
        assert decoded.startswith(PUBLIC_URL + "/")
        assert decoded.endswith("?scan=" + code.stem.rsplit("-", 1)[0])  # the printed code names its poster
        urllib.request.urlopen(served + decoded.removeprefix(PUBLIC_URL), timeout=5).close()


def test_pages_carry_the_hours_table_for_open_now_in_the_browser(site: Path):
    page = (site / "en" / "spaces" / "library" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="kiosk-hours" content="/hours.json">' in page
    expression = re.search(r'class="hours is-open" data-hours="([^"]+)"', page).group(1)
    table = json.loads((site / "hours.json").read_text(encoding="utf-8"))
    changes = table[expression]
    assert changes[0]["open"] is True and changes[0]["at"].startswith("2026-11-27T10:00")  # built at 10:00
    closing = next(change for change in changes if not change["open"])
    assert closing["at"].startswith("2026-11-27T17:00") and closing["badge"]["en"] == "Closed now"
    assert closing["detail"]["en"] == "opens tomorrow 08:30"


def test_kiosk_build_writes_with_a_progress_bar_and_warns_without_a_public_url(tmp_path: Path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "out"), "--config", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and "pages" in result.output
    assert "No QR codes" in result.output


def test_kiosk_build_exports_the_second_building_in_all_three_languages(tmp_path: Path):
    """tower-v2: zh/en/ja, B2..11F with G and M, its own `parking` category and `photo-booth` kind."""
    out = tmp_path / "tower"
    args = ["build", str(out), "--config", str(TOWER), "--public-url", PUBLIC_URL]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    tower = load_building(TOWER)
    kiosk = tower.kiosks[0].id
    for lang in ("zh", "en", "ja"):
        assert (out / lang / "index.html").is_file()
        assert (out / lang / "floors" / "m" / "index.html").is_file()
        assert (out / lang / "categories" / "parking" / "index.html").is_file()  # the building's own category
        assert (out / lang / "facilities" / "photo-booth" / "index.html").is_file()  # and its own kind
        assert (out / lang / "spaces" / tower.spaces[0].id / f"from-{kiosk}.html").is_file()
    japanese = (out / "ja" / "index.html").read_text(encoding="utf-8")
    assert 'lang="ja"' in japanese and "長寧区行政サービスセンター" in japanese
    assert '<meta name="kiosk-hours" content="/hours.json">' in japanese
    # "open now" in the browser, in Japanese too.
    table = json.loads((out / "hours.json").read_text(encoding="utf-8"))
    assert all(set(change["badge"]) == {"zh", "en", "ja"} for changes in table.values() for change in changes)
    assert {"building", *(space.id for space in tower.spaces)} == set(table)  # keyed as pages say data-hours="…"
    assert f'data-hours="{tower.spaces[0].id}"' in (
        out / "ja" / "spaces" / tower.spaces[0].id / "index.html"
    ).read_text(encoding="utf-8")
    # Print codes in every language: home, every floor, every space.
    pages = 1 + len(tower.floors) + len(tower.spaces)
    assert len(list((out / "qr").glob("*.png"))) == 3 * pages
    assert (out / "qr" / f"space-{tower.spaces[0].id}-ja.svg").is_file()
    # `/` offers every language, the first by default.
    root = (out / "index.html").read_text(encoding="utf-8")
    assert "url=/zh/" in root and 'href="/ja/"' in root and "日本語" in root
    with static_server(out) as base:
        seen = crawl(base, ["/", "/ja/"])
    assert "/ja/facilities/photo-booth" in seen and "/site.css" in seen
    assert_every_where_are_you_choice_leads_to_directions(out, TOWER)  # three entrances, two kiosks


def svg_code_text(svg: bytes) -> str:
    """What a phone reads from one of our code SVGs (runs of dark modules, drawn 8 px a module)."""
    size = int(re.search(rb'viewBox="0 0 (\d+) ', svg).group(1))
    image = Image.new("L", (size * 8, size * 8), 255)
    for x, y, length in re.findall(rb"M(\d+) (\d+)h(\d+)", svg):
        left, top = int(x) * 8, int(y) * 8
        image.paste(0, (left, top, left + int(length) * 8, top + 8))
    return zxingcpp.read_barcodes(image)[0].text


def test_posters_are_written_and_crawl_without_a_broken_link(site: Path, served: str):
    for lang in ("zh", "en"):
        assert (site / lang / "posters" / "index.html").is_file()
        assert (site / lang / "posters" / "building" / "index.html").is_file()
        assert (site / lang / "posters" / "floors" / "1f" / "index.html").is_file()
        assert (site / lang / "posters" / "spaces" / "library" / "index.html").is_file()
    assert (site / "boards" / "entrance" / "index.html").is_file()  # the printed floor boards the list links to
    assert (site / "boards" / "floors" / "3f" / "index.html").is_file()
    seen = crawl(served, ["/zh/posters/", "/en/posters/"])
    assert "/boards/floors/3f" in seen
    assert "/zh/posters/spaces/library" in seen and "/static/poster.js" in seen
    assert "/zh/posters/spaces/library/code.svg" in seen  # the code is a file, not /qr.svg?page=...


def test_every_poster_code_is_the_address_printed_under_it_and_resolves(site: Path, served: str):
    posters = sorted(site.glob("*/posters/**/index.html"))
    assert len(posters) == 2 * (1 + 1 + 7 + 16)  # the list, the building, floors, spaces; two languages
    checked = 0
    for poster in posters:
        page = poster.read_text(encoding="utf-8")
        found = re.search(r'class="poster-code" src="([^"]+)"', page)
        if poster.parent.name == "posters":  # the list of posters has no code
            assert found is None
            continue
        assert found and found.group(1).endswith("/code.svg")
        decoded = svg_code_text(urllib.request.urlopen(served + found.group(1), timeout=5).read())
        printed = re.search(r'<p class="poster-url">([^<]+)</p>', page).group(1)
        assert decoded.startswith(PUBLIC_URL + "/") and printed in decoded
        urllib.request.urlopen(served + urlsplit(decoded).path, timeout=5).close()  # the target is on the site
        checked += 1
    assert checked == 2 * (1 + 7 + 16)


def test_a_space_page_lists_four_weeks_of_hours_as_plain_text_for_phones_without_javascript(site: Path, client, clock):
    page = (site / "en" / "spaces" / "library" / "index.html").read_text(encoding="utf-8")
    week = page[page.index('<section class="week"') :]
    week = week[: week.index("</section>")]
    rows = re.findall(r'<time datetime="([\d-]+)">', week)
    assert rows[0] == "2026-11-27" and len(rows) == 28  # built on Friday 27 November, as far as hours.json goes
    assert "is-today" not in week  # the day it is read is not known when it is built
    assert "Opening hours, the next 4 weeks" in week
    assert "<noscript>" in week and "This page was made on Friday 27 Nov" in week
    # Every day says its hours (or Closed) in words, the same as the server says on that day.
    hours = re.findall(r'<span class="week-hours">([^<]+)</span>', week)
    assert len(hours) == 28 and hours[0] == "08:30–17:00"
    for later in (9, 23):  # the server, on that day, says the same for it
        clock["now"] = FRIDAY_MORNING + dt.timedelta(days=later)
        served = client.get("/en/spaces/library").get_data(as_text=True)
        assert re.findall(r'<span class="week-hours">([^<]+)</span>', served)[0] == hours[later]


def test_the_server_still_shows_seven_days_with_today_marked(client):
    page = client.get("/en/spaces/library").get_data(as_text=True)
    week = page[page.index('<section class="week"') :]
    assert len(re.findall(r'<time datetime="', week[: week.index("</section>")])) == 7
    assert "is-today" in week and "<noscript>" not in week
