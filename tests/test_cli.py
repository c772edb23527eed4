"""`kiosk check` and `kiosk serve`, as staff and the installer run them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import main
from tests.helpers.buildings import BUNDLED, ROOT
from tests.helpers.servers import free_port


def test_check_ok_on_the_bundled_building() -> None:
    result = CliRunner().invoke(main, ["check", str(BUNDLED)])
    assert result.exit_code == 0
    assert result.stdout.startswith("OK: 7 floors, 16 spaces, 21 facilities, 1 kiosk, 3 notices")
    assert "warning: building.public_url is not set" in result.stderr


def test_check_defaults_to_floors_yaml_in_the_working_directory(building_copy: Path, monkeypatch) -> None:
    monkeypatch.chdir(building_copy.parent)
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0 and result.stdout.startswith("OK: 7 floors")


def test_check_names_every_problem_and_fails(edited) -> None:
    edited("category: sport", "category: sports")
    path = edited("    label: 4F", "    label: 3F")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("floors.yaml:")]
    assert len(lines) == 2
    assert any("label `3F` is used twice in floors" in line for line in lines)
    assert any("unknown category `sports`" in line for line in lines)
    assert "2 problem(s)" in result.stderr


def test_check_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1 and "cannot read" in result.stderr


def test_serve_refuses_a_broken_file(edited) -> None:
    path = edited("category: sport", "category: sports")
    result = CliRunner().invoke(main, ["serve", "--config", str(path), "--port", "9"])
    assert result.exit_code == 1
    assert "unknown category `sports`" in result.stderr and "Not starting" in result.stderr


def test_serve_runs_waitress_on_the_bundled_building() -> None:
    port = free_port()
    env = {**os.environ, "KIOSK_PORT": str(port), "KIOSK_LOBBY_PORT": str(free_port())}
    env["KIOSK_SPEECH_THREAD"] = "false"  # no speech clips rendered beside the repo's floors.yaml meanwhile
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "serve"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/zh/?kiosk=lobby", timeout=5) as response:
            assert "新泾镇公共服务综合楼" in response.read().decode()
            assert response.headers["Server"] == "kiosk"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_check_does_not_warn_about_public_url_set_by_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_PUBLIC_URL", "https://kiosk.example.org")
    result = CliRunner().invoke(main, ["check", str(BUNDLED)])
    assert result.exit_code == 0 and "public_url" not in result.stderr
