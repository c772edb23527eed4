"""`kiosk doctor`: check an install and say what to fix.

Each check is a plain function that returns a `Finding`; the things it looks at (the clock, the
font list, the PATH) are arguments, so tests can stand in for a machine.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import urllib.error
import urllib.request
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.load.loader import check_building
from kiosk.model.building import Building
from kiosk.model.public_url import validate_public_url
from kiosk.speech.engine import ENGINE, INSTALL_HINT, VOICES

Level = Literal["ok", "warn", "fix"]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
EARLIEST_SANE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)  # before this the clock was never set (no RTC battery)
LATEST_SANE = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Finding:
    """One check's result: what was looked at, what was found, and what to do about it."""

    level: Level
    name: str
    detail: str
    fix: str = ""

    def __str__(self) -> str:
        label = {"ok": "OK  ", "warn": "WARN", "fix": "FIX "}[self.level]
        return f"{label} {self.name}: {self.detail}" + (f"\n     -> {self.fix}" if self.fix else "")


def check_file(path: Path) -> tuple[Finding, Building | None]:
    """floors.yaml is readable and valid."""
    building, problems = check_building(path)
    errors = [p for p in problems if p.severity == "error"]
    if building is None or errors:
        first = str(errors[0]) if errors else "not readable"
        detail = f"{path}: {len(errors) or 1} problem(s), first: {first}"
        return Finding("fix", "building file", detail, f"run `kiosk check {path}` and fix every line it names"), None
    return Finding("ok", "building file", f"{path} is valid"), building


def check_timezone(building: Building, local_offset: dt.timedelta | None, now: dt.datetime) -> Finding:
    """The machine's clock shows the building's local time (the browser's clock and the logs use it)."""
    zone = building.building.timezone
    expected = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    if local_offset == expected:
        return Finding("ok", "time zone", f"the machine is on {zone} time")
    return Finding(
        "warn",
        "time zone",
        f"the machine's offset is {local_offset}, the building's ({zone}) is {expected}",
        f"sudo timedatectl set-timezone {zone}",
    )


def check_clock(now: dt.datetime) -> Finding:
    """The clock is set (a PC without a network or an RTC battery can wake up in 1970)."""
    if EARLIEST_SANE <= now < LATEST_SANE:
        return Finding("ok", "clock", now.isoformat(timespec="seconds"))
    return Finding(
        "fix",
        "clock",
        f"the clock says {now.isoformat(timespec='seconds')}: opening hours would be wrong",
        "set the time (sudo timedatectl set-ntp true, or set-time 'YYYY-MM-DD HH:MM')",
    )


def check_fonts(cjk_fonts: list[str]) -> Finding:
    """A Chinese font is installed, or Chromium draws boxes instead of 图书馆."""
    if cjk_fonts:
        return Finding("ok", "Chinese fonts", f"{len(cjk_fonts)} installed, e.g. {cjk_fonts[0]}")
    return Finding("fix", "Chinese fonts", "no font for Chinese is installed", "sudo apt-get install -y fonts-noto-cjk")


def check_browser(which: Callable[[str], str | None]) -> Finding:
    """Chromium is there to show the lobby screen."""
    for name in BROWSERS:
        found = which(name)
        if found:
            return Finding("ok", "browser", found)
    return Finding("fix", "browser", "no Chromium found", "sudo apt-get install -y chromium")


def check_speech(which: Callable[[str], str | None]) -> Finding:
    """espeak-ng is there to read pages aloud; without it the Read aloud button is not shown."""
    found = which(ENGINE)
    if found is None:
        return Finding(
            "warn", "read aloud", "espeak-ng is not installed: pages show no Read aloud button", INSTALL_HINT
        )
    extra = "" if which("sox") else " (install sox for clips a quarter the size: sudo apt-get install -y sox)"
    return Finding("ok", "read aloud", f"{found}, voices {VOICES['zh']} and {VOICES['en']}{extra}")


def check_public_url(base: str | None, fetch: Callable[[str], int] | None, allow_http: bool = False) -> Finding:
    """The address inside the QR codes is set and valid, and answers when `fetch` is given."""
    if not base:
        return Finding(
            "warn",
            "public URL",
            "not set: the kiosk shows preview codes only phones on this network can open",
            "set public_url: in floors.yaml, $KIOSK_PUBLIC_URL or --public-url",
        )
    try:
        base = validate_public_url(base, allow_http)  # the same rules as `kiosk serve`
    except ValueError as error:
        return Finding("fix", "public URL", str(error), "correct --public-url or $KIOSK_PUBLIC_URL")
    if fetch is None:
        return Finding("ok", "public URL", f"{base} (not tried: --offline)")
    try:
        status = fetch(base.rstrip("/") + "/healthz")
    except (OSError, urllib.error.URLError) as error:
        reason = f"{base} did not answer ({error})"
        return Finding("warn", "public URL", reason, "check DNS, the proxy and the firewall")
    if status != 200:
        return Finding("warn", "public URL", f"{base}/healthz answered {status}", "check the proxy in front of kiosk")
    return Finding("ok", "public URL", f"{base} answers")


def installed_cjk_fonts() -> list[str]:
    """Font families that cover Chinese, from fontconfig (empty when fc-list is missing)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


def http_status(url: str) -> int:
    """GET `url` with a short timeout; its status code."""
    request = urllib.request.Request(url, headers={"User-Agent": "kiosk-doctor"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def local_offset_now(now: dt.datetime) -> dt.timedelta | None:
    """The machine's own UTC offset at `now`."""
    return now.astimezone().utcoffset()


def run_checks(
    path: Path,
    public_url: str | None,
    *,
    allow_http: bool = False,
    now: dt.datetime | None = None,
    which: Callable[[str], str | None] | None = None,
    fonts: Callable[[], list[str]] | None = None,
    fetch: Callable[[str], int] | None = http_status,
    local_offset: Callable[[dt.datetime], dt.timedelta | None] | None = None,
) -> list[Finding]:
    """Every check, in the order an installer would fix them; the keyword arguments stand in for the machine."""
    moment = now or dt.datetime.now(dt.UTC)
    which = which or shutil.which
    fonts = fonts or installed_cjk_fonts
    local_offset = local_offset or local_offset_now
    file_finding, building = check_file(path)
    findings = [file_finding, check_clock(moment)]
    if building is not None:
        findings.append(check_timezone(building, local_offset(moment), moment))
        findings.append(check_public_url(public_url or building.building.public_url, fetch, allow_http))
    findings += [check_fonts(fonts()), check_browser(which), check_speech(which)]
    return findings
