"""The second building (tests/buildings/tower-v2.yaml) with a calendar this week, and its 7-day table.

Nothing here is tuned to the shipped building: closures, special hours, events and outages are
added to a copy of the tower, and its pages are read in Japanese too.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from flask.testing import FlaskClient

from tests.helpers.buildings import TOWER

LANGS = ("zh", "en", "ja")
CALENDAR = """
closures:
  - date: 2026-11-30
    reason: {zh: 系统升级停止对外服务, en: Closed for a system upgrade, ja: システム更新のため休館}
special_hours:
  - date: 2026-12-01
    hours: "08:30-12:00"
    reason: {zh: 下午职工培训, en: Staff training in the afternoon, ja: 午後は職員研修}
events:
  - title: {zh: 不动产登记讲座, en: Talk on property registration, ja: 不動産登記の説明会}
    starts: 2026-11-27 14:00
    ends: 2026-11-27 15:30
    space: counter-13
    capacity: 30
"""
OUTAGES = (
    "      2f: [28, 22]\n",
    "      2f: [28, 22]\n"
    "    out_of_service: [{starts: 2026-11-26, ends: 2026-11-28, reason: {zh: 维修, en: Repairs, ja: 修理中}}]\n",
)
ESCALATOR = (
    "    at: [8, 23]\n",
    "    at: [8, 23]\n    out_of_service: [{reason: {zh: 年检, en: Annual inspection, ja: 年次点検}}]\n",
)


def edit(path: Path, old: str, new: str) -> Path:
    """Replace the one occurrence of `old` in the file at `path` by `new`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def text_of(client: FlaskClient, url: str) -> str:
    """The page at `url` (it must answer 200) with its entities read."""
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def week_rows(page: str) -> list[str]:
    """The rows of the 7-day table, tags stripped to their words."""
    table = page[page.index('class="week-table"') : page.index("</table>")]
    rows = table.split("<tr")[1:]
    return [
        " ".join(part.split(">")[-1].strip() for part in row.split("<") if part.split(">")[-1].strip()) for row in rows
    ]


def tower_with_calendar(tmp_path: Path) -> Path:
    """A copy of the second building with a closure, special hours and an event this week."""
    target = tmp_path / "tower-v2.yaml"
    shutil.copy(TOWER, target)
    target.write_text(target.read_text(encoding="utf-8") + CALENDAR, encoding="utf-8")
    return target
