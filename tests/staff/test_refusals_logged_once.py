"""Visitors cannot fill the console's audit log: a refused request is written once per client per minute."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kiosk.staff import accounts, audit
from tests.helpers.buildings import BUNDLED
from tests.helpers.servers import running_server
from tests.helpers.staff_http import StaffHttp


def test_the_real_server_logs_a_stream_of_stale_forms_once(tmp_path: Path) -> None:
    shutil.copy(BUNDLED, tmp_path / "floors.yaml")
    accounts.add_account(tmp_path / "staff.json", "wang", "correct horse battery", "editor")
    log = tmp_path / "audit.jsonl"
    with running_server(tmp_path / "floors.yaml", env={"KIOSK_STAFF_AUDIT_LOG": str(log)}) as server:
        stranger = StaffHttp(server.port)
        for _ in range(50):  # a form replayed without its token, fifty times in a few seconds
            assert stranger.request("POST", "/staff/login", {"name": "wang", "password": "x"}).status == 400
        StaffHttp(server.port).sign_in("wang", "correct horse battery")  # staff's own events still written
    events = [json.loads(line)["event"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert events.count("csrf-refused") == 1 and events.count("sign-in") == 1


def test_each_client_is_logged_once_a_minute(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clock = {"now": 1000.0}
    monkeypatch.setattr(audit.time, "monotonic", lambda: clock["now"])
    log = tmp_path / "audit.jsonl"
    written = [
        audit.record_refusal(log, "csrf-refused", "-", client) for client in ("10.0.0.5", "10.0.0.5", "10.0.0.6")
    ]
    assert written == [True, False, True]
    clock["now"] += audit.REFUSAL_EVERY
    assert audit.record_refusal(log, "csrf-refused", "-", "10.0.0.5")  # a minute later: once more
    assert len(log.read_text(encoding="utf-8").splitlines()) == 3
