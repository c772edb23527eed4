"""QR codes: what they decode to, which paths get one, caching, posters and the `kiosk qr` command."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import qrcode
import zxingcpp
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from kiosk import create_app
from kiosk.cli import main
from kiosk.web import qr
from kiosk.web.qr import make_code
from tests.helpers.buildings import BUNDLED, ROOT

PUBLIC = "https://kiosk.example.org"
SVG_NS = "{http://www.w3.org/2000/svg}"


def decode(png: bytes) -> list[str]:
    """What a phone camera would read from a PNG."""
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def code_src(page: str) -> str:
    """The src of the corner code's <img> on a rendered page."""
    found = re.search(r'<img class="qr-code" src="([^"]+)"', page)
    assert found, "no QR code on the page"
    return html.unescape(found.group(1))


@pytest.fixture
def app_url(clock: dict[str, dt.datetime], make_app) -> Flask:
    """The app with a public URL given by config (as KIOSK_PUBLIC_URL or --public-url would)."""
    return make_app(BUNDLED, PUBLIC_URL=PUBLIC + "/")


@pytest.fixture
def web(app_url: Flask) -> FlaskClient:
    return app_url.test_client()


# --- what the codes decode to --------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("/zh/?kiosk=lobby", "https://kiosk.example.org/zh/layout/?from=lobby"),  # 扫码查看大楼布局
        ("/en/?kiosk=lobby", "https://kiosk.example.org/en/layout/?from=lobby"),
        ("/zh/floors/2f?kiosk=lobby", "https://kiosk.example.org/zh/floors/2f?from=lobby"),
        ("/en/floors/7f?kiosk=lobby", "https://kiosk.example.org/en/floors/7f?from=lobby"),
        ("/zh/spaces/library?kiosk=lobby", "https://kiosk.example.org/zh/spaces/library?from=lobby"),
        (
            "/en/spaces/art-exhibition-hall?kiosk=lobby",
            "https://kiosk.example.org/en/spaces/art-exhibition-hall?from=lobby",
        ),
        ("/en/categories/family?kiosk=lobby", "https://kiosk.example.org/en/categories/family?from=lobby"),
        (
            "/zh/facilities/accessible-toilet?kiosk=lobby",
            "https://kiosk.example.org/zh/facilities/accessible-toilet?from=lobby",
        ),
    ],
)
def test_kiosk_page_code_opens_the_same_page_on_the_phone(web: FlaskClient, page: str, expected: str) -> None:
    response = web.get(page)
    assert response.status_code == 200
    src = code_src(response.get_data(as_text=True))
    assert src.startswith("/qr.svg?")
    png = web.get(src.replace("/qr.svg", "/qr.png"))
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert decode(png.data) == [expected]


def test_home_code_has_the_building_caption_and_other_pages_the_phone_caption(web: FlaskClient) -> None:
    home = web.get("/zh/?kiosk=lobby").get_data(as_text=True)
    assert "扫码查看大楼布局" in home and "Scan to view the building layout" in home
    floor = web.get("/en/floors/2f?kiosk=lobby").get_data(as_text=True)
    assert "Scan to open on your phone" in floor and "扫码在手机上查看" in floor
    assert "building layout" not in floor


def test_code_is_shown_big_enough_for_a_phone_at_one_metre(web: FlaskClient) -> None:
    page = web.get("/zh/?kiosk=lobby").get_data(as_text=True)
    size = re.search(r'<img class="qr-code"[^>]*width="(\d+)" height="(\d+)"', page)
    assert size and min(map(int, size.groups())) >= 150  # 4 cm at 96 dpi
    css = (ROOT / "kiosk/static/kiosk.css").read_text(encoding="utf-8")
    rule = re.search(r"\.qr-code \{[^}]*width: (\d+)px; height: (\d+)px", css)
    assert rule and min(map(int, rule.groups())) >= 150


def test_svg_is_a_real_vector_with_quiet_zone_and_png_twin(web: FlaskClient) -> None:
    svg = web.get("/qr.svg?page=/en/spaces/library&from=lobby")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    root = ET.fromstring(svg.data)
    tags = {element.tag for element in root.iter()}
    assert tags == {f"{SVG_NS}svg", f"{SVG_NS}rect", f"{SVG_NS}path"}  # no <image>, no embedded bitmap
    size = int(root.get("viewBox").split()[2])
    path = root.find(f"{SVG_NS}path").get("d")
    starts = [(int(x), int(y)) for x, y in re.findall(r"M(\d+) (\d+)", path)]
    assert min(x for x, _ in starts) == 4 and min(y for _, y in starts) == 4  # 4 white modules each side
    png = web.get("/qr.png?page=/en/spaces/library&from=lobby").data
    assert decode(png) == ["https://kiosk.example.org/en/spaces/library?from=lobby"]
    width = Image.open(io.BytesIO(png)).width
    assert width % size == 0  # the PNG twin has the same modules


