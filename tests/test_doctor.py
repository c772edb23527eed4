"""`kiosk doctor`: every check says what it found and what to fix, on stand-in machines."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from kiosk import doctor
from kiosk.cli import main
from tests.helpers.buildings import BUNDLED

NOW = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
SHANGHAI_OFFSET = dt.timedelta(hours=8)


def findings(**machine) -> dict[str, doctor.Finding]:
    options = {
        "now": NOW,
        "which": lambda name: f"/usr/bin/{name}" if name in ("chromium", "espeak-ng", "sox") else None,
        "fonts": lambda: ["Noto Sans CJK SC"],
        "fetch": lambda url: 200,
        "local_offset": lambda moment: SHANGHAI_OFFSET,
    }
    options.update(machine)
    path = options.pop("path", BUNDLED)
    public_url = options.pop("public_url", "https://kiosk.example.org")
    return {f.name: f for f in doctor.run_checks(path, public_url, **options)}


def test_a_good_install_is_all_ok():
    found = findings()
    assert {f.level for f in found.values()} == {"ok"}
    assert set(found) == {"building file", "clock", "time zone", "public URL", "Chinese fonts", "browser", "read aloud"}


def test_each_problem_names_its_fix():
    found = findings(
        now=dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        which=lambda name: None,
        fonts=lambda: [],
        local_offset=lambda moment: dt.timedelta(0),
        public_url=None,
    )
    assert found["clock"].level == "fix" and "timedatectl" in found["clock"].fix
    # Without espeak-ng the kiosk runs as before, with no Read aloud button: a warning that says what to install.
    assert found["read aloud"].level == "warn" and "apt-get install -y espeak-ng" in found["read aloud"].fix
    assert found["browser"].level == "fix" and "apt-get install -y chromium" in found["browser"].fix
    assert found["Chinese fonts"].level == "fix" and "fonts-noto-cjk" in found["Chinese fonts"].fix
    assert found["time zone"].level == "warn" and "set-timezone Asia/Shanghai" in found["time zone"].fix
    assert found["public URL"].level == "warn" and "public_url:" in found["public URL"].fix


def test_an_unreachable_public_url_is_a_warning():
    def refuse(url: str) -> int:
        raise OSError("connection refused")

    assert findings(fetch=refuse)["public URL"].level == "warn"
    assert findings(fetch=lambda url: 502)["public URL"].detail.endswith("answered 502")


def test_a_broken_file_is_a_fix_and_the_command_exits_1(edited):
    path = edited("category: sport", "category: sports")
    runner = CliRunner()
    result = runner.invoke(main, ["doctor", "--config", str(path), "--offline"])
    assert result.exit_code == 1
    assert "FIX  building file" in result.output and "kiosk check" in result.output


def test_the_command_prints_every_check(monkeypatch):
    monkeypatch.setattr(doctor, "installed_cjk_fonts", lambda: ["Noto Sans CJK SC"])
    monkeypatch.setattr(doctor.shutil, "which", lambda name: "/usr/bin/" + name)
    result = CliRunner().invoke(
        main, ["doctor", "--config", str(BUNDLED), "--offline", "--public-url", "https://kiosk.example.org"]
    )
    assert result.exit_code == 0, result.output
    for name in ("building file", "clock", "time zone", "public URL", "Chinese fonts", "browser"):
        assert name in result.output
    assert "Ready" in result.output
