"""`kiosk serve` in a subprocess on free loopback ports, for tests that need a real waitress."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.buildings import BUNDLED, ROOT


def free_port() -> int:
    """A TCP port nobody listens on, for a server started by a test."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    """A running `kiosk serve`: its public and lobby ports."""

    port: int
    lobby_port: int
    pid: int = 0  # the server's process (its /proc/<pid>/root shows the files as it sees them)


def get(port: int, path: str, timeout: float = 5.0, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One GET on a fresh connection to 127.0.0.1:`port`; returns the status and the body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_until_up(process: subprocess.Popen, ports: tuple[int, ...]) -> None:
    """Wait until every port of `process` answers /healthz; raise if it exits or takes over 30 s."""
    deadline = time.monotonic() + 30
    for port in ports:
        while True:
            try:
                if get(port, "/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
            if time.monotonic() > deadline:
                raise RuntimeError("server did not answer /healthz within 30 s")
            time.sleep(0.1)


@contextmanager
def running_server(
    config: Path = BUNDLED, *args: str, env: dict[str, str] | None = None, wrap: tuple[str, ...] = ()
) -> Iterator[Server]:
    """`python -m kiosk serve` with its lobby listener, both on free ports; stopped on exit.

    `env` is added to this process's environment; `wrap` comes before the command (e.g. a sandbox).
    """
    server = Server(free_port(), free_port())
    command = [*wrap, sys.executable, "-m", "kiosk", "serve", "--port", str(server.port)]
    command += ["--lobby-port", str(server.lobby_port), "--config", str(config), *args]
    # No speech clips rendered in the background: they would take CPU the test is measuring.
    quiet = {"KIOSK_SPEECH_THREAD": "false", "KIOSK_SPEECH_DIR": tempfile.mkdtemp(prefix="kiosk-speech-")}
    environ = {**os.environ, **quiet, **(env or {})}
    process = subprocess.Popen(command, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(process, (server.port, server.lobby_port))
        yield Server(server.port, server.lobby_port, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def static_server(site: Path) -> Iterator[str]:
    """OUT behind Python's plain static file server: no app, no routing."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
