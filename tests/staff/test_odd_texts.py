"""No 500 from a form: every text a person can type is saved as typed; a full disk refuses the save.

Notice texts that YAML would read as something else (`? why`, `:)`, `yes`, `12:30`) are posted through
the real waitress and read back from the kiosk's own pages and the file, exactly. On a full disk (a
small tmpfs in a private mount namespace) the save is refused with the input kept, floors.yaml is
unchanged, and neither history nor the audit log names a version that never reached the file.
"""

from __future__ import annotations

import errno
import html
import json
import os
import shutil
from pathlib import Path

import pytest

from kiosk.load.loader import load_building
from kiosk.staff import accounts, edits, yamledit
from tests.helpers.buildings import BUNDLED
from tests.helpers.sandbox import needs_unshare, post_notice
from tests.helpers.servers import running_server
from tests.helpers.staff_http import StaffHttp

PASSWORD = "correct horse battery"
ODD_TEXTS = ("? why", ":)", ":D 好", "yes", "on", "12:30", "no", "~", "- 注意", "# 不是注释", "a: b", "[1, 2]",
             "{x}", "&a *b", "!important", "%20", "@all", "`code`", "'单引号", '"双引号"', "1e3", "0x1F",
             "2026-12-08", ".inf", "null", "50%", "问题？答案：是", "back\\slash", "a | b > c")  # fmt: skip


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_every_odd_text_is_saved_as_typed(tmp_path: Path, text: str) -> None:
    path = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, path)
    change = edits.set_notice(None, {"text.zh": text, "text.en": f"en {text}"})
    outcome = yamledit.save(path, yamledit.current_version(path), change, lambda _: None)
    assert outcome.saved, outcome.problems
    notice = load_building(path).notices[-1]
    assert (notice.text.root["zh"], notice.text.root["en"]) == (text, f"en {text}")


def test_odd_texts_through_the_real_server_read_back_on_the_visitors_page(tmp_path: Path) -> None:
    path = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, path)
    accounts.add_account(tmp_path / "staff.json", "wang", PASSWORD, "editor")
    with running_server(path) as server:
        browser = StaffHttp(server.port).sign_in("wang", PASSWORD)
        for text in ("? why", ":)", ":D 好", "yes", "on", "12:30"):
            status, page = post_notice(browser, text)
            assert status == 302, (text, page[:300])
        home = html.unescape(browser.get("/zh/").text)
    texts = [n.text.root["zh"] for n in load_building(path).notices]
    for text in ("? why", ":)", ":D 好", "yes", "on", "12:30"):
        assert text in texts and text in home


def _fill(folder: Path) -> Path:
    """Fill the file system holding `folder` to the last byte."""
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(handle, b"\0" * 4096)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(handle)
    return filler


@needs_unshare
def test_a_full_disk_refuses_the_save_keeps_the_input_and_records_nothing(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(BUNDLED, source / "floors.yaml")
    accounts.add_account(source / "staff.json", "wang", PASSWORD, "editor")
    disk = tmp_path / "disk"  # a 2 MB tmpfs seen by the server only: floors.yaml, its history and state
    disk.mkdir()
    mount = f"mount -t tmpfs -o size=2m tmpfs '{disk}' && cp '{source}/floors.yaml' '{source}/staff.json' '{disk}/'"
    wrap = ("unshare", "-m", "--propagation", "private", "sh", "-c", f'{mount} && exec "$0" "$@"')
    with running_server(disk / "floors.yaml", wrap=wrap) as server:
        seen = Path(f"/proc/{server.pid}/root") / disk.relative_to("/")  # the tmpfs, as the server sees it
        browser = StaffHttp(server.port).sign_in("wang", PASSWORD)
        assert post_notice(browser, "第一条")[0] == 302  # history and audit exist before the disk fills
        kept_before = sorted(p.name for p in (seen / "floors.yaml.history").iterdir())
        before = (seen / "floors.yaml").read_bytes()
        filler = _fill(seen)
        status, page = post_notice(browser, "磁盘满了也不丢")
        assert status == 503 and "磁盘满了也不丢" in page and "disk is full" in page
        assert (seen / "floors.yaml").read_bytes() == before
        assert sorted(p.name for p in (seen / "floors.yaml.history").iterdir()) == kept_before
        audit = (seen / "staff-audit.jsonl").read_text(encoding="utf-8")
        assert [json.loads(line)["event"] for line in audit.splitlines()].count("change") == 1
        assert not [p for p in seen.iterdir() if p.name.startswith(".floors.yaml.")]  # no temp file left
        filler.unlink()
        assert post_notice(browser, "磁盘满了也不丢")[0] == 302  # room again: the same input saves
        assert "磁盘满了也不丢" in (seen / "floors.yaml").read_text(encoding="utf-8")
