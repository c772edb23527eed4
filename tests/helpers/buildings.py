"""The building files the tests run on, the clock they start at, and the lines of a building file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "floors.yaml"  # the shipped building: 1F..7F, zh/en
BUILDINGS = ROOT / "tests" / "buildings"
TOWER = BUILDINGS / "tower-v2.yaml"  # the second building: B2..11F, G, M, zh/en/ja
RIVERSIDE = BUILDINGS / "riverside.yaml"  # a narrow plate, L-shaped floors, a kiosk facing east
ATRIUM = BUILDINGS / "atrium.yaml"  # an open atrium crossed directly
CIVIC = BUILDINGS / "civic_office.yaml"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# A Friday at 10:00 in Shanghai: the building is open.
FRIDAY_MORNING = dt.datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)

# The floors top to bottom, as the layout page lists them.
SHIPPED_ORDER = ["7F", "6F", "5F", "4F", "3F", "2F", "1F"]
TOWER_ORDER = ["11F", "10F", "9F", "8F", "7F", "6F", "5F", "4F", "3F", "2F", "M", "G", "B1", "B2"]


def line_of(source: str | Path, where: str | tuple[str, int], nth: int = 1) -> int:
    """The 1-based line of the `nth` line of `source` (a text or a file) containing a snippet.

    `where` is the snippet, or (snippet, n) for the line n lines below it.
    """
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    snippet, below = (where, 0) if isinstance(where, str) else where
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if snippet in line]
    if len(lines) < nth:
        raise AssertionError(f"{snippet!r} is not on {nth} line(s) of the text")
    return below + lines[nth - 1]
