"""Lock-outs cannot be raced: 40 wrong passwords sent at once count 40, through the real waitress.

Each try is counted before its password is hashed, in the same step as the check, so tries that
arrive together cannot all pass the check while the first ones are still being verified.
"""

from __future__ import annotations

import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kiosk.staff import accounts
from tests.helpers.buildings import BUNDLED
from tests.helpers.servers import running_server
from tests.helpers.staff_http import StaffHttp

PASSWORD = "correct horse battery"
TRIES = 40


def test_forty_parallel_wrong_passwords_count_forty_and_lock_the_account(tmp_path: Path) -> None:
    path = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, path)
    accounts.add_account(tmp_path / "staff.json", "wang", PASSWORD, "editor")
    with running_server(path) as server:
        first = StaffHttp(server.port)
        hidden = first.hidden("/staff/login")  # one session's token, as a script would reuse it

        def wrong(attempt: int) -> int:
            browser = StaffHttp(server.port, cookies=dict(first.cookies))
            form = {**hidden, "name": "wang", "password": f"wrong guess {attempt}"}
            return browser.request("POST", "/staff/login", form).status

        with ThreadPoolExecutor(TRIES) as pool:
            statuses = list(pool.map(wrong, range(TRIES)))
        assert statuses == [401] * TRIES
        with sqlite3.connect(tmp_path / "staff-lockout.sqlite") as db:
            (count,) = db.execute("SELECT count FROM failures WHERE name = 'wang'").fetchone()
        assert count == TRIES
        right = StaffHttp(server.port)
        form = {**right.hidden("/staff/login"), "name": "wang", "password": PASSWORD}
        reply = right.request("POST", "/staff/login", form)
        assert reply.status == 401 and "秒后再试" in reply.text  # locked: even the right password waits
