"""Printed floor boards as pages (the PDFs themselves are tested in tests/browser/test_board_pdfs.py)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import zxingcpp
from flask import Flask
from PIL import Image

from kiosk.load.loader import load_building
from kiosk.publish.boards import board_names_of, board_url
from kiosk.ways.layout import data_date, main_entrance_floor
from tests.helpers.buildings import BUNDLED, TOWER

PUBLIC = "https://kiosk.example.org"


@pytest.fixture
def boards(make_app: Callable[..., Flask]):
    return make_app(PUBLIC_URL=PUBLIC).test_client()


def test_board_url_names_the_board_and_marks_the_floor() -> None:
    assert board_url(PUBLIC, "zh", "board-3f", "3f") == f"{PUBLIC}/zh/layout/?scan=board-3f&at=3f"
    entrance = board_url(PUBLIC + "/guide", "en", "board-entrance", None)
    assert entrance == f"{PUBLIC}/guide/en/layout/?scan=board-entrance"


def test_a_floor_board_in_both_languages_with_its_plan_and_code(boards) -> None:
    body = boards.get("/boards/floors/3f").get_data(as_text=True)
    for words in ["楼层导览", "Floor directory", "图书馆", "Library", "数据为准", "as of ", "扫码在手机上查看大楼布局"]:
        assert words in body
    assert 'class="plan-here"' in body  # you are here, at the lift
    assert re.findall(r'section-floor[^"]*is-here" id="floor-(\w+)"', body) == ["3f"]
    # printed for typing: the floor marked, without the scan counter's marker (the code carries that)
    assert '<p class="board-url">kiosk.example.org/zh/layout/?at=3f</p>' in body
    assert '<link rel="stylesheet" href="/static/board-a4.css' in body
    assert "board-a3.css" in boards.get("/boards/floors/3f?size=A3").get_data(as_text=True)
    assert "board-a4.css" in boards.get("/boards/floors/3f?size=B5<x>").get_data(as_text=True)


def test_the_entrance_board_lists_every_floor(boards) -> None:
    body = boards.get("/boards/entrance").get_data(as_text=True)
    assert "大楼导览" in body and "Building directory" in body
    assert re.findall(r'class="section-label">([^<]+)<', body) == ["7F", "6F", "5F", "4F", "3F", "2F", "1F"]
    assert "图书馆 Library" in body and "虹桥艺空间 Hongqiao Art Space" in body  # every space, in both languages
    assert '<p class="board-url">kiosk.example.org/zh/layout/?at=1f</p>' in body


def test_every_board_in_one_document_in_print_order(boards) -> None:
    body = boards.get("/boards/all").get_data(as_text=True)
    assert re.findall(r'<article class="board[^"]*" aria-label="([\w-]+)"', body) == board_names_of(
        load_building(BUNDLED)
    )
    assert boards.get("/boards/floors/no-such-floor").status_code == 404


def test_the_code_on_a_board_decodes_to_the_marked_layout(boards, tmp_path: Path) -> None:
    body = boards.get("/boards/floors/2f").get_data(as_text=True)
    svg = re.search(r'<div class="board-code">(<svg.*?</svg>)</div>', body, re.S).group(1)
    cells = re.findall(r"M(\d+) (\d+)h(\d+)", svg)
    size = int(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    image = Image.new("L", (size * 8, size * 8), 255)
    for x, y, run in cells:
        image.paste(0, (int(x) * 8, int(y) * 8, (int(x) + int(run)) * 8, (int(y) + 1) * 8))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [f"{PUBLIC}/zh/layout/?scan=board-2f&at=2f"]


def test_tower_boards_first_two_languages_basements_and_entrance(make_app: Callable[..., Flask]) -> None:
    client = make_app(TOWER, PUBLIC_URL=PUBLIC).test_client()
    body = client.get("/boards/floors/b1").get_data(as_text=True)
    assert "楼层导览" in body and "Floor directory" in body and "フロアガイド" not in body  # zh and en, not ja
    assert "/zh/layout/?at=b1</p>" in body
    building = load_building(TOWER)
    assert main_entrance_floor(building).label == "G"
    assert board_names_of(building)[:3] == ["board-entrance", "board-11f", "board-10f"]


def test_without_a_public_address_a_board_says_so(client) -> None:
    body = client.get("/boards/floors/3f").get_data(as_text=True)
    assert 'class="board-code"' not in body and "public_url" in body


def test_the_data_date_is_the_file_date_in_the_building_time_zone(tmp_path: Path) -> None:
    copy = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, copy)
    moment = dt.datetime(2026, 11, 26, 17, 30, tzinfo=dt.UTC)  # already the 27th in Shanghai
    os.utime(copy, (moment.timestamp(), moment.timestamp()))
    assert data_date(copy, load_building(copy).tz) == dt.date(2026, 11, 27)


def test_kiosk_posters_refuses_without_a_public_address_or_a_chromium(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kiosk.cli import main

    out = tmp_path / "boards"
    no_url = CliRunner().invoke(main, ["posters", "--out", str(out), "--config", str(BUNDLED)])
    assert no_url.exit_code == 1 and "public_url is not set" in no_url.output
    command = ["posters", "--out", str(out), "--config", str(BUNDLED), "--public-url", PUBLIC]
    no_browser = CliRunner().invoke(main, [*command, "--chromium", str(tmp_path / "no-such-chromium")])
    assert no_browser.exit_code == 1 and "no Chromium found" in no_browser.output
    assert not out.exists() or not list(out.glob("*.pdf"))
    bad_size = CliRunner().invoke(main, [*command, "--size", "B5"])
    assert bad_size.exit_code == 2


HERE_LABEL = re.compile(r'<text [^>]*class="plan-here-label"[^>]*>(.*?)</text>', re.S)


def here_label(body: str) -> list[str]:
    """The lines of the plan's "you are here" label, as drawn."""
    return re.findall(r"<tspan [^>]*>([^<]*)</tspan>", HERE_LABEL.search(body).group(1))


@pytest.mark.parametrize(
    ("config", "path", "lines"),
    [
        (BUNDLED, "/boards/floors/3f", ["您在这里", "You are here"]),
        (TOWER, "/boards/floors/g", ["您在这里", "You are here"]),  # its first two of three languages
    ],
)
def test_a_board_plan_says_you_are_here_in_both_its_languages(make_app, config, path, lines) -> None:
    """A foreign visitor reads the printed plan too: "you are here" on one line per language."""
    client = make_app(config, PUBLIC_URL=PUBLIC).test_client()
    body = client.get(path).get_data(as_text=True)
    assert here_label(body) == lines
    assert "<title>您在这里 / You are here</title>" in body
    # the lobby screen speaks one language at a time: its plan says it once
    screen = client.get("/en/floors/1f?kiosk=lobby" if config == BUNDLED else "/ja/floors/g?kiosk=g-hall")
    assert here_label(screen.get_data(as_text=True)) == (["You are here"] if config == BUNDLED else ["現在地"])
