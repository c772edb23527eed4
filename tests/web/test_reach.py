"""Low reach as staff and the Flask client meet it: `screen:` checked, reach=low carried, the check."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from tests.helpers.buildings import BUNDLED, line_of
from tests.helpers.loading import errors_after

KIOSK_LINE = "    facing: N   # the screen faces the main door; a reader looks north, into the building\n"


def with_screen(screen: str) -> tuple[str, str]:
    return KIOSK_LINE, KIOSK_LINE + f"    screen: {screen}\n"


@pytest.mark.parametrize(
    ("screen", "message"),
    [
        ("{height_mm: 121.8, bottom_mm: 750}", "`screen.height_mm`: 121.8 is less than 150 mm: is it in centimetres?"),
        ("{height_mm: 1218, bottom_mm: -5}", "`screen.bottom_mm`: input should be greater than or equal to 0"),
        ("{height_mm: tall, bottom_mm: 750}", "`screen.height_mm`: input should be a valid number"),
        (
            "{height_mm: 1218, bottom_mm: 1300}",
            "`screen`: the screen runs from 1300 to 2518 mm above the floor, so less",
        ),
    ],
)
def test_a_bad_screen_is_named_at_its_line_with_what_to_fix(screen: str, message: str) -> None:
    errors, edited = errors_after(*with_screen(screen))
    assert len(errors) == 1
    assert errors[0].startswith(f"floors.yaml:{line_of(edited, 'screen:')}:")
    assert f"kiosk `lobby`: {message}" in errors[0]


def test_a_screen_missing_its_bottom_says_what_to_add() -> None:
    errors, _ = errors_after(*with_screen("{height_mm: 1218}"))
    assert [e.split(": ", 1)[1] for e in errors] == [
        "kiosk `lobby`: `screen.bottom_mm` is missing — add `bottom_mm: ...`"
    ]


def test_check_says_which_mount_it_assumes_without_screen() -> None:
    result = CliRunner().invoke(main, ["check", str(BUNDLED)])
    assert result.exit_code == 0
    assert (
        "kiosk `lobby`: no `screen:` given, so the typical 55-inch portrait mount is assumed (picture 1218 mm high,"
        " bottom 750 mm and top 1968 mm above the floor); controls in low reach sit 750-1220 mm above the floor"
    ) in result.stdout


def test_check_says_how_a_given_screen_is_mounted(edited) -> None:
    path = edited(*with_screen("{height_mm: 680, bottom_mm: 900}"))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.stderr
    assert (
        "kiosk `lobby`: screen 680 mm high, bottom 900 mm and top 1580 mm above the floor;"
        " controls in low reach sit 900-1220 mm above the floor"
    ) in result.stdout.splitlines()


def page_links(client, path: str) -> list[str]:
    html = client.get(path).get_data(as_text=True)
    return [link.replace("&amp;", "&") for link in re.findall(r'<a [^>]*href="(/[^"#]*)"', html)]


@pytest.mark.parametrize("path", ["/zh/", "/zh/floors/3f", "/en/spaces/library", "/zh/search?q=tsg", "/zh/layout/"])
def test_low_reach_travels_with_every_link_with_large_text(client, path: str) -> None:
    links = page_links(client, f"{path}{'&' if '?' in path else '?'}kiosk=lobby&reach=low&text=large")
    pages = [link for link in links if not link.startswith("/static/")]
    assert len(pages) > 3
    toggles = [link for link in pages if "reach=low" not in link]
    # only the ♿ button itself leaves low reach (back to the standard layout, large text kept)
    assert len(toggles) == 1 and "text=large" in toggles[0] and "kiosk=lobby" in toggles[0]


def test_the_low_reach_button_is_on_every_kiosk_page_and_not_on_phones(client) -> None:
    standard = client.get("/zh/spaces/library?kiosk=lobby").get_data(as_text=True)
    assert re.search(r'class="button dock-button dock-reach"[^>]*href="[^"]*reach=low', standard)
    assert "低位操作" in standard
    low = client.get("/zh/spaces/library?kiosk=lobby&reach=low").get_data(as_text=True)
    assert re.search(r'<html [^>]*class="mode-kiosk reach-low reach-plan-above screen-lobby"', low)
    assert 'data-screen-height-mm="1218" data-screen-bottom-mm="750"' in low
    assert "标准布局" in low and "dock-reach is-on" in low
    assert 'data-home="/zh/?kiosk=lobby"' in low  # the idle reset leaves low reach for the next visitor
    phone = client.get("/zh/spaces/library?reach=low").get_data(as_text=True)
    assert "reach-low" not in phone and "dock-reach" not in phone


def test_site_css_gives_each_kiosk_its_band_in_viewport_heights(client) -> None:
    css = client.get("/site.css").get_data(as_text=True)
    # the typical mount: 1218 mm of picture from 750 mm, so its top 748 mm (61.4 %) are out of reach
    assert ".screen-lobby { --reach-above: 61.412vh; --reach-below: 0.000vh; }" in css


def test_low_reach_opens_on_the_step_free_route_and_its_code_says_so(client) -> None:
    # Who asks for low reach sits in a wheelchair: the library (3F, by stairs or lift) opens on lifts only.
    standard = client.get("/zh/spaces/library?kiosk=lobby").get_data(as_text=True)
    low = client.get("/zh/spaces/library?kiosk=lobby&reach=low").get_data(as_text=True)
    current = r'<a class="button is-current" href="[^"]*"[^>]*>.*?<span>([^<]+)</span>'
    assert re.search(current, standard, flags=re.S).group(1) == "最短路线"
    assert re.search(current, low, flags=re.S).group(1) == "无障碍路线（只乘电梯）"
    # the corner code carries the mode to the phone: tests/test_qr_route_mode.py decodes it ("low-reach")
