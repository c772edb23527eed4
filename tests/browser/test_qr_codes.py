"""The codes as a phone meets them: rendered by Chromium on the 1080×1920 kiosk screen and on A4 paper.

The server runs in a subprocess on a free port (as datasette's tests do); the dock's code
is read back from a screenshot, which checks the SVG as a browser draws it.
"""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image

from tests.browser.conftest import PUBLIC_URL as PUBLIC
from tests.browser.conftest import SCREENSHOTS as SHOTS


@pytest.fixture
def server(base_url: str) -> str:
    """The shared waitress server, started with `--public-url` as the installer would."""
    return base_url


def _decode(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.parametrize(
    ("page", "expected", "caption"),
    [
        ("/zh/?kiosk=lobby", PUBLIC + "/zh/layout/?from=lobby", "扫码查看大楼布局"),  # home: the layout page
        ("/en/spaces/library?kiosk=lobby", PUBLIC + "/en/spaces/library?from=lobby", "Scan to open on your phone"),
    ],
)
def test_corner_code_on_the_kiosk_screen_reads_back(
    browser, server: str, page: str, expected: str, caption: str
) -> None:
    tab = browser.new_page(viewport={"width": 1080, "height": 1920})
    tab.goto(server + page)
    code = tab.locator("img.qr-code")
    box = code.bounding_box()
    assert box and box["width"] >= 150 and box["height"] >= 150  # at least 4 cm at 96 dpi
    # bottom right, whole, on screen without scrolling
    assert box["x"] > 1080 / 2 and box["y"] > 1920 / 2
    assert box["x"] + box["width"] <= 1080 and box["y"] + box["height"] <= 1920
    assert tab.evaluate("img => img.complete && img.naturalWidth > 0", code.element_handle())
    assert caption in tab.locator(".qr-corner").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = tab.screenshot()
    (SHOTS / f"qr-kiosk{page.replace('/', '_').replace('?', '_')}.png").write_bytes(shot)
    assert _decode(shot) == [expected]  # the whole screen, as a phone held up to it sees it
    tab.close()


@pytest.mark.parametrize(
    ("poster", "expected"),
    [
        ("/zh/posters/building", PUBLIC + "/zh/layout/?scan=building"),  # the layout page, marked as this poster
        ("/en/posters/spaces/folk-art-museum", PUBLIC + "/en/spaces/folk-art-museum?scan=space-folk-art-museum"),
    ],
)
def test_poster_prints_on_one_clean_a4_page(browser, server: str, poster: str, expected: str) -> None:
    tab = browser.new_page(viewport={"width": 1000, "height": 1400})
    tab.goto(server + poster)
    assert tab.locator("[data-print]").is_visible()  # the Print button appears once JS runs
    tab.emulate_media(media="print")
    assert not tab.locator(".poster-toolbar").is_visible()
    assert tab.locator(".poster-code").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = tab.screenshot(full_page=True)
    (SHOTS / f"qr-poster{poster.replace('/', '_')}.png").write_bytes(shot)
    assert _decode(shot) == [expected]
    pdf = tab.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)
    assert len(pages) == 1
    tab.close()


def test_poster_without_javascript_shows_the_hint_not_a_dead_button(browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(server + "/en/posters/floors/2f")
    assert not tab.locator("[data-print]").is_visible()
    assert tab.locator(".poster-hint").is_visible() and tab.locator(".poster-code").is_visible()
    context.close()