def test_error_correction_is_at_least_m(web: FlaskClient) -> None:
    png = web.get("/qr.png?page=/zh/").data
    (result,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert result.ec_level in ("M", "Q", "H")


# --- the address comes from public_url, never from the request -----------------------------


def test_spoofed_host_never_reaches_a_code(clock) -> None:
    # With every Host allowed (TRUSTED_HOSTS empty), the codes still never take it.
    config = {"TESTING": True, "CLOCK": lambda: clock["now"], "PUBLIC_URL": PUBLIC, "TRUSTED_HOSTS": []}
    web = create_app(BUNDLED, test_config=config).test_client()
    spoofed = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
    page = web.get("/zh/spaces/library?kiosk=lobby", headers=spoofed)
    assert "evil.example" not in page.get_data(as_text=True)
    png = web.get(code_src(page.get_data(as_text=True)).replace("/qr.svg", "/qr.png"), headers=spoofed)
    assert decode(png.data) == ["https://kiosk.example.org/zh/spaces/library?from=lobby"]
    poster = web.get("/en/posters/building", headers=spoofed).get_data(as_text=True)
    assert "evil.example" not in poster and "kiosk.example.org/en/" in poster


def test_a_spoofed_host_is_refused_before_any_page(web: FlaskClient) -> None:
    page = web.get("/zh/spaces/library?kiosk=lobby", headers={"Host": "evil.example"})
    assert page.status_code == 400 and "evil.example" not in page.get_data(as_text=True)


def test_without_public_url_no_code_is_shown_or_served(client: FlaskClient) -> None:
    page = client.get("/zh/?kiosk=lobby")
    assert page.status_code == 200
    assert "qr-corner" not in page.get_data(as_text=True)
    assert client.get("/qr.png?page=/zh/").status_code == 404
    poster = client.get("/zh/posters/building").get_data(as_text=True)
    assert "poster-code" not in poster and "public_url" in poster


def test_kiosk_check_warns_that_phones_cannot_follow() -> None:
    result = CliRunner().invoke(main, ["check", str(BUNDLED)])
    assert result.exit_code == 0
    assert "public_url is not set, so phones cannot follow the QR codes" in result.output


def test_public_url_from_floors_yaml(edited, clock, make_app) -> None:
    path = edited("  # public_url: the address", "  public_url: https://yaml.example.org/guide  # the address")
    app = make_app(path)
    png = app.test_client().get("/qr.png?page=/en/floors/3f&from=lobby").data
    assert decode(png) == ["https://yaml.example.org/guide/en/floors/3f?from=lobby"]


def test_env_var_overrides_floors_yaml(edited, clock, monkeypatch: pytest.MonkeyPatch, make_app) -> None:
    path = edited("  # public_url: the address", "  public_url: https://yaml.example.org  # the address")
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "https://env.example.org/")
    app = make_app(path)
    assert decode(app.test_client().get("/qr.png?page=/zh/").data) == ["https://env.example.org/zh/"]


@pytest.mark.parametrize(
    "bad", ["kiosk.example.org", "javascript:alert(1)", "https://a b.org", "https://a.org/?x=1", "https://"]
)
def test_a_malformed_override_stops_the_app(bad: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_PUBLIC_URL", bad)
    with pytest.raises(ValueError, match="public_url"):
        create_app(BUNDLED)
    result = CliRunner().invoke(main, ["serve", "--config", str(BUNDLED)])
    assert result.exit_code == 1 and "Not starting" in result.output


# --- only in-site pages that exist get a code ----------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "",
        "https://evil.example/",
        "//evil.example",
        "//evil.example/zh/",
        "/\\evil.example",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,hi",
        "/zh/../en/",
        "/zh/floors/2f/../../../etc/passwd",
        "/zh/%2e%2e/",
        "/zh/floors/2f?x=1",
        "/zh/#top",
        "/ZH/",
        "/zh/spaces/<script>",
        "\x00\xff\ufffd",
        "a" * 100_000,
        "/" + "a/" * 5_000,
    ],
)
def test_bad_paths_get_400(web: FlaskClient, page: str) -> None:
    for fmt in ("png", "svg"):
        response = web.get(f"/qr.{fmt}", query_string={"page": page, "from": "lobby"})
        assert response.status_code == 400
        assert not response.mimetype.startswith("image/")


@pytest.mark.parametrize(
    "page",
    [
        "/zh",
        "/fr/",
        "/zh/floors/99f",
        "/en/spaces/no-such-space",
        "/zh/categories/shopping",
        "/en/facilities/teleporter",
        "/healthz",
        "/static/kiosk",
        "/zh/posters/",
        "/zh/posters/building",
        "/qr",
        "/zh/floors/2f/",
    ],
)
def test_paths_of_no_page_get_404(web: FlaskClient, page: str) -> None:
    response = web.get("/qr.png", query_string={"page": page})
    assert response.status_code == 404
    assert not response.mimetype.startswith("image/")


