"""The Host header never reaches a response, /healthz says little to strangers, headers."""

from __future__ import annotations

import json
import os
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kiosk import create_app
from kiosk.web.headers import CONTENT_SECURITY_POLICY
from kiosk.web.serving import LISTENER_KEY
from tests.helpers.buildings import BUNDLED

PUBLIC = "https://kiosk.example.org"
STRANGER = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.fixture
def web() -> FlaskClient:
    return create_app(BUNDLED, {"TESTING": True, "PUBLIC_URL": PUBLIC}).test_client()


def redirecting_paths(app: Flask) -> list[str]:
    """Every URL that answers with a redirect: `/`, and each route ending in `/` asked for without it."""
    paths = ["/", "/?kiosk=lobby", "/?kiosk=lobby&text=large"]
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/staff"):
            continue  # `/staff` is deliberately no redirect: outsiders get a plain 404 (tests/staff/test_views.py)
        if rule.rule != "/" and rule.rule.endswith("/") and set(rule.arguments) <= {"lang"}:
            for lang in ("zh", "en"):
                path = re.sub(r"<[^>]+>", lang, rule.rule).rstrip("/")
                paths += [path, path + "?kiosk=lobby"]
    return paths


def test_there_are_redirects_to_test(web: FlaskClient) -> None:
    paths = redirecting_paths(web.application)
    assert {"/zh", "/en/facilities", "/zh/posters"} <= set(paths)
    for path in paths:
        assert web.get(path).status_code in (302, 308), path


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "kiosk.example.org.evil.example", "127.0.0.2"])
def test_a_spoofed_host_on_every_redirect_is_refused(web: FlaskClient, host: str) -> None:
    for path in redirecting_paths(web.application):
        response = web.get(path, headers={"Host": host})
        assert response.status_code == 400, path
        assert "Location" not in response.headers
        assert "evil" not in response.get_data(as_text=True)


@pytest.mark.parametrize("host", ["kiosk.example.org", "localhost", "127.0.0.1:8081"])
def test_redirects_are_relative_for_every_trusted_host(web: FlaskClient, host: str) -> None:
    spoof = {"Host": host, "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http", "Forwarded": "host=evil"}
    for path in redirecting_paths(web.application):
        location = web.get(path, headers=spoof).headers["Location"]
        # Relative: the browser keeps the scheme and host it already has (https behind the TLS proxy).
        assert location.startswith("/") and not location.startswith("//"), (path, location)
        assert "evil" not in location and host not in location


def test_the_public_url_host_and_listen_addresses_are_trusted() -> None:
    app = create_app(BUNDLED, {"TESTING": True, "PUBLIC_URL": "https://新泾.example.cn"})
    assert app.config["TRUSTED_HOSTS"][:3] == ["localhost", "127.0.0.1", "xn--efvo6n.example.cn"]
    assert app.test_client().get("/zh/", headers={"Host": "xn--efvo6n.example.cn"}).status_code == 200


# --- /healthz --------------------------------------------------------------------------------


def test_healthz_tells_a_stranger_only_the_status(web: FlaskClient) -> None:
    body = web.get("/healthz", environ_overrides=STRANGER).get_json()
    assert set(body) <= {"status", "version"} and body["status"] == "ok"
    assert "/" not in str(body)  # no filesystem path


@pytest.mark.parametrize(
    "environ",
    [
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"},  # a local proxy forwarding someone
        {"REMOTE_ADDR": "127.0.0.1", LISTENER_KEY: "public"},  # the public listener, even from loopback
    ],
)
def test_healthz_keeps_details_from_anything_forwarded_or_public(web: FlaskClient, environ: dict) -> None:
    assert set(web.get("/healthz", environ_overrides=environ).get_json()) <= {"status", "version"}


def test_healthz_gives_details_on_the_lobby_listener(building_copy) -> None:
    app = create_app(building_copy, {"TESTING": True, "RELOAD_SECONDS": 0})
    text = building_copy.read_text(encoding="utf-8").replace("category: sport", "category: sports")
    building_copy.write_text(text, encoding="utf-8")  # a refused edit, with draft content
    stat = building_copy.stat()
    os.utime(building_copy, (stat.st_atime, stat.st_mtime + 10))
    client = app.test_client()
    stranger = client.get("/healthz", environ_overrides=STRANGER).get_json()
    assert stranger == {"status": "degraded", "version": app.extensions["kiosk.store"].site.version}
    local = client.get("/healthz", environ_overrides={LISTENER_KEY: "lobby"}).get_json()
    assert local["file"] == building_copy.name and local["refused_edits"] == 1
    # Which folder the server reads from is for its log, never for an answer.
    assert str(building_copy.parent) not in json.dumps(local)
    assert any("unknown category `sports`" in line for line in local["refused_edit"])


# --- headers ---------------------------------------------------------------------------------


def test_permissions_policy_denies_every_powerful_feature_and_csp_is_unchanged(web: FlaskClient) -> None:
    for path in ("/zh/", "/healthz", "/qr.svg?page=/zh/", "/static/kiosk.css", "/nope"):
        headers = web.get(path).headers
        policy = headers["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy, path
        assert "=(self)" not in policy and "*" not in policy
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert CONTENT_SECURITY_POLICY.startswith("default-src 'self'")
