"""The shipped unit's sandbox: the console works with floors.yaml's folder read-only.

`deploy/kiosk.service` keeps /srv/kiosk read-only and gives the server /var/lib/kiosk (StateDirectory=,
passed as $STATE_DIRECTORY) for what it writes. Here a real `kiosk serve` runs inside a private mount
namespace (`unshare -m`) where the building's folder is a read-only bind mount, as systemd would make
it: staff sign in and see every page; a save says plainly that the file cannot be written (never a
500) and keeps the input; with the console drop-in (the folder writable) the same save goes through.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.staff import accounts
from tests.helpers.buildings import BUNDLED, ROOT
from tests.helpers.sandbox import needs_unshare, post_notice, read_only
from tests.helpers.servers import running_server
from tests.helpers.staff_http import StaffHttp

DEPLOY = ROOT / "deploy"
PASSWORD = "correct horse battery"


def building(tmp_path: Path) -> tuple[Path, Path]:
    """floors.yaml in /srv-like folder, and an empty state folder with the first account (as `kiosk staff add`)."""
    srv, state = tmp_path / "srv", tmp_path / "state"
    srv.mkdir()
    state.mkdir()
    shutil.copy(BUNDLED, srv / "floors.yaml")
    accounts.add_account(state / "staff.json", "wang", PASSWORD, "editor")
    return srv / "floors.yaml", state


@needs_unshare
def test_a_read_only_building_folder_gives_staff_a_message_not_a_500(tmp_path: Path) -> None:
    path, state = building(tmp_path)
    before = path.read_bytes()
    with running_server(path, env={"STATE_DIRECTORY": str(state)}, wrap=read_only(path.parent)) as server:
        browser = StaffHttp(server.port).sign_in("wang", PASSWORD)
        for page in ("/staff/", "/staff/notices", "/staff/history", "/staff/notices/new"):
            assert browser.get(page).status == 200, page
        status, page = post_notice(browser, "电梯检修")
    assert status == 503
    assert "cannot write the building file" in page and "电梯检修" in page  # said plainly, input kept
    assert path.read_bytes() == before
    assert (state / ".kiosk-secret").exists()  # the key went to the state folder, not beside floors.yaml
    assert not (state / "floors.yaml.history").exists() or not list((state / "floors.yaml.history").iterdir())
    events = [json.loads(line)["event"] for line in (state / "staff-audit.jsonl").read_text().splitlines()]
    assert "sign-in" in events and "change" not in events  # no record of a version that never reached the file


@needs_unshare
def test_with_the_console_drop_in_the_same_save_goes_through_and_state_stays_in_its_folder(tmp_path: Path) -> None:
    path, state = building(tmp_path)
    with running_server(path, env={"STATE_DIRECTORY": str(state)}) as server:
        browser = StaffHttp(server.port).sign_in("wang", PASSWORD)
        status, _ = post_notice(browser, "电梯检修")
    assert status == 302 and "电梯检修" in path.read_text(encoding="utf-8")
    assert list((state / "floors.yaml.history").glob("*.yaml"))
    beside = {p.name for p in path.parent.iterdir()}
    assert beside == {"floors.yaml"}  # nothing but the building's own file in its folder


@needs_unshare
def test_even_with_nothing_writable_the_console_answers(tmp_path: Path) -> None:
    """The unit as it was (no StateDirectory=): sign-in works on a key kept in memory; a save is refused."""
    path, state = building(tmp_path)
    with running_server(path, env={"STATE_DIRECTORY": str(state)}, wrap=read_only(path.parent, state)) as server:
        browser = StaffHttp(server.port).sign_in("wang", PASSWORD)
        assert browser.get("/staff/notices").status == 200
        status, page = post_notice(browser, "电梯检修")
    assert status == 503 and "电梯检修" in page


def unit_dir(tmp_path: Path, console: bool) -> Path:
    """kiosk.service (and, with the console, its drop-in) where systemd-analyze finds them, programs stood in."""
    text = DEPLOY.joinpath("kiosk.service").read_text().replace("/usr/local/bin/kiosk", "/bin/true")
    tmp_path.joinpath("kiosk.service").write_text(text)
    if console:
        tmp_path.joinpath("kiosk.service.d").mkdir()
        shutil.copy(DEPLOY / "kiosk-console.conf", tmp_path / "kiosk.service.d" / "console.conf")
    return tmp_path / "kiosk.service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize("console", [False, True])
def test_the_unit_and_its_console_drop_in_verify_without_a_warning(tmp_path: Path, console: bool) -> None:
    result = subprocess.run(["systemd-analyze", "verify", str(unit_dir(tmp_path, console))], capture_output=True)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr.decode()


def test_the_unit_keeps_state_in_its_state_directory_and_floors_yaml_read_only_unless_the_console_is_on() -> None:
    unit = DEPLOY.joinpath("kiosk.service").read_text()
    assert "StateDirectory=kiosk\n" in unit and "ReadOnlyPaths=/srv/kiosk\n" in unit
    assert "ReadWritePaths" not in unit
    drop_in = DEPLOY.joinpath("kiosk-console.conf").read_text()
    assert "ReadOnlyPaths=\n" in drop_in and "ReadWritePaths=/srv/kiosk\n" in drop_in
