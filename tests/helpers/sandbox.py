"""A real server in a private mount namespace where folders are read-only, as systemd's sandbox makes them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.staff_http import StaffHttp


def _can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    return probe.returncode == 0


needs_unshare = pytest.mark.skipif(not _can_unshare(), reason="unshare -m is not allowed here (needs root)")


def read_only(*folders: Path) -> tuple[str, ...]:
    """A command prefix: a private mount namespace in which each folder is a read-only bind of itself."""
    mounts = " && ".join(f"mount --bind '{f}' '{f}' && mount -o remount,bind,ro '{f}' '{f}'" for f in folders)
    return ("unshare", "-m", "--propagation", "private", "sh", "-c", f'{mounts} && exec "$0" "$@"')


def post_notice(browser: StaffHttp, text: str) -> tuple[int, str]:
    """Post a notice through the form; the status and the page."""
    form = {**browser.hidden("/staff/notices/new"), "text.zh": text, "text.en": "", "level": "info"}
    reply = browser.request("POST", "/staff/notices/new", {**form, "starts": "", "ends": ""})
    return reply.status, reply.text
