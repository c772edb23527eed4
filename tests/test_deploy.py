"""deploy/ (issue 12): the files an installer copies, checked with the tools that will read them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
README_FLAGS = re.findall(
    r"--[a-z-]+", ROOT.joinpath("README.md").read_text().split("chromium --kiosk", 1)[1].split("```")[0]
)


def site_config(tmp_path: Path, upstream: int, listen: int) -> Path:
    """The shipped nginx site inside a minimal nginx.conf, on test ports and a temporary cache."""
    site = DEPLOY.joinpath("nginx-kiosk.conf").read_text()
    site = site.replace("/var/cache/nginx/kiosk", str(tmp_path / "cache")).replace(
        "127.0.0.1:8080", f"127.0.0.1:{upstream}"
    )
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};").replace("listen [::]:80;", "")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "logs").mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n include {tmp_path}/site.conf;\n}}\n"
    )
    return conf


needs_nginx = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx)")


@needs_nginx
def test_the_nginx_site_passes_nginx_t(tmp_path: Path):
    conf = site_config(tmp_path, 8080, free_port())
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def get(url: str, encoding: str = "gzip") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, dict(response.headers), response.read()


@needs_nginx
def test_nginx_micro_caches_pages_and_serves_them_stale_while_waitress_is_down(tmp_path: Path):
    app_port, nginx_port = free_port(), free_port()
    command = [sys.executable, "-m", "kiosk", "serve", "--port", str(app_port), "--lobby-port", "0"]
    command += ["--config", str(ROOT / "floors.yaml")]
    quiet = {**os.environ, "KIOSK_SPEECH_THREAD": "false"}  # no speech clips rendered beside the repo's floors.yaml
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=quiet)
    conf = site_config(tmp_path, app_port, nginx_port)
    nginx = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"])
    try:
        base = f"http://127.0.0.1:{nginx_port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                get(base + "/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx or kiosk did not start"
                time.sleep(0.1)
        status, headers, body = get(base + "/zh/spaces/library")
        assert status == 200 and headers["X-Cache"] == "MISS" and headers["Content-Encoding"] == "gzip"
        assert get(base + "/zh/spaces/library")[1]["X-Cache"] == "HIT"
        assert get(base + "/healthz")[1].get("X-Cache", "") == ""  # never cached
        server.kill()
        server.wait(timeout=10)
        time.sleep(2.1)  # older than the 1 s micro-cache (nginx counts whole seconds)
        status, headers, stale = get(base + "/zh/spaces/library")
        assert status == 200 and headers["X-Cache"] in {"STALE", "UPDATING"} and stale == body
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        if server.poll() is None:
            server.kill()


UNITS = ["kiosk.service", "kiosk-browser.service", "kiosk-watchdog.service", "kiosk-watchdog.timer"]
PROGRAMS = ["/usr/local/bin/kiosk-watchdog", "/usr/local/bin/kiosk-browser", "/usr/local/bin/kiosk", "/usr/bin/cage"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize("unit", UNITS)
def test_systemd_units_verify(tmp_path: Path, unit: str):
    # The programs come with the install; stand-ins that exist let verify check everything else.
    for name in UNITS:
        text = DEPLOY.joinpath(name).read_text()
        for program in PROGRAMS:
            text = text.replace(program, "/bin/true")
        tmp_path.joinpath(name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / unit)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_server_unit_restarts_and_is_hardened():
    unit = DEPLOY.joinpath("kiosk.service").read_text()
    for line in ("Restart=always", "User=kiosk", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                 "PrivateTmp=yes", "CapabilityBoundingSet=\n", "--host 127.0.0.1"):  # fmt: skip
        assert line in unit


def test_the_server_unit_keeps_python_bytecode_caching():
    """Cold start (issue 12): without .pyc files every start compiles the app again (about 0.1 s of CPU)."""
    unit = DEPLOY.joinpath("kiosk.service").read_text()
    assert "PYTHONDONTWRITEBYTECODE" not in unit
    assert not re.search(r"ExecStart=\S*python\S*\s+(-\w*B|-X\s*frozen_modules=off)", unit)


def test_the_browser_starts_with_every_quiet_flag_of_the_readme():
    launcher = DEPLOY.joinpath("kiosk-browser").read_text()
    assert README_FLAGS and all(flag in launcher for flag in README_FLAGS)
    assert "--remote-debugging-address=127.0.0.1" in launcher  # the watchdog's only way in, loopback only
    assert "/usr/local/bin/kiosk-browser" in DEPLOY.joinpath("kiosk-browser.desktop").read_text()
