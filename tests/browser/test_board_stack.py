"""A floor board's stack of floors, measured as Chromium lays it out for print: every floor is on the
sheet, "you are here" is whole, and a building of a few floors shows every name whole (the shipped
building on A4; tower-v2's 14 floors on A3, where a long name may end in "…" but nothing else is cut)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import new_context

# Per floor board: rows outside the stack's visible box, a "you are here" cut short, names cut short.
MEASURE = """
() => [...document.querySelectorAll('article.board:not(.is-entrance)')].map((board) => {
  const lower = board.querySelector('.board-lower').getBoundingClientRect();
  const rows = [...board.querySelectorAll('.board-lower .section-floor, .board-lower .section-ground')];
  const outside = rows.filter((r) => r.getBoundingClientRect().bottom > lower.bottom + 0.5)
    .map((r) => r.textContent.trim().split(/\\s+/)[0]);
  const tag = board.querySelector('.board-lower .here-tag');
  const row = tag && tag.closest('.section-body').getBoundingClientRect();
  const t = tag && tag.getBoundingClientRect();
  const tagCut = !tag || t.right > row.right + 0.5 || t.bottom > row.bottom + 0.5 || tag.scrollWidth > tag.clientWidth;
  const cut = [...board.querySelectorAll('.board-lower .section-name-text')]
    // a CJK glyph overhangs its line by a pixel or two: a line cut off is half a line or more
    .filter((n) => n.scrollWidth > n.clientWidth + 1
      || n.scrollHeight > n.clientHeight + parseFloat(getComputedStyle(n).lineHeight) / 2)
    .map((n) => n.textContent);
  return {board: board.getAttribute('aria-label'), outside, tagCut, cut};
})
"""


@pytest.mark.parametrize(("url", "size", "names_whole"), [("base_url", "A4", True), ("tower_url", "A3", False)])
def test_every_floor_board_shows_every_floor_and_you_are_here_whole(
    browser: Browser, request: pytest.FixtureRequest, url: str, size: str, names_whole: bool
) -> None:
    context = new_context(browser, {"width": 1200, "height": 1700})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(f"{request.getfixturevalue(url)}/boards/all?size={size}")
    boards = page.evaluate(MEASURE)
    context.close()
    assert len(boards) >= 7
    for board in boards:
        assert board["outside"] == [], board
        assert board["tagCut"] is False, board
        if names_whole:
            assert board["cut"] == [], board
