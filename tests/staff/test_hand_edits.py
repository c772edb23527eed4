"""A hand edit made while a console save works is never lost.

A real `kiosk serve` in a subprocess; one thread appends lines to floors.yaml by hand, in
bursts 0.2-0.6 s apart, as an editor on the server would, while a staff member posts notices through the
console as fast as it answers. Every hand-written byte must still be in the file at the end,
and every notice the console said it saved too: a save that met a hand edit is refused (409,
input kept) and sent again on the new version, as a person would.
"""

from __future__ import annotations

import random
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from kiosk.staff import accounts
from tests.helpers.buildings import BUNDLED
from tests.helpers.servers import running_server
from tests.helpers.staff_http import StaffHttp

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"
SAVES = 5
MAX_SECONDS = 120  # enough on a loaded two-core box; a quiet one is done in about 20 s


def _hand_editor(path: Path, stop: threading.Event, saved: threading.Event, written: list[str]) -> None:
    """Append comment lines by hand, as `echo >> floors.yaml` does: bursts of 2 s, a line every 0.2-0.6 s
    (the case the issue measured), then a pause until the console has saved once more (however slow the box)."""
    rng = random.Random(22)
    number = 0
    while not stop.is_set():
        burst_ends = time.monotonic() + 2.0
        while time.monotonic() < burst_ends and not stop.wait(rng.uniform(0.2, 0.6)):
            number += 1
            line = f"# hand edit {number} at {time.monotonic():.3f}\n"
            with path.open("a", encoding="utf-8") as out:
                out.write(line)
            written.append(line)
        saved.wait(timeout=15)
        saved.clear()


def _post_notice(browser: StaffHttp, text: str) -> int:
    """Post one notice through the form: 302 saved, 409 refused because the file changed meanwhile."""
    hidden = browser.hidden("/staff/notices/new")
    form = {**hidden, "text.zh": text, "text.en": "", "level": "info", "starts": "", "ends": ""}
    return browser.request("POST", "/staff/notices/new", form).status


def test_no_hand_edit_is_lost_while_the_console_saves(tmp_path: Path) -> None:
    path = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, path)
    accounts.add_account(tmp_path / "staff.json", "wang", PASSWORD, "editor")
    written: list[str] = []
    saved: list[str] = []
    refused = 0
    with running_server(path) as server:
        browser = StaffHttp(server.port).sign_in("wang", PASSWORD)
        stop, saved_once = threading.Event(), threading.Event()
        editor = threading.Thread(target=_hand_editor, args=(path, stop, saved_once, written), daemon=True)
        editor.start()
        deadline = time.monotonic() + MAX_SECONDS
        attempt = 0
        while time.monotonic() < deadline and not (len(saved) >= SAVES and refused >= 1 and len(written) >= 10):
            attempt += 1
            text = f"控制台通知 {attempt}"
            status = _post_notice(browser, text)
            assert status in (302, 409), status
            if status == 302:
                saved.append(text)
                saved_once.set()
            else:
                refused += 1
        stop.set()
        editor.join()
    final = path.read_text(encoding="utf-8")
    lost = [line for line in written if line not in final]
    lost_bytes = sum(len(line.encode()) for line in lost)
    print(f"{len(saved)} saves, {refused} refused, {len(written)} hand edits, {lost_bytes} bytes lost")
    assert len(written) >= 10 and len(saved) >= SAVES and refused >= 1  # the race really ran, both ways
    assert lost_bytes == 0, lost
    missing = [text for text in saved if not re.search(re.escape(text) + r"\b", final)]
    assert not missing  # what the console said it saved is there too
    # The newest kept version is the last save, and only hand lines came after it: history never runs ahead.
    newest = sorted((tmp_path / "floors.yaml.history").glob("*.yaml"))[-1].read_text(encoding="utf-8")
    assert final.startswith(newest) and saved[-1] in newest


def test_a_hand_edit_while_history_is_written_refuses_the_save_and_takes_the_version_back(tmp_path: Path) -> None:
    """The check is at the replace: a line written after the save began wins, and history forgets the save."""
    from kiosk.staff import edits, yamledit

    path = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, path)
    taken_back: list[bool] = []

    def hand_edit_meanwhile(outcome: yamledit.Outcome) -> object:
        with path.open("a", encoding="utf-8") as out:
            out.write("# typed by hand during the save\n")
        return lambda: taken_back.append(True)

    change = edits.set_notice(None, {"text.zh": "新通知"})
    outcome = yamledit.save(path, yamledit.current_version(path), change, hand_edit_meanwhile)  # type: ignore[arg-type]
    assert outcome.conflict and not outcome.saved and taken_back == [True]
    text = path.read_text(encoding="utf-8")
    assert text.endswith("# typed by hand during the save\n") and "新通知" not in text
    assert not list(tmp_path.glob(".floors.yaml.*"))  # no temp file or guard link left behind
