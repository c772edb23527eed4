"""The two waitress servers `kiosk serve` starts: separate, the lobby's on loopback, limits set on purpose."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.web import serving


class FakeServer:
    def __init__(self, calls: list[dict[str, Any]], **kwargs: Any):
        calls.append(kwargs)
        self.ran = False

    def run(self) -> None:
        self.ran = True

    def close(self) -> None:
        pass


def test_the_lobby_listener_is_its_own_server_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(serving, "create_server", lambda app, **kw: FakeServer(calls, **kw))
    serving.serve(lambda environ, start: [b""], serving.Listeners("0.0.0.0", 8080, 8, 8081, "127.0.0.1"))
    public, lobby = calls
    assert (public["host"], public["port"], public["threads"]) == ("0.0.0.0", 8080, 8)
    assert (lobby["host"], lobby["port"], lobby["threads"]) == ("127.0.0.1", 8081, serving.LOBBY_THREADS)
    assert public["map"] is not lobby["map"]  # separate socket maps: separate connection counts
    for limits in (public, lobby):
        assert limits["max_request_body_size"] == 64 * 1024
        assert limits["max_request_header_size"] == 32 * 1024
        assert limits["connection_limit"] <= 256 and limits["expose_tracebacks"] is False
    assert public["trusted_proxy"] == "127.0.0.1"
    assert public["trusted_proxy_headers"] == {"x-forwarded-proto", "x-forwarded-for"}  # never the Host
    assert "trusted_proxy" not in lobby
    assert lobby["connection_limit"] < public["connection_limit"]  # one Chromium, not a crowd of phones


def test_each_request_says_which_listener_it_came_in_on() -> None:
    seen = {}

    def app(environ: dict, start_response: Any) -> list[bytes]:
        seen.update(environ)
        return [b""]

    serving.on_listener(app, serving.LOBBY)({"REMOTE_ADDR": "127.0.0.1"}, None)
    assert serving.is_local_request(seen)
    serving.on_listener(app, serving.PUBLIC)({"REMOTE_ADDR": "127.0.0.1"}, None)
    assert not serving.is_local_request(seen)


def test_the_server_asks_glibc_for_two_malloc_arenas(monkeypatch):
    import ctypes

    asked = []

    class Libc:
        def mallopt(self, parameter, value):
            asked.append((parameter, value))
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    assert serving.limit_malloc_arenas() is True
    assert asked == [(-8, 2)]  # M_ARENA_MAX: a thread no longer grows an arena of its own

    def missing(name):
        raise OSError(name)

    monkeypatch.setattr(ctypes, "CDLL", missing)
    assert serving.limit_malloc_arenas() is False  # not glibc (musl, macOS): nothing to do, no error
