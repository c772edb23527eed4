"""History is pruned and never broken by an orphan file.

Every version of the last 90 days is kept (STAFF_HISTORY_DAYS), and before that the last one of each
week; the newest always. A half-written version, a broken description or a folder named like a
version in floors.yaml.history/ never makes a save fail: the next version steps over it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from kiosk.staff import accounts, history
from tests.helpers.buildings import BUNDLED
from tests.helpers.servers import running_server
from tests.helpers.staff_http import StaffHttp

NOW = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)


def _versions_every_half_day(folder: Path, days: int) -> None:
    """Two versions a day for `days` days back from NOW, oldest first."""
    folder.mkdir()
    for number in range(1, 2 * days + 1):
        at = NOW - dt.timedelta(hours=12 * (2 * days - number))
        history._write(folder, number, f"version: {number}\n", "wang", f"change {number}", "")
        meta = folder / f"{number:06d}.json"
        data = json.loads(meta.read_text(encoding="utf-8"))
        meta.write_text(json.dumps({**data, "at": at.isoformat()}), encoding="utf-8")


def _times(folder: Path) -> list[dt.datetime]:
    return [dt.datetime.fromisoformat(v.at) for v in history.versions(folder)]


def test_the_last_90_days_are_kept_whole_and_one_a_week_before(tmp_path: Path) -> None:
    folder = tmp_path / "floors.yaml.history"
    _versions_every_half_day(folder, 200)
    before = {v.number: dt.datetime.fromisoformat(v.at) for v in history.versions(folder)}
    gone = history.prune(folder, NOW)
    times = _times(folder)
    recent = [t for t in times if t >= NOW - dt.timedelta(days=90)]
    assert len(recent) == 2 * 90 + 1  # every one of the last 90 days (both ends included)
    older = [t for t in times if t < NOW - dt.timedelta(days=90)]
    weeks = [t.isocalendar()[:2] for t in older]
    assert len(weeks) == len(set(weeks))  # one a week
    assert 15 <= len(older) <= 17  # the 110 older days are 16 weeks or so
    assert all(not (folder / f"{n:06d}.yaml").exists() for n in gone)
    # Each week kept its last version: no pruned version is later in the same week.
    for t in older:
        later = [n for n in gone if before[n].isocalendar()[:2] == t.isocalendar()[:2] and before[n] > t]
        assert not later
    assert history.versions(folder)[0].number == 400  # the newest is always kept


def test_how_long_every_version_is_kept_is_configurable(tmp_path: Path) -> None:
    folder = tmp_path / "floors.yaml.history"
    _versions_every_half_day(folder, 30)
    history.prune(folder, NOW, keep_days=7)
    times = _times(folder)
    assert len([t for t in times if t >= NOW - dt.timedelta(days=7)]) == 15
    assert len(times) < 25


def test_orphan_files_never_break_a_save(tmp_path: Path) -> None:
    folder = tmp_path / "floors.yaml.history"
    folder.mkdir()
    history.record(folder, "floors.yaml", "a: 1\n", "a: 2\n", "wang", "first")  # versions 1 and 2
    (folder / "000003.yaml").write_text("half written\n")  # its description never came
    (folder / "000004.json").write_text("{not json")
    (folder / "000005.json").mkdir()  # a folder named like a version
    (folder / "000002.yaml").unlink()  # the newest version's bytes gone: only its description left
    (folder / "notes.txt").write_text("staff's own notes\n")
    number = history.record(folder, "floors.yaml", "a: 2\n", "a: 3\n", "wang", "second")
    assert number == 6 and history.content_of(folder, 6) == b"a: 3\n"
    assert [v.number for v in history.versions(folder)][:1] == [6]
    assert (folder / "notes.txt").read_text() == "staff's own notes\n"


def test_an_orphan_in_history_never_breaks_a_save_through_the_real_server(tmp_path: Path) -> None:
    path = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, path)
    accounts.add_account(tmp_path / "staff.json", "wang", "correct horse battery", "editor")
    folder = tmp_path / "floors.yaml.history"
    folder.mkdir()
    (folder / "000001.json").mkdir()
    (folder / "000002.json").write_text("{broken")
    with running_server(path) as server:
        browser = StaffHttp(server.port).sign_in("wang", "correct horse battery")
        form = {**browser.hidden("/staff/notices/new"), "text.zh": "孤儿文件", "text.en": "", "level": "info"}
        assert browser.request("POST", "/staff/notices/new", {**form, "starts": "", "ends": ""}).status == 302
        assert browser.get("/staff/history").status == 200
    assert "孤儿文件" in path.read_text(encoding="utf-8")
    assert [v.number for v in history.versions(folder)] == [4, 3]  # the file before, then the save
