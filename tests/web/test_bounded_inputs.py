"""Bounded inputs and the two listeners, on a real waitress.

One `kiosk serve` in a subprocess (loopback only) behind a pretend TLS proxy at 127.0.0.1,
plus in-process checks of the search text and the floor background drawings.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from kiosk import create_app
from kiosk.cli import main
from kiosk.ways.backgrounds import MAX_BYTES
from kiosk.web.urls import MAX_QUERY
from tests.helpers.buildings import BUNDLED
from tests.helpers.servers import Server, get, running_server

PUBLIC = "https://kiosk.example.org"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with running_server(BUNDLED, "--public-url", PUBLIC, "--trusted-proxy", "127.0.0.1") as running:
        yield running


def raw(port: int, request: bytes, timeout: float = 5.0) -> bytes:
    """Send raw bytes and read until the server closes or answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


# --- waitress's own limits -----------------------------------------------------------------


def test_a_big_body_is_refused_by_waitress_before_the_app(server: Server) -> None:
    body = b"x" * (100 * 1024)
    head = f"POST /zh/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    assert status_of(raw(server.port, head + body)) == 413
    # Announced but never sent: refused at once, without waiting for (or buffering) 10 MB.
    start = time.monotonic()
    answer = raw(server.port, b"POST /zh/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n\r\n")
    assert status_of(answer) == 413 and time.monotonic() - start < 2
    # The lobby listener has the same cap.
    assert status_of(raw(server.lobby_port, head + body)) == 413


def test_huge_headers_are_refused(server: Server) -> None:
    answer = raw(server.port, b"GET /zh/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n")
    assert status_of(answer) in (400, 431)


def test_the_server_says_kiosk_and_sends_permissions_policy(server: Server) -> None:
    answer = raw(server.port, b"GET /zh/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert b"\r\nServer: kiosk\r\n" in answer and b"\r\nPermissions-Policy: " in answer


# --- behind the TLS proxy: redirects keep https, the Host never comes back ----------------------


@pytest.mark.parametrize("path", ["/zh", "/", "/en/facilities", "/zh/posters?kiosk=lobby"])
def test_redirects_behind_the_proxy_are_relative(server: Server, path: str) -> None:
    proxied = {"Host": "kiosk.example.org", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    answer = raw(
        server.port,
        f"GET {path} HTTP/1.1\r\n".encode()
        + "".join(f"{k}: {v}\r\n" for k, v in {**proxied, "X-Forwarded-Host": "evil.example"}.items()).encode()
        + b"Connection: close\r\n\r\n",
    )
    assert status_of(answer) in (302, 308)
    location = re.search(rb"\r\nLocation: ([^\r]*)", answer).group(1).decode()
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location


def test_a_spoofed_host_gets_400_on_both_listeners(server: Server) -> None:
    for port in (server.port, server.lobby_port):
        status, body = get(port, "/zh", headers={"Host": "evil.example"})
        assert status == 400 and b"evil" not in body


# --- /healthz on the two listeners ---------------------------------------------------------


def test_healthz_details_only_on_the_lobby_listener(server: Server) -> None:
    status, body = get(server.port, "/healthz")  # from loopback, but on the public listener
    assert status == 200 and set(json.loads(body)) == {"status", "version"}  # nothing more to strangers
    assert json.loads(body)["status"] == "ok"
    status, body = get(server.lobby_port, "/healthz")
    details = json.loads(body)
    assert details["file"].endswith("floors.yaml") and details["counts"]["spaces"] == 16


def test_the_lobby_listener_serves_the_kiosk(server: Server) -> None:
    status, body = get(server.lobby_port, "/zh/?kiosk=lobby")
    assert status == 200 and "新泾镇公共服务综合楼" in body.decode()


# --- the search text is cut everywhere (item 7) ----------------------------------------------


@pytest.mark.parametrize("page", ["/zh/search", "/en/search?kiosk=lobby", "/en/spaces/library", "/zh/floors/3f"])
def test_a_180_kb_query_makes_no_bigger_page(client: FlaskClient, page: str) -> None:
    joiner = "&" if "?" in page else "?"
    huge = "图" * 60_000  # 180 KB in UTF-8
    cut = client.get(f"{page}{joiner}q={huge[:MAX_QUERY]}").get_data(as_text=True)
    response = client.get(f"{page}{joiner}q={huge}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html == cut  # the same page as for the query cut to 60 characters, so a few KB at most
    assert len(html.encode()) < 40_000
    for link in re.findall(r'href="([^"]*q=[^"]*)"', html):
        query = re.search(r"q=([^&]*)", link).group(1)
        assert len(query) <= MAX_QUERY * 9  # each 图 is %E5%9B%BE in a link


# --- floor background drawings (item 7) ------------------------------------------------------


def with_background(edited, name: str) -> Path:
    return edited("    plan:\n      size: [80, 50]\n", f"    plan:\n      size: [80, 50]\n      background: {name}\n")


def test_a_background_over_the_cap_is_an_error_and_never_sent(edited) -> None:
    path = with_background(edited, "plans/1f.png")
    (path.parent / "plans").mkdir()
    drawing = path.parent / "plans" / "1f.png"
    drawing.write_bytes(b"\x89PNG\r\n\x1a\n")
    client = create_app(path, {"TESTING": True}).test_client()
    assert client.get("/plans/1f/background").status_code == 200
    with drawing.open("r+b") as grown:  # replaced by a huge scan while the kiosk runs
        grown.truncate(MAX_BYTES + 1)
    assert client.get("/plans/1f/background").status_code == 404
    result = CliRunner().invoke(main, ["check", str(path)])
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.strip().startswith("background:"))
    assert result.exit_code == 1
    assert f"floors.yaml:{line}:19: floor 1F: the background `plans/1f.png` is 5.2 MB, more than the 5 MB" in (
        result.stderr
    )


def test_a_missing_background_is_a_warning(edited) -> None:
    path = with_background(edited, "plans/1f.png")
    result = CliRunner().invoke(main, ["check", str(path)])
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.strip().startswith("background:"))
    assert result.exit_code == 0
    assert f"floors.yaml:{line}:19: warning: floor 1F: the background `plans/1f.png` is not there" in result.stderr


def test_without_a_host_header_no_address_is_made_up(server: Server) -> None:
    # HTTP/1.0 without Host: waitress's own server name is not a trusted host, so no redirect at all.
    answer = raw(server.port, b"GET /zh HTTP/1.0\r\n\r\n")
    assert status_of(answer) in (308, 400) and b"Location: http" not in answer
