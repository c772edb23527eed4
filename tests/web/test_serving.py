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
    # Proxy headers are ours to handle (`serving.proxied`): waitress's own wrapper would hide them.
    for limits in (public, lobby):
        assert "trusted_proxy" not in limits and limits["clear_untrusted_proxy_headers"] is False
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


def _seen_by_app(trusted_proxy: str | None, environ: dict[str, Any]) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def app(environ: dict, start_response: Any) -> list[bytes]:
        seen.update(environ)
        return [b""]

    serving.proxied(app, serving.PUBLIC, trusted_proxy)({"wsgi.url_scheme": "http", **environ}, None)
    return seen


def test_the_trusted_proxy_names_the_client_and_the_scheme_but_never_the_host() -> None:
    headers = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "e.x"}
    seen = _seen_by_app("127.0.0.1", {"REMOTE_ADDR": "127.0.0.1", **headers})
    assert (seen["REMOTE_ADDR"], seen["wsgi.url_scheme"]) == ("203.0.113.7", "https")
    assert "HTTP_X_FORWARDED_HOST" not in seen
    assert seen[serving.UNVOUCHED_KEY] == ("HTTP_X_FORWARDED_HOST",)  # sent, and not believed
    assert serving.speaks_for_someone(seen)


@pytest.mark.parametrize("trusted", [None, "127.0.0.1"])
@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP"])
def test_a_proxy_header_nobody_vouched_for_is_noted_before_waitress_removes_it(trusted: Any, header: str) -> None:
    peer = "127.0.0.1" if trusted is None else "192.168.1.20"  # the untrusted peer: not the trusted proxy
    seen = _seen_by_app(
        trusted, {"REMOTE_ADDR": peer, header: "for=8.8.8.8" if header == "HTTP_FORWARDED" else "8.8.8.8"}
    )
    assert seen["REMOTE_ADDR"] == peer
    assert seen[serving.UNVOUCHED_KEY] == (header,)
    assert serving.speaks_for_someone(seen) and not serving.is_local_request(seen)
    plain = _seen_by_app(trusted, {"REMOTE_ADDR": peer})
    assert plain[serving.UNVOUCHED_KEY] == () and not serving.speaks_for_someone(plain)


def test_a_loopback_peer_on_a_waitress_kiosk_did_not_start_may_be_a_proxy() -> None:
    outside = {"REMOTE_ADDR": "127.0.0.1", serving.WAITRESS_KEY: lambda: False}  # waitress-serve --call
    assert serving.speaks_for_someone(outside) and not serving.is_local_request(outside)
    assert not serving.speaks_for_someone({"REMOTE_ADDR": "127.0.0.1"})  # flask run, the test client
    assert not serving.speaks_for_someone({**outside, "REMOTE_ADDR": "192.168.1.20"})


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
