"""Console sessions end, through the real waitress.

Signing out, a new password and an account's removal end every session of that account at once:
the same cookie replayed, and another PC signed in as the same person, are sent back to sign-in.
A session lasts the 8 hours of a working day from sign-in, and using it does not make it last longer.
"""

from __future__ import annotations

import email.utils
import shutil
import time
from pathlib import Path

import pytest

from kiosk.staff import accounts
from tests.helpers.buildings import BUNDLED
from tests.helpers.servers import running_server
from tests.helpers.staff_http import StaffHttp

PASSWORD = "correct horse battery"


@pytest.fixture
def building(tmp_path: Path) -> Path:
    path = tmp_path / "floors.yaml"
    shutil.copy(BUNDLED, path)
    accounts.add_account(tmp_path / "staff.json", "wang", PASSWORD, "editor")
    accounts.add_account(tmp_path / "staff.json", "li", "another long password", "admin")
    return path


def signed_out(browser: StaffHttp) -> bool:
    """Whether /staff/ sends this browser back to the sign-in form."""
    reply = browser.get("/staff/notices")
    return reply.status == 302 and reply.headers["location"].endswith("/staff/login")


def test_signing_out_ends_every_session_of_the_account_and_a_replayed_cookie(building: Path) -> None:
    with running_server(building) as server:
        office = StaffHttp(server.port).sign_in("wang", PASSWORD)
        copied = StaffHttp(server.port, cookies=dict(office.cookies))  # the same cookie, replayed later
        phone = StaffHttp(server.port).sign_in("wang", PASSWORD)  # the same person on another device
        colleague = StaffHttp(server.port).sign_in("li", "another long password")
        assert not signed_out(copied) and not signed_out(phone)
        reply = office.request("POST", "/staff/logout", office.hidden("/staff/notices"))
        assert reply.status == 302
        assert signed_out(copied) and signed_out(phone)
        assert not signed_out(colleague)  # another account's session is not touched
        assert not signed_out(StaffHttp(server.port).sign_in("wang", PASSWORD))  # signing in again works


def test_a_new_password_and_a_removed_account_end_their_sessions(building: Path) -> None:
    staff = building.with_name("staff.json")
    with running_server(building) as server:
        wang = StaffHttp(server.port).sign_in("wang", PASSWORD)
        li = StaffHttp(server.port).sign_in("li", "another long password")
        accounts.add_account(staff, "wang", "a brand new password", "editor")  # as `kiosk staff add wang` does
        assert signed_out(wang) and not signed_out(li)
        wang = StaffHttp(server.port).sign_in("wang", "a brand new password")
        form = {**li.hidden("/staff/accounts"), "action": "remove", "name": "wang"}
        assert li.request("POST", "/staff/accounts", form).status == 302
        assert signed_out(wang) and not signed_out(li)  # the admin who removed it stays signed in


def test_the_cookie_lasts_a_working_day_not_the_31_days_of_flask(building: Path) -> None:
    with running_server(building) as server:
        browser = StaffHttp(server.port)
        reply = browser.request(
            "POST", "/staff/login", {**browser.hidden("/staff/login"), "name": "wang", "password": PASSWORD}
        )
        expires = reply.headers["set-cookie"].split("Expires=")[1].split(";")[0]
        hours = (email.utils.parsedate_to_datetime(expires).timestamp() - time.time()) / 3600
        assert 7.9 < hours <= 8.0


def test_a_session_in_use_still_ends_when_its_time_is_up(building: Path) -> None:
    """With a 4-second working day: a request every half second does not keep the session alive."""
    with running_server(building, env={"KIOSK_STAFF_SESSION_HOURS": str(4 / 3600)}) as server:
        browser = StaffHttp(server.port).sign_in("wang", PASSWORD)
        began = time.monotonic()
        while time.monotonic() - began < 3:
            assert not signed_out(browser)
            time.sleep(0.5)
        time.sleep(max(0.0, 4.5 - (time.monotonic() - began)))
        assert signed_out(browser)
