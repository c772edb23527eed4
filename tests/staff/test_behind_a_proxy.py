"""The console through the real waitress: a forwarded header from outside never reaches it.

waitress removes proxy headers no trusted proxy sent before the app runs, so the Flask test client
cannot show this: these tests start `kiosk serve` (and `waitress-serve --call kiosk:create_app`) in a
subprocess and send what curl would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.buildings import ROOT
from tests.helpers.servers import free_port, running_server, wait_until_up
from tests.helpers.staff_http import StaffHttp

PASSWORD = "correct horse battery"
SPOOFS = (
    {"X-Forwarded-For": "8.8.8.8"},
    {"Forwarded": "for=8.8.8.8"},
    {"X-Forwarded-For": "127.0.0.1"},  # claims loopback: still a proxy speaking for someone
    {"X-Real-IP": "8.8.8.8"},
)


def test_kiosk_serve_refuses_the_console_to_a_forwarded_header_from_outside(staff_building: Path) -> None:
    with running_server(staff_building) as server:
        browser = StaffHttp(server.port)
        assert browser.get("/staff/login").status == 200  # a staff member on this machine
        browser.sign_in("wang", PASSWORD)
        assert browser.get("/staff/").status == 200
        for spoof in SPOOFS:
            assert StaffHttp(server.port).get("/staff/login", headers=spoof).status == 404, spoof
            assert browser.get("/staff/", headers=spoof).status == 404, spoof  # signed in, yet refused
        assert browser.get("/staff/").status == 200  # the same cookie without the header still works


def test_behind_the_trusted_proxy_the_client_it_names_decides(staff_building: Path) -> None:
    with running_server(staff_building, "--trusted-proxy", "127.0.0.1") as server:
        browser = StaffHttp(server.port)
        assert browser.get("/staff/login", headers={"X-Forwarded-For": "192.168.1.20"}).status == 200  # office PC
        assert browser.get("/staff/login", headers={"X-Forwarded-For": "8.8.8.8"}).status == 404  # the internet
        # A header the proxy passed on from its client, not one it vouches for.
        both = {"X-Forwarded-For": "192.168.1.20", "Forwarded": "for=192.168.1.20"}
        assert browser.get("/staff/login", headers=both).status == 404


def test_waitress_serve_call_never_counts_a_same_host_proxy_as_staff(staff_building: Path) -> None:
    """`waitress-serve --call kiosk:create_app`: its waitress hides proxy headers, so loopback is never staff."""
    env = {**os.environ, "KIOSK_CONFIG": str(staff_building), "KIOSK_EVENT_FEEDS_THREAD": "false"}
    trusted = ["--trusted-proxy=127.0.0.1", "--trusted-proxy-headers=x-forwarded-for"]
    for extra in ([], trusted):
        port = free_port()
        command = [sys.executable, "-m", "waitress", f"--listen=127.0.0.1:{port}"]
        process = subprocess.Popen(
            [*command, *extra, "--call", "kiosk:create_app"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_until_up(process, (port,))
            browser = StaffHttp(port)
            assert browser.get("/staff/login", headers={"X-Forwarded-For": "8.8.8.8"}).status == 404
            assert browser.get("/staff/login").status == 404  # a same-host proxy whose header was removed
            # Even a header that waitress believed: the app cannot tell it from one it failed to remove
            # (--no-clear-untrusted-proxy-headers), so a console behind a proxy needs `kiosk serve`.
            assert browser.get("/staff/login", headers={"X-Forwarded-For": "192.168.1.20"}).status == 404
        finally:
            process.terminate()
            process.wait(timeout=10)