@pytest.mark.parametrize("origin", ["", "nowhere", "../lobby", "lobby?x=1", "x" * 10_000])
def test_unknown_kiosk_in_from_gets_400(web: FlaskClient, origin: str) -> None:
    assert web.get("/qr.png", query_string={"page": "/zh/", "from": origin}).status_code == 400


def test_no_code_off_the_kiosk_or_on_error_pages(web: FlaskClient) -> None:
    assert "qr-corner" not in web.get("/zh/spaces/library").get_data(as_text=True)  # a phone needs no code
    assert "qr-corner" not in web.get("/zh/?kiosk=nowhere").get_data(as_text=True)
    missing = web.get("/zh/spaces/no-such-space?kiosk=lobby")
    assert missing.status_code == 404 and "qr-corner" not in missing.get_data(as_text=True)


# --- caching --------------------------------------------------------------------------------


def test_repeat_requests_come_from_memory_or_304(web: FlaskClient) -> None:
    make_code.cache_clear()
    for _ in range(3):
        assert web.get("/zh/floors/2f?kiosk=lobby").status_code == 200
    assert make_code.cache_info().currsize == 0  # rendering a page never makes a code

    first = web.get("/qr.svg?page=/zh/floors/2f&from=lobby")
    again = web.get("/qr.svg?page=/zh/floors/2f&from=lobby")
    assert make_code.cache_info().misses == 1 and make_code.cache_info().hits == 1
    assert first.data == again.data
    etag, weak = first.get_etag()
    assert etag and not weak and first.headers["ETag"] == again.headers["ETag"]
    assert first.cache_control.public and first.cache_control.max_age >= 3600

    revalidated = web.get("/qr.svg?page=/zh/floors/2f&from=lobby", headers={"If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.data == b""
    other = web.get("/qr.svg?page=/en/floors/2f&from=lobby")
    assert other.headers["ETag"] != first.headers["ETag"]


def test_codes_are_deterministic() -> None:
    make_code.cache_clear()
    first = make_code("https://kiosk.example.org/zh/", "png")
    make_code.cache_clear()
    assert make_code("https://kiosk.example.org/zh/", "png") == first


# --- posters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("poster", "page", "subject", "marker"),
    [
        ("/zh/posters/building", "/zh/layout/", "扫码查看大楼布局", "building"),
        ("/en/posters/building", "/en/layout/", "Scan to view the building layout", "building"),
        ("/zh/posters/floors/2f", "/zh/floors/2f", "亲子与托育", "floor-2f"),
        ("/en/posters/floors/2f", "/en/floors/2f", "Families and children", "floor-2f"),
        ("/zh/posters/spaces/library", "/zh/spaces/library", "图书馆", "space-library"),
        ("/en/posters/spaces/heritage-studio", "/en/spaces/heritage-studio", "Intangible", "space-heritage-studio"),
    ],
)
def test_poster_has_names_code_and_printed_url(
    web: FlaskClient, poster: str, page: str, subject: str, marker: str
) -> None:
    response = web.get(poster)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "新泾镇公共服务综合楼" in body and "Xinjing Town Public Service Complex" in body
    assert subject in body
    assert f'<p class="poster-url">kiosk.example.org{page}</p>' in body
    assert "用微信或手机相机扫码" in body and "Scan with WeChat or your phone camera" in body
    src = html.unescape(re.search(r'<img class="poster-code" src="([^"]+)"', body).group(1))
    # The code carries the poster's id (its scans are counted per poster); the printed address does not.
    assert decode(web.get(src.replace("/qr.svg", "/qr.png")).data) == [f"{PUBLIC}{page}?scan={marker}"]
    assert "topbar" not in body  # no navigation on the poster


def test_poster_index_links_every_poster(web: FlaskClient, app_url: Flask) -> None:
    body = web.get("/en/posters/").get_data(as_text=True)
    building = app_url.extensions["kiosk.store"].site.building
    links = set(re.findall(r'href="(/en/posters/[^"]+)"', body))
    expected = {"/en/posters/building"} | {f"/en/posters/floors/{f.id}" for f in building.floors}
    expected |= {f"/en/posters/spaces/{s.id}" for s in building.spaces}
    assert links == expected
    for link in sorted(links):
        assert web.get(link).status_code == 200


def test_unknown_poster_is_404(web: FlaskClient) -> None:
    assert web.get("/en/posters/floors/99f").status_code == 404
    assert web.get("/zh/posters/spaces/nope").status_code == 404


# --- kiosk qr --------------------------------------------------------------------------------


def test_kiosk_qr_writes_a_code_for_home_every_floor_and_space(tmp_path: Path, app_url: Flask) -> None:
    result = CliRunner().invoke(main, ["qr", "--out", str(tmp_path), "--config", str(BUNDLED), "--public-url", PUBLIC])
    assert result.exit_code == 0, result.output
    building = app_url.extensions["kiosk.store"].site.building
    stems = ["building"] + [f"floor-{f.id}" for f in building.floors] + [f"space-{s.id}" for s in building.spaces]
    expected = {f"{stem}-{lang}.{ext}" for stem in stems for lang in ("zh", "en") for ext in ("png", "svg")}
    assert {p.name for p in tmp_path.iterdir()} == expected
    # Each printed code carries its file's stem as the poster marker.
    assert decode((tmp_path / "building-zh.png").read_bytes()) == ["https://kiosk.example.org/zh/layout/?scan=building"]
    assert decode((tmp_path / "floor-4f-en.png").read_bytes()) == [
        "https://kiosk.example.org/en/floors/4f?scan=floor-4f"
    ]
    assert decode((tmp_path / "space-public-gym-zh.png").read_bytes()) == [
        "https://kiosk.example.org/zh/spaces/public-gym?scan=space-public-gym"
    ]
    assert b"<image" not in (tmp_path / "space-public-gym-zh.svg").read_bytes()


def test_kiosk_qr_one_format_one_language_and_flag_beats_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "https://env.example.org")
    args = ["qr", "--out", str(tmp_path), "--config", str(BUNDLED), "--format", "png", "--lang", "en"]
    result = CliRunner().invoke(main, [*args, "--public-url", "https://flag.example.org"])
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert names and all(name.endswith("-en.png") for name in names)
    assert decode((tmp_path / "building-en.png").read_bytes()) == ["https://flag.example.org/en/layout/?scan=building"]


