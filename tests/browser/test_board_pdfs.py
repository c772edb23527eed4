"""`kiosk posters`: one print-ready PDF page per board, of the chosen size, whose QR code a phone reads
as the layout page with the board's floor marked, in both languages; the shipped building on A4 and
tower-v2 (14 floors, basements, a mezzanine, zh/en/ja) on A3. Chromium prints them (so: tests/browser)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from click.testing import CliRunner
from pypdf import PdfReader

from kiosk.cli import main
from kiosk.load.loader import load_building
from kiosk.model.i18n import translate
from kiosk.ways.layout import data_date, main_entrance_floor
from tests.browser.conftest import CHROMIUM, SCREENSHOTS
from tests.helpers.buildings import BUNDLED, TOWER

PUBLIC = "https://kiosk.example.org"
SHEETS_MM = {"A4": (210, 297), "A3": (297, 420)}
POINT_MM = 25.4 / 72
READ_IN_TALL_BUILDING = {"board-entrance", "board-b2", "board-g", "board-m", "board-11f"}


@pytest.fixture(scope="module", params=[(BUNDLED, "A4"), (TOWER, "A3")], ids=["shipped-A4", "tower-A3"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The boards of one building printed by `kiosk posters`: (building file, folder, size)."""
    config, size = request.param
    out = tmp_path_factory.mktemp(f"boards-{size}")
    command = ["posters", "--out", str(out), "--size", size, "--config", str(config), "--public-url", PUBLIC]
    result = CliRunner().invoke(main, [*command, "--chromium", CHROMIUM])
    assert result.exit_code == 0, result.output
    assert "boards" in result.output  # the progress bar's label (on stderr, mixed in by CliRunner)
    return config, out, size


def page_text(path: Path) -> str:
    """The page's text as a reader sees it (CJK fonts map some characters to radicals: NFKC folds them back)."""
    return unicodedata.normalize("NFKC", PdfReader(path).pages[0].extract_text())


def words(text: str) -> set[str]:
    """The words of a text (a name may break over lines, and its dashes come out as other dashes)."""
    return set(re.findall(r"\w+", unicodedata.normalize("NFKC", text)))


def test_one_pdf_of_one_page_of_the_chosen_size_per_board(printed: tuple[Path, Path, str]) -> None:
    config, out, size = printed
    building = load_building(config)
    assert sorted(p.stem for p in out.glob("*.pdf")) == sorted(
        ["board-entrance"] + [f"board-{f.id}" for f in building.floors]
    )
    for path in out.glob("*.pdf"):
        reader = PdfReader(path)
        assert len(reader.pages) == 1, path.name
        box = reader.pages[0].mediabox
        width, height = float(box.width) * POINT_MM, float(box.height) * POINT_MM
        assert abs(width - SHEETS_MM[size][0]) < 1 and abs(height - SHEETS_MM[size][1]) < 1, (path.name, width, height)


def test_each_code_opens_the_layout_with_its_floor_marked_and_both_languages_are_there(
    printed: tuple[Path, Path, str],
) -> None:
    config, out, size = printed
    building = load_building(config)
    first, second = building.languages[:2]
    as_of = data_date(config, building.tz).isoformat()
    entrance = main_entrance_floor(building)
    assert entrance is not None
    boards = {f"board-{f.id}": f for f in building.floors} | {"board-entrance": None}
    for name, floor in boards.items():
        path = out / f"{name}.pdf"
        shot = name in ("board-entrance", "board-3f", "board-g")
        # The code is in the top band of the sheet: only that is drawn, except for the screenshots.
        page = pypdfium2.PdfDocument(path)[0]
        top_band = (0, page.get_height() * 0.8, 0, 0)
        image = page.render(scale=100 / 72, crop=(0, 0, 0, 0) if shot else top_band).to_pil()
        marked = (floor or entrance).id
        assert [r.text for r in zxingcpp.read_barcodes(image)] == [f"{PUBLIC}/{first}/layout/?scan={name}&at={marked}"]
        if shot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            image.save(SCREENSHOTS / f"board-{config.stem}-{size}-{name.removeprefix('board-')}.png")
        if len(boards) > 10 and name not in READ_IN_TALL_BUILDING:
            continue  # reading a page's text takes about a second: a tall building's sample says enough
        text = page_text(path)
        title = "board.title" if floor else "board.entrance_title"
        for lang in (first, second):
            assert translate(lang, title) in text, (name, lang)
            assert translate(lang, "board.as_of", date=as_of) in text, (name, lang)
        if floor is not None:
            for named in [floor, *building.spaces_on(floor.id)]:
                assert words(named.name(second)) <= words(text), (name, named.id)
