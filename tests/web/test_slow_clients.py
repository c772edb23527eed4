"""Slow clients on the public listener never blank the lobby screen.

A real `kiosk serve` in a subprocess; 306 sockets (50 more than the listener's limit) trickle header
bytes at its public port for 15 s, as a slowloris attack would, and the public listener stops
answering. Meanwhile the lobby screen's pages, on the lobby listener, answer in under 100 ms
throughout: 95 % of them, and the median of every second of the attack. A single page may be slower
only because the machine is shared (the test box shows 100-400 ms outliers with no attack at all),
never because it waited for the public listener: that wait would last as long as the attack, and
every page must answer within a second. Loopback only, bounded in time. Deselect with `-m "not
slow"` when iterating; it runs in the normal suite.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest

from kiosk.web import serving
from tests.helpers.servers import get, running_server

pytestmark = pytest.mark.slow

# More than the public listener holds, so the attack fills it (and the kernel's queue beyond).
SLOW_SOCKETS = serving.PUBLIC_LIMITS["connection_limit"] + 50
ATTACK_SECONDS = 15
LOBBY_PAGES = ("/zh/?kiosk=lobby", "/healthz", "/zh/spaces/library?kiosk=lobby", "/en/floors/3f?kiosk=lobby")
BUDGET = 0.100  # seconds per lobby page, the whole of connect, request and response
CEILING = 1.0  # no lobby page, ever, even on a busy shared machine


@contextmanager
def trickling(port: int, count: int) -> Iterator[list[socket.socket]]:
    """`count` sockets that each send an unfinished request header, one more byte every half second."""
    sockets: list[socket.socket] = []
    stop = threading.Event()
    for _ in range(count):
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))  # beyond the backlog the kernel simply holds the SYN
        sockets.append(sock)
    time.sleep(0.5)
    for sock in sockets:
        with suppress(OSError):
            sock.send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")

    def trickle() -> None:
        while not stop.wait(0.5):
            for sock in sockets:
                with suppress(OSError):
                    sock.send(b"a")

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        yield sockets
    finally:
        stop.set()
        thread.join()
        for sock in sockets:
            sock.close()


def timed_get(port: int, path: str) -> float:
    start = time.perf_counter()
    status, body = get(port, path, timeout=2)
    elapsed = time.perf_counter() - start
    assert status == 200 and body, path
    return elapsed


def test_slow_sockets_on_the_public_port_leave_the_lobby_fast() -> None:
    with running_server() as server:
        for path in LOBBY_PAGES:  # warm up: templates compiled, route graph built
            timed_get(server.lobby_port, path)
        timings: list[tuple[float, float]] = []  # (when, how long)
        with trickling(server.port, SLOW_SOCKETS):
            time.sleep(1.0)  # let waitress take its fill of them
            # The attack works: the public listener no longer answers...
            with pytest.raises(OSError):
                get(server.port, "/healthz", timeout=1.5)
            # ...while the lobby screen answers every page, throughout.
            start = time.monotonic()
            while time.monotonic() < start + ATTACK_SECONDS:
                for path in LOBBY_PAGES:
                    timings.append((time.monotonic() - start, timed_get(server.lobby_port, path)))
                time.sleep(0.1)
        durations = sorted(duration for _, duration in timings)
        p95 = durations[int(len(durations) * 0.95)]
        print(
            f"lobby under {SLOW_SOCKETS} slow sockets: {len(durations)} requests, "
            f"median {durations[len(durations) // 2] * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
            f"max {durations[-1] * 1000:.1f} ms"
        )
        assert p95 < BUDGET, f"95 % of lobby pages within {p95 * 1000:.0f} ms"
        assert durations[-1] < CEILING, f"a lobby page took {durations[-1] * 1000:.0f} ms"
        for second in range(ATTACK_SECONDS):
            window = sorted(d for when, d in timings if second <= when < second + 1)
            assert window and window[len(window) // 2] < BUDGET, f"second {second} of the attack: {window}"
        # Once the attackers leave, the public listener serves again.
        deadline = time.monotonic() + 10
        while True:
            try:
                assert get(server.port, "/healthz", timeout=2)[0] == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "public listener did not recover"
                time.sleep(0.2)