def test_kiosk_qr_refuses_without_public_url(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["qr", "--out", str(tmp_path / "out"), "--config", str(BUNDLED)])
    assert result.exit_code == 1 and "public_url is not set" in result.output
    assert not (tmp_path / "out").exists()


# --- the small print of qr.py: messages, limits and the two image formats --------------------


@pytest.mark.parametrize(
    ("page", "status", "reason"),
    [
        ("/zh/spaces/" + "a" * (qr.MAX_PAGE_LENGTH - len("/zh/spaces/") + 1), 400, "not an in-site page path"),
        ("/zh/spaces/" + "a" * (qr.MAX_PAGE_LENGTH - len("/zh/spaces/")), 404, "no such page in this building"),
        ("/zh/nowhere/at/all", 404, "no page at this path"),
        ("/zh", 404, "no page at this path"),  # only a redirect to /zh/
    ],
    ids=["one-too-long", "longest", "no-route", "redirect"],
)
def test_refused_paths_say_why(app: Flask, page: str, status: int, reason: str) -> None:
    building = app.extensions["kiosk.store"].current().building
    with pytest.raises(qr.PageRefused) as refused:
        qr.check_page(app.url_map, building, page)
    assert (refused.value.status, str(refused.value)) == (status, reason)
    assert qr.check_page(app.url_map, building, "/en/spaces/library") == "/en/spaces/library"


def test_the_png_is_optimised() -> None:
    code = make_code("https://kiosk.example.org/zh/spaces/library?from=lobby", "png")
    plain = io.BytesIO()
    Image.open(io.BytesIO(code.body)).save(plain, format="PNG")
    assert len(code.body) < len(plain.getvalue())


def test_the_svg_draws_exactly_the_dark_modules_at_its_print_size() -> None:
    text = "https://kiosk.example.org/en/floors/3f"
    svg = ET.fromstring(make_code(text, "svg").body)
    size = int(svg.get("viewBox").split()[-1])
    assert svg.get("width") == svg.get("height") == f"{size * qr.SVG_MODULE_MM:g}mm"
    runs = svg.find("{http://www.w3.org/2000/svg}path").get("d")
    assert re.fullmatch(r"(M\d+ \d+h\d+v1h-\d+z)+", runs)
    dark = {
        (x + dx, int(y))
        for x, y, length in ((int(m[0]), m[1], int(m[2])) for m in re.findall(r"M(\d+) (\d+)h(\d+)", runs))
        for dx in range(length)
    }
    matrix = qrcode.QRCode(error_correction=qr.ERROR_CORRECTION, border=qr.QUIET_ZONE)
    matrix.add_data(text)
    matrix.make(fit=True)
    expected = {(x, y) for y, row in enumerate(matrix.get_matrix()) for x, cell in enumerate(row) if cell}
    assert dark == expected and size == len(matrix.get_matrix())
