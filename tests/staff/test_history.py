"""The history staff read on /staff/history: every saved version, who saved it, what they did, the diff."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.load.site import content_version
from kiosk.staff.history import content_of, history_folder, record, unified_diff, versions


def test_the_history_folder_sits_beside_the_file():
    assert history_folder(Path("/srv/kiosk/floors.yaml")) == Path("/srv/kiosk/floors.yaml.history")


def test_the_first_save_keeps_the_file_as_it_was_then_the_change(tmp_path: Path):
    folder = tmp_path / "floors.yaml.history"
    number = record(folder, "floors.yaml", "a: 1\n", "a: 2\n", "wang", "changed a")
    assert number == 2
    second, first = versions(folder)
    assert (first.number, first.who, first.what) == (1, "-", "使用后台前的文件 / file before the console")
    assert first.version == content_version(b"a: 1\n") and content_of(folder, 1) == b"a: 1\n"
    assert first.diff == "--- floors.yaml (before)\n+++ floors.yaml (after)\n@@ -0,0 +1 @@\n+a: 1\n"
    assert (second.number, second.who, second.what) == (2, "wang", "changed a")
    assert second.version == content_version(b"a: 2\n") and content_of(folder, 2) == b"a: 2\n"
    assert second.diff == "--- floors.yaml (before)\n+++ floors.yaml (after)\n@@ -1 +1 @@\n-a: 1\n+a: 2\n"
    assert second.at.endswith("+00:00") and len(second.at) == 25  # to the second, in UTC


def test_saves_in_a_row_add_one_version_each(tmp_path: Path):
    folder = tmp_path / "h"
    record(folder, "floors.yaml", "a: 1\n", "a: 2\n", "wang", "one")
    assert record(folder, "floors.yaml", "a: 2\n", "a: 3\n", "li", "two") == 3
    assert [(v.number, v.who) for v in versions(folder)] == [(3, "li"), (2, "wang"), (1, "-")]


def test_a_hand_edit_between_saves_is_kept_as_its_own_version(tmp_path: Path):
    folder = tmp_path / "h"
    record(folder, "floors.yaml", "a: 1\n", "a: 2\n", "wang", "one")
    assert record(folder, "floors.yaml", "a: 2\nb: 1\n", "a: 3\nb: 1\n", "li", "two") == 4
    newest, hand, *_ = versions(folder)
    assert (hand.number, hand.who, hand.what) == (3, "-", "手工修改 / edited by hand")
    assert hand.diff.endswith("@@ -1 +1,2 @@\n a: 2\n+b: 1\n")
    assert content_of(folder, 3) == b"a: 2\nb: 1\n" and newest.number == 4


def test_a_broken_record_is_skipped_and_the_rest_listed(tmp_path: Path):
    folder = tmp_path / "h"
    record(folder, "floors.yaml", "a: 1\n", "a: 2\n", "wang", "one")
    (folder / "000003.json").write_text("{not json", encoding="utf-8")
    (folder / "000004.json").write_text(json.dumps({"who": "x"}), encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    assert [v.number for v in versions(folder)] == [2, 1]


def test_an_old_record_without_a_diff_reads_as_empty(tmp_path: Path):
    folder = tmp_path / "h"
    folder.mkdir()
    meta = {"version": "v", "who": "wang", "at": "2026-11-27T10:00:00+00:00", "what": "old"}
    (folder / "000001.json").write_text(json.dumps(meta), encoding="utf-8")
    (only,) = versions(folder)
    assert (only.number, only.diff, only.what) == (1, "", "old")


def test_the_diff_names_the_file_before_and_after():
    assert unified_diff("x\n", "y\n", "tower.yaml").splitlines()[:2] == [
        "--- tower.yaml (before)",
        "+++ tower.yaml (after)",
    ]
    assert unified_diff("same\n", "same\n", "floors.yaml") == ""


def test_chinese_stays_readable_in_the_kept_record(tmp_path: Path):
    folder = tmp_path / "h"
    record(folder, "floors.yaml", "a: 图书馆\n", "a: 阅览室\n", "王", "改名")
    raw = (folder / "000002.json").read_text(encoding="utf-8")
    assert "阅览室" in raw and "改名" in raw and '"who": "王"' in raw
