"""deploy/: the files an installer copies, checked with the tools that will read them."""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.buildings import ROOT
from tests.helpers.servers import free_port

DEPLOY = ROOT / "deploy"
README_FLAGS = re.findall(
    r"--[a-z-]+", ROOT.joinpath("README.md").read_text().split("chromium --kiosk", 1)[1].split("```")[0]
)


def site_config(tmp_path: Path, upstream: int, listen: int, tls: int | None = None) -> Path:
    """The shipped nginx site inside a minimal nginx.conf: test ports (`listen` for http, `tls` for https),
    a temporary cache and a self-signed certificate."""
    site = DEPLOY.joinpath("nginx-kiosk.conf").read_text()
    site = site.replace("/var/cache/nginx/kiosk", str(tmp_path / "cache")).replace(
        "127.0.0.1:8080", f"127.0.0.1:{upstream}"
    )
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};").replace("listen [::]:80;", "")
    site = re.sub(r"listen 443 ssl([^;]*);", f"listen 127.0.0.1:{tls or free_port()} ssl\\1;", site)
    site = re.sub(r"listen \[::\]:443 [^;]*;", "", site)
    certificate, key = self_signed(tmp_path)
    site = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {certificate};", site)
    site = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", site)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "logs").mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n include {tmp_path}/site.conf;\n}}\n"
    )
    return conf


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A throwaway certificate for kiosk.example.org (openssl), standing in for certbot's."""
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    if not certificate.exists():
        command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj"]
        command += ["/CN=kiosk.example.org", "-keyout", str(key), "-out", str(certificate)]
        subprocess.run(command, check=True, capture_output=True)
    return certificate, key


needs_nginx = pytest.mark.skipif(
    shutil.which("nginx") is None or shutil.which("openssl") is None,
    reason="nginx or openssl is not installed (apt-get install nginx openssl)",
)
UNVERIFIED = ssl._create_unverified_context()  # the test's self-signed certificate


@needs_nginx
def test_the_nginx_site_passes_nginx_t(tmp_path: Path):
    conf = site_config(tmp_path, 8080, free_port())
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def get(url: str, encoding: str = "gzip", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding, **(headers or {})})
    with urllib.request.urlopen(request, timeout=5, context=UNVERIFIED) as response:
        return response.status, dict(response.headers), response.read()


@needs_nginx
def test_nginx_micro_caches_pages_and_serves_them_stale_while_waitress_is_down(tmp_path: Path):
    app_port, nginx_port, tls_port = free_port(), free_port(), free_port()
    command = [sys.executable, "-m", "kiosk", "serve", "--port", str(app_port), "--lobby-port", "0"]
    command += ["--config", str(ROOT / "floors.yaml")]
    quiet = {**os.environ, "KIOSK_SPEECH_THREAD": "false"}  # no speech clips rendered beside the repo's floors.yaml
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=quiet)
    conf = site_config(tmp_path, app_port, nginx_port, tls_port)
    nginx = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"])
    try:
        base = f"https://127.0.0.1:{tls_port}"
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
    """Cold start: without .pyc files every start compiles the app again (about 0.1 s of CPU)."""
    unit = DEPLOY.joinpath("kiosk.service").read_text()
    assert "PYTHONDONTWRITEBYTECODE" not in unit
    assert not re.search(r"ExecStart=\S*python\S*\s+(-\w*B|-X\s*frozen_modules=off)", unit)


def test_the_browser_starts_with_every_quiet_flag_of_the_readme():
    launcher = DEPLOY.joinpath("kiosk-browser").read_text()
    assert README_FLAGS and all(flag in launcher for flag in README_FLAGS)
    assert "--remote-debugging-address=127.0.0.1" in launcher  # the watchdog's only way in, loopback only
    assert "/usr/local/bin/kiosk-browser" in DEPLOY.joinpath("kiosk-browser.desktop").read_text()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@needs_nginx
def test_nginx_serves_tls_with_hsts_redirects_port_80_and_never_caches_the_console(tmp_path: Path):
    """As the README says: https on 443 with HSTS, http on 80 only redirects, nothing under /staff/ is kept."""
    from kiosk.staff import accounts

    building = tmp_path / "building"
    building.mkdir()
    shutil.copy(ROOT / "floors.yaml", building / "floors.yaml")
    accounts.add_account(building / "staff.json", "wang", "correct horse battery", "editor")
    app_port, plain_port, tls_port = free_port(), free_port(), free_port()
    command = [sys.executable, "-m", "kiosk", "serve", "--port", str(app_port), "--lobby-port", "0"]
    command += ["--trusted-proxy", "127.0.0.1", "--config", str(building / "floors.yaml")]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conf = site_config(tmp_path, app_port, plain_port, tls_port)
    nginx = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"])
    try:
        base = f"https://127.0.0.1:{tls_port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                get(base + "/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx or kiosk did not start"
                time.sleep(0.1)
        status, headers, _ = get(base + "/zh/spaces/library")
        assert status == 200 and headers["Strict-Transport-Security"] == "max-age=31536000"
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"http://127.0.0.1:{plain_port}/zh/spaces/library?kiosk=x", timeout=5)
        assert redirect.value.code == 301
        assert redirect.value.headers["Location"] == "https://127.0.0.1/zh/spaces/library?kiosk=x"
        assert "Strict-Transport-Security" not in redirect.value.headers  # HSTS over http means nothing
        assert get(base + "/staff/login")[0] == 200  # the console on, reached through the proxy on this host
        for path in ("/staff/login", "/staff/login", "/staff", "/staff/notices", "/staff/notices"):
            try:
                _, headers, _ = get(base + path)
            except urllib.error.HTTPError as error:  # the console's redirect to sign-in
                headers = dict(error.headers)
            assert headers.get("X-Cache", "") == "", path  # passed through, never looked up nor stored
            assert headers["Strict-Transport-Security"] == "max-age=31536000"
        kept = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
        assert b"/staff" not in kept and b"kiosk_staff" not in kept
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        server.kill()
        server.wait(timeout=10)
